import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAlertSchema } from '../alerts/alert-input.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../alerts/channels/webhook-body.ts';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../alerts/testing/receivers.ts';
import { createLogger } from '../core/log.ts';
import { deliveryJobId, obliterateQueues, QUEUE } from '../core/queues.ts';
import { createAlert, getAlert, getDelivery } from '../core/store/alerts.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { startWorkers } from '../workers.ts';

// `frontier alerts …` as a user runs it: a separate process per command on a test database, with a
// local webhook receiver and SMTP server standing in for the outside world. Exit codes are checked
// where they carry the result (test, retry, refusals): a command that never touches Redis can at
// present exit 1 after printing its output, when runtime.close() catches the producer connection
// still in its handshake.
const ROOT = path.resolve(import.meta.dirname, '../..');
let env: TestEnv;
let runtime: Runtime;
let hooks: WebhookReceiver;
let smtp: SmtpReceiver;
let childEnv: NodeJS.ProcessEnv;

const frontier = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/frontier.mjs'), ...args], { env: childEnv, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The second line of an alert in `alerts list` (settings, channels, state, counts). */
function listed(stdout: string, id: number): string {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${String(id).padStart(4)}  `));
  if (at < 0) throw new Error(`alert ${id} is not in the list:\n${stdout}`);
  return lines[at + 1]!;
}

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  env = await createTestEnv({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://dashboard.test' });
  runtime = await createRuntime(env.config, createLogger('silent'));
  childEnv = {
    ...process.env,
    DATABASE_URL: env.config.DATABASE_URL,
    QUEUE_PREFIX: env.config.QUEUE_PREFIX,
    REDIS_URL: env.config.REDIS_URL,
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://dashboard.test',
    SEED_DEFAULT_FEEDS: 'false',
    LOG_LEVEL: 'silent',
  };
});

afterAll(async () => {
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await hooks?.close();
  await smtp?.close();
  await env?.cleanup();
});

describe('frontier alerts', () => {
  /** the alerts added by the first test, by name */
  const ids = { bannu: 0, kurram: 0, morning: 0, down: 0, chitral: 0 };
  let secret = '';

  it('add prints the id, the webhook secret and the Atom feed URL', async () => {
    const r = await frontier(['alerts', 'add', '--name', 'Bannu attacks', '--query', 'place:Bannu category:attack', '--webhook', `${hooks.url}/bannu`, '--email', 'a@example.org']);
    const m = /^added alert (\d+): Bannu attacks — once per incident, instant; webhook \+ email; on\n {2}webhook secret \(verifies X-Frontier-Signature\): (\S+)\n {2}Atom feed: (\S+)\n$/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    ids.bannu = Number(m![1]);
    secret = m![2]!;
    const stored = await getAlert(env.sql, ids.bannu);
    expect(stored).toMatchObject({ name: 'Bannu attacks', query: 'place:Bannu category:attack', webhookUrl: `${hooks.url}/bannu`, emailTo: ['a@example.org'], webhookSecret: secret });
    expect(m![3]).toBe(`http://dashboard.test/alerts/${ids.bannu}/feed.xml?token=${stored!.feedToken}`);
    // the other alerts the commands below work on (one each, so those tests can run at once)
    const add = async (input: Record<string, unknown>) => (await createAlert(env.sql, newAlertSchema.parse(input))).id;
    ids.kurram = await add({ name: 'Kurram', query: 'place:Kurram', scope: 'article' });
    ids.morning = await add({ name: 'Morning TTP', query: 'TTP', mode: 'daily', digestAt: '07:30', timeZone: 'Asia/Karachi' });
    ids.down = await add({ name: 'Down', query: 'Torkham', webhookUrl: `${hooks.url}/down` });
    ids.chitral = await add({ name: 'Chitral', query: 'place:Chitral' });
  });

  it('list, list --json and show describe it', async () => {
    const { bannu } = ids;
    const [list, json, show] = await Promise.all([frontier(['alerts', 'list']), frontier(['alerts', 'list', '--json']), frontier(['alerts', 'show', String(bannu)])]);
    expect(list.stdout).toContain(`${String(bannu).padStart(4)}  Bannu attacks  [place:Bannu category:attack]\n`);
    expect(listed(list.stdout, bannu)).toBe('      once per incident, instant; webhook + email; on; 0 notified, 0 unread');

    const alerts = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(alerts.map((a) => a.id)).toEqual(Object.values(ids).sort((a, b) => b - a));
    expect(alerts.find((a) => a.id === bannu)).toMatchObject({ name: 'Bannu attacks', query: 'place:Bannu category:attack', scope: 'story', mode: 'instant', webhookUrl: `${hooks.url}/bannu`, emailTo: ['a@example.org'], enabled: true, muted: false, notifications: 0, failedDeliveries: 0 });
    // secrets are for `show`, not for a listing that may be pasted around
    for (const a of alerts) expect(Object.keys(a).filter((k) => k === 'webhookSecret' || k === 'feedToken')).toEqual([]);

    expect(show.stdout).toContain(`alert ${bannu}: Bannu attacks\n  query: place:Bannu category:attack\n  once per incident, instant; webhook + email; on\n`);
    expect(show.stdout).toContain(`  webhook: ${hooks.url}/bannu (json)\n  webhook secret: ${secret}\n`);
    expect(show.stdout).toContain('  email: a@example.org\n');
    expect(show.stdout).toMatch(new RegExp(`  Atom feed: http://dashboard\\.test/alerts/${bannu}/feed\\.xml\\?token=[\\w-]+\\n$`));
  });

  // the rest is independent (an alert each) and runs at once

  it.concurrent('test sends one signed webhook and one mail and says so', async ({ expect }) => {
    const { bannu } = ids;
    const r = await frontier(['alerts', 'test', String(bannu)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^test notification (\d+) is in the inbox and the Atom feed\n {2}webhook: sent \(HTTP 200\) \(delivery (\d+)\)\n {2}email: sent \(delivery (\d+)\)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const posts = hooks.received.filter((h) => h.path === '/bannu');
    expect(posts).toHaveLength(1);
    const p = posts[0]!;
    expect(p.headers[DELIVERY_HEADER]).toBe(m![2]);
    expect(verifyWebhookSignature(secret, String(p.headers[TIMESTAMP_HEADER]), p.body, String(p.headers[SIGNATURE_HEADER]))).toBe(true);
    expect(JSON.parse(p.body)).toMatchObject({ type: 'frontier.alert', alert: { id: bannu, name: 'Bannu attacks' }, notifications: [{ id: Number(m![1]), kind: 'test' }] });
    const mails = smtp.mails.filter((mail) => mail.headers.get('x-frontier-alert') === String(bannu));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.messageId).toBe(`<delivery-${m![3]}@frontier-watch>`);
    expect((mails[0]!.to as { text: string }).text).toBe('a@example.org');
  });

  it.concurrent('reports a failing receiver, lists the failed delivery with its error, and retries it', async ({ expect }) => {
    const { down } = ids;
    let failing = true;
    hooks.respond = ({ path: p }) => (p === '/down' && failing ? 500 : 200);
    const r = await frontier(['alerts', 'test', String(down)]);
    expect(r.code).toBe(1);
    const m = /^test notification \d+ is in the inbox and the Atom feed\n {2}webhook: FAILED: (webhook: http: 500 [^\n]*) \(delivery (\d+)\)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const deliveryId = Number(m![2]);
    expect(m![1]).toContain(`${hooks.url}/down`);

    const failed = await frontier(['alerts', 'deliveries', '--failed']);
    expect(failed.stdout).toMatch(new RegExp(`^ *${deliveryId}  failed   webhook  alert ${down} \\(Down\\), notification \\d+, 1 attempt\\n {8}last error: webhook: http: 500 [^\\n]*\\n$`));

    failing = false;
    const retry = await frontier(['alerts', 'retry', '--failed']);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toBe('queued 1 delivery again (running workers send them)\n');
    expect(await getDelivery(env.sql, deliveryId)).toMatchObject({ status: 'pending', retries: 1, attempts: 1 });
    const job = await runtime.deps.queues[QUEUE.deliverAlert].getJob(deliveryJobId(deliveryId, 1));
    expect(job?.data).toEqual({ deliveryId });

    // a worker takes the queued job and the receiver gets the message
    const workers = startWorkers(runtime.deps, runtime.workerRedis(), [QUEUE.deliverAlert]);
    try {
      await until('the retried delivery is sent', async () => (await getDelivery(env.sql, deliveryId))?.status === 'sent');
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(hooks.received.filter((h) => h.path === '/down').map((h) => h.headers[DELIVERY_HEADER])).toEqual([String(deliveryId)]);
    expect(await getDelivery(env.sql, deliveryId)).toMatchObject({ attempts: 2, lastError: null, responseStatus: 200 });
  });

  it.concurrent('mute, snooze and disable change the state list shows; remove deletes', async ({ expect }) => {
    const { kurram, morning, chitral } = ids;
    const before = Date.now();
    const changed = await Promise.all([
      frontier(['alerts', 'mute', String(kurram)]),
      frontier(['alerts', 'snooze', String(morning), '--for', '2h']),
      frontier(['alerts', 'disable', String(chitral)]),
    ]);
    expect(changed.map((c) => c.stdout.replace(/ until \S+/, ' until …'))).toEqual([
      `alert ${kurram}: every article, instant; inbox only; muted\n`,
      `alert ${morning}: once per incident, daily digest at 07:30 Asia/Karachi; inbox only; snoozed until …\n`,
      `alert ${chitral}: once per incident, instant; inbox only; disabled\n`,
    ]);
    const list = (await frontier(['alerts', 'list'])).stdout;
    expect(listed(list, kurram)).toBe('      every article, instant; inbox only; muted; 0 notified, 0 unread');
    expect(listed(list, chitral)).toBe('      once per incident, instant; inbox only; disabled; 0 notified, 0 unread');
    const snoozed = /; inbox only; snoozed until (\S+); 0 notified/.exec(listed(list, morning));
    expect(snoozed, list).not.toBeNull();
    const until = new Date(snoozed![1]!).getTime();
    expect(until).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000);

    expect((await frontier(['alerts', 'remove', String(chitral)])).stdout).toBe(`removed alert ${chitral}\n`);
    const after = (await frontier(['alerts', 'list'])).stdout;
    expect(() => listed(after, chitral)).toThrow(/not in the list/);
    expect(listed(after, kurram)).toMatch(/; muted; /);
    expect(await getAlert(env.sql, chitral)).toBeUndefined();
  });

  it.concurrent('refuses bad input with exit code 2 and a message naming the problem', async ({ expect }) => {
    const [query, tz, missing] = await Promise.all([
      frontier(['alerts', 'add', '--name', 'Broken', '--query', 'TTP AND (']),
      frontier(['alerts', 'add', '--name', 'Daily', '--query', 'TTP', '--mode', 'daily', '--tz', 'Mars/Base']),
      frontier(['alerts', 'show', '999']),
    ]);
    expect(query.code).toBe(2);
    expect(query.stdout).toBe('');
    // the parser's message with the 0-based position of the offending token
    expect(query.stderr).toMatch(/^alerts add: query: .*"\(" needs a term after it, at 8\n$/);
    expect(tz.code).toBe(2);
    expect(tz.stdout).toBe('');
    expect(tz.stderr).toBe('alerts add: timeZone: unknown time zone (use an IANA name such as Asia/Karachi)\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('alerts: no alert 999\n');
    expect(await env.sql`select 1 from alerts where name in ('Broken', 'Daily')`).toHaveLength(0);
  });
});
