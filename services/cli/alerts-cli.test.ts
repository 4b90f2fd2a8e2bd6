import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../alerts/channels/webhook-body.ts';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../alerts/testing/receivers.ts';
import { createLogger } from '../core/log.ts';
import { deliveryJobId, obliterateQueues, QUEUE } from '../core/queues.ts';
import { getAlert, getDelivery } from '../core/store/alerts.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { startWorkers } from '../workers.ts';

// `frontier alerts …` as a user runs it: a separate process per command on a test database, with a
// local webhook receiver and SMTP server standing in for the outside world.
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
  expect(at, stdout).toBeGreaterThanOrEqual(0);
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
  let id: number;
  let secret: string;

  it('add prints the id, the webhook secret and the Atom feed URL', async () => {
    const r = await frontier(['alerts', 'add', '--name', 'Bannu attacks', '--query', 'place:Bannu category:attack', '--webhook', `${hooks.url}/bannu`, '--email', 'a@example.org']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^added alert (\d+): Bannu attacks — once per incident, instant; webhook \+ email; on\n {2}webhook secret \(verifies X-Frontier-Signature\): (\S+)\n {2}Atom feed: (\S+)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    id = Number(m![1]);
    secret = m![2]!;
    const stored = await getAlert(env.sql, id);
    expect(stored).toMatchObject({ name: 'Bannu attacks', query: 'place:Bannu category:attack', webhookUrl: `${hooks.url}/bannu`, emailTo: ['a@example.org'], webhookSecret: secret });
    expect(m![3]).toBe(`http://dashboard.test/alerts/${id}/feed.xml?token=${stored!.feedToken}`);
  });

  it('list, list --json and show describe it', async () => {
    const [list, json, show] = await Promise.all([frontier(['alerts', 'list']), frontier(['alerts', 'list', '--json']), frontier(['alerts', 'show', String(id)])]);
    expect(list.stdout).toContain(`${String(id).padStart(4)}  Bannu attacks  [place:Bannu category:attack]`);
    expect(listed(list.stdout, id)).toBe('      once per incident, instant; webhook + email; on; 0 notified, 0 unread');

    const alerts = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ id, name: 'Bannu attacks', query: 'place:Bannu category:attack', scope: 'story', mode: 'instant', webhookUrl: `${hooks.url}/bannu`, emailTo: ['a@example.org'], enabled: true, muted: false, notifications: 0, failedDeliveries: 0 });
    // secrets are for `show`, not for a listing that may be pasted around
    expect(alerts[0]).not.toHaveProperty('webhookSecret');
    expect(alerts[0]).not.toHaveProperty('feedToken');

    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`alert ${id}: Bannu attacks\n  query: place:Bannu category:attack\n  once per incident, instant; webhook + email; on\n`);
    expect(show.stdout).toContain(`  webhook: ${hooks.url}/bannu (json)\n  webhook secret: ${secret}\n`);
    expect(show.stdout).toContain('  email: a@example.org\n');
    expect(show.stdout).toMatch(new RegExp(`  Atom feed: http://dashboard\\.test/alerts/${id}/feed\\.xml\\?token=[\\w-]+\\n$`));
  });

  it('test sends one signed webhook and one mail and says so', async () => {
    const r = await frontier(['alerts', 'test', String(id)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^test notification (\d+) is in the inbox and the Atom feed\n {2}webhook: sent \(HTTP 200\) \(delivery (\d+)\)\n {2}email: sent \(delivery (\d+)\)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const posts = hooks.received.filter((h) => h.path === '/bannu');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers[DELIVERY_HEADER]).toBe(m![2]);
    const p = posts[0]!;
    expect(verifyWebhookSignature(secret, String(p.headers[TIMESTAMP_HEADER]), p.body, String(p.headers[SIGNATURE_HEADER]))).toBe(true);
    expect(JSON.parse(p.body)).toMatchObject({ type: 'frontier.alert', alert: { id, name: 'Bannu attacks' }, notifications: [{ id: Number(m![1]), kind: 'test' }] });
    const mails = smtp.mails.filter((mail) => mail.headers.get('x-frontier-alert') === String(id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.messageId).toBe(`<delivery-${m![3]}@frontier-watch>`);
    expect((mails[0]!.to as { text: string }).text).toBe('a@example.org');
  });

  it('reports a failing receiver, lists the failed delivery with its error, and retries it', async () => {
    hooks.respond = ({ path: p }) => (p === '/bannu' ? 500 : 200);
    const r = await frontier(['alerts', 'test', String(id)]);
    expect(r.code).toBe(1);
    const m = /\n {2}webhook: FAILED: (webhook: http: 500 [^\n]*) \(delivery (\d+)\)\n {2}email: sent \(delivery \d+\)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const deliveryId = Number(m![2]);
    expect(m![1]).toContain(`${hooks.url}/bannu`);

    const failed = await frontier(['alerts', 'deliveries', '--failed']);
    expect(failed.code).toBe(0);
    expect(failed.stdout.trim().split('\n')).toHaveLength(2);
    expect(failed.stdout).toMatch(new RegExp(`^ *${deliveryId}  failed   webhook  alert ${id} \\(Bannu attacks\\), notification \\d+, 1 attempt\\n {8}last error: webhook: http: 500 `));

    hooks.respond = () => 200;
    const retry = await frontier(['alerts', 'retry', '--failed']);
    expect(retry.stdout).toBe('queued 1 delivery again (running workers send them)\n');
    expect(await getDelivery(env.sql, deliveryId)).toMatchObject({ status: 'pending', retries: 1, attempts: 1 });
    const job = await runtime.deps.queues[QUEUE.deliverAlert].getJob(deliveryJobId(deliveryId, 1));
    expect(job?.data).toEqual({ deliveryId });
    expect((await frontier(['alerts', 'deliveries', '--failed'])).stdout).toBe('no failed deliveries\n');

    // a worker takes the queued job and the receiver gets the message
    const workers = startWorkers(runtime.deps, runtime.workerRedis(), [QUEUE.deliverAlert]);
    try {
      await until('the retried delivery is sent', async () => (await getDelivery(env.sql, deliveryId))?.status === 'sent');
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(hooks.received.filter((h) => h.path === '/bannu').map((h) => h.headers[DELIVERY_HEADER])).toContain(String(deliveryId));
    expect(await getDelivery(env.sql, deliveryId)).toMatchObject({ attempts: 2, lastError: null, responseStatus: 200 });
  });

  it('mute, snooze and disable change the state list shows', async () => {
    const state = async () => listed((await frontier(['alerts', 'list'])).stdout, id);
    expect((await frontier(['alerts', 'mute', String(id)])).stdout).toMatch(/; muted\n$/);
    expect(await state()).toMatch(/; webhook \+ email; muted; /);
    await frontier(['alerts', 'unmute', String(id)]);
    const before = Date.now();
    const snooze = await frontier(['alerts', 'snooze', String(id), '--for', '2h']);
    expect(snooze.code).toBe(0);
    const until = /; snoozed until (\S+); /.exec(await state());
    expect(until).not.toBeNull();
    const at = new Date(until![1]!).getTime();
    expect(at).toBeGreaterThanOrEqual(before + 2 * 3_600_000 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000);
    await frontier(['alerts', 'disable', String(id)]);
    expect(await state()).toMatch(/; webhook \+ email; disabled; /);
    expect(await getAlert(env.sql, id)).toMatchObject({ enabled: false, muted: false });
  });

  it('remove deletes it', async () => {
    expect((await frontier(['alerts', 'remove', String(id)])).stdout).toBe(`removed alert ${id}\n`);
    expect((await frontier(['alerts', 'list'])).stdout).toMatch(/^no alerts yet/);
    expect(await getAlert(env.sql, id)).toBeUndefined();
  });

  it('refuses bad input with exit code 2 and a message naming the problem', async () => {
    const [query, tz, missing] = await Promise.all([
      frontier(['alerts', 'add', '--name', 'Broken', '--query', 'TTP AND (']),
      frontier(['alerts', 'add', '--name', 'Daily', '--query', 'TTP', '--mode', 'daily', '--tz', 'Mars/Base']),
      frontier(['alerts', 'show', '999']),
    ]);
    expect(query.code).toBe(2);
    expect(query.stdout).toBe('');
    expect(query.stderr).toMatch(/^alerts add: query: .*\b(position|at|column) \d+/);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toMatch(/^alerts add: timeZone: unknown time zone/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('alerts: no alert 999\n');
    expect((await env.sql`select 1 from alerts`).length).toBe(0);
  });
});
