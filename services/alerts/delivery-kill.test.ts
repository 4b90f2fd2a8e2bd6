import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/log.ts';
import { obliterateQueues, QUEUE } from '../core/queues.ts';
import { createAlert, insertDeliveries, insertNotification, type Alert } from '../core/store/alerts.ts';
import { inTransaction } from '../core/db.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { newAlertSchema } from './alert-input.ts';
import { DELIVERY_HEADER } from './channels/webhook-body.ts';
import { enqueueDeliveries } from './match-alerts.ts';
import { blankSnapshot } from './notify.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './testing/receivers.ts';

// Deliveries survive worker processes killed with SIGKILL in the middle of a send: real `--role=worker`
// processes, killed from inside the receiver while it holds one of their requests. Nothing may be lost,
// and only a message whose worker died before recording it may arrive twice (receivers deduplicate on
// x-frontier-delivery).
//
// A process holds up to 4 delivery jobs at once (the deliver-alert concurrency, all to one host), so
// one kill can cause several repeats, not one: every job it held is tried again. The test pins the
// repeats between two sets it observes: requests the receiver held at the kill (their sender died
// before the answer, so they must come again) ⊆ repeated ids ⊆ jobs the killed processes held.
//
// The first kill comes with the 10th request; each next one with the first request after every job
// of the previous kill was sent again. (A job caught by several kills is taken back each time, up to
// maxStalledCount in workers.ts.)

const ROOT = path.resolve(import.meta.dirname, '../..');
const DELIVERIES = 200;
const KILLS = 3;
const FIRST_KILL_AT = 10;
const DELAY_MS = 200;
/** deliveries one worker process sends at once (the deliver-alert concurrency in workers.ts) */
const PROCESS_CONCURRENCY = 4;

interface Kill {
  /** the request count that triggered it */
  at: number;
  processes: number;
  /** delivery ids the receiver had received but not yet answered */
  inFlight: number[];
  /** delivery ids of the jobs the killed processes held (active in BullMQ right after their exit) */
  held: number[];
}

let env: TestEnv;
let runtime: Runtime;
let hooks: WebhookReceiver;
let alert: Alert;
let deliveryIds: number[] = [];
const arrivals: ReceivedWebhook[] = [];
const kills: Kill[] = [];
const children = new Set<ChildProcess>();
const childOutput: string[] = [];
/** set once the previous kill's jobs were all sent again */
let armed = true;
let killing: Promise<void> = Promise.resolve();
let killError: unknown;

const deliveryOf = (h: ReceivedWebhook): number => Number(h.headers[DELIVERY_HEADER]);

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts one `node bin/main.mjs --role=worker` process on the test database and queue prefix. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['bin/main.mjs', '--role=worker'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: env.config.DATABASE_URL,
      REDIS_URL: env.config.REDIS_URL,
      QUEUE_PREFIX: env.config.QUEUE_PREFIX,
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      JOB_LOCK_MS: '1500',
      ALERT_RETRY_DELAY_MS: '100',
      ALERT_DELIVERY_ATTEMPTS: '10',
      SEED_DEFAULT_FEEDS: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  child.stdout!.on('data', (d: Buffer) => childOutput.push(`[${child.pid}] ${d}`));
  child.stderr!.on('data', (d: Buffer) => childOutput.push(`[${child.pid}] ${d}`));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * Kills every running worker (so the request that triggered this is provably in flight in a killed
 * process), records what they held, starts `replacements` fresh workers, and arms the next kill once
 * every held delivery was sent again.
 */
function killWorkers(at: number, replacements: number): void {
  armed = false;
  const answered = new Set(hooks.received);
  const inFlight = arrivals.filter((h) => !answered.has(h)).map(deliveryOf);
  const victims = [...children];
  for (const child of victims) child.kill('SIGKILL');
  killing = (async () => {
    await Promise.all(victims.map(exited));
    // no worker runs now: every active job was held by a killed process
    const active = await runtime.deps.queues[QUEUE.deliverAlert].getActive();
    const held = active.map((j) => j.data.deliveryId);
    kills.push({ at, processes: victims.length, inFlight, held });
    for (let i = 0; i < replacements; i++) startWorker();
    await until(
      `the deliveries held at kill ${kills.length} are sent again`,
      async () => (await env.sql`select 1 from alert_deliveries where id = any(${held}) and status <> 'sent'`).length === 0,
      30_000,
    );
    armed = true;
  })().catch((error: unknown) => {
    killError = error;
  });
}

beforeAll(async () => {
  hooks = await startWebhookReceiver({ delayMs: DELAY_MS });
  env = await createTestEnv({ JOB_LOCK_MS: '1500', ALERT_RETRY_DELAY_MS: '100', ALERT_DELIVERY_ATTEMPTS: '10' });
  runtime = await createRuntime(env.config, createLogger('silent'));
  alert = await createAlert(env.sql, newAlertSchema.parse({ name: 'Kill test', query: 'TTP', scope: 'article', webhookUrl: `${hooks.url}/kill` }));
  deliveryIds = await inTransaction(env.sql, async (tx) => {
    const ids: number[] = [];
    for (let i = 0; i < DELIVERIES; i++) {
      const n = await insertNotification(tx, { alertId: alert.id, kind: 'test', snapshot: blankSnapshot(`Notification ${i}`) as never });
      ids.push(...(await insertDeliveries(tx, alert.id, ['webhook'], { notificationId: n! })));
    }
    return ids;
  });
  hooks.onRequest = (hook) => {
    arrivals.push(hook);
    // kill 1: one worker → two replacements; kill 2: both → one; kill 3: that one → one
    if (armed && kills.length < KILLS && arrivals.length >= FIRST_KILL_AT) killWorkers(arrivals.length, kills.length === 0 ? 2 : 1);
  };
  await enqueueDeliveries(runtime.deps.queues[QUEUE.deliverAlert], deliveryIds.map((id) => ({ id, retries: 0 })));
  startWorker();
}, 30_000);

afterAll(async () => {
  if (hooks) hooks.onRequest = undefined;
  await Promise.race([killing, new Promise((r) => setTimeout(r, 2000))]);
  const left = [...children];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(left.map(exited));
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await hooks?.close();
  await env?.cleanup();
});

describe('deliveries with workers killed mid-send', () => {
  it('sends every delivery, repeating only what a killed worker held', async () => {
    try {
      await until('three kills happened and every delivery is sent', async () => {
        if (killError) throw killError;
        const [row] = await env.sql<{ open: number }[]>`select count(*)::int as open from alert_deliveries where status <> 'sent'`;
        if (row!.open === 0 && armed && kills.length < KILLS) throw new Error(`all sent after only ${kills.length} kills: add deliveries`);
        return row!.open === 0 && kills.length === KILLS;
      }, 45_000);
    } catch (error) {
      console.log(`kills so far: ${JSON.stringify(kills)}; requests ${arrivals.length}\nworker output:\n${childOutput.join('')}`);
      throw error;
    }
    await killing;
    expect(killError).toBeUndefined();

    expect(kills.map((k) => k.processes)).toEqual([1, 2, 1]);
    const received = hooks.received.filter((h) => h.path === '/kill');
    const ids = received.map(deliveryOf);
    const distinct = new Set(ids);
    const duplicates = received.length - distinct.size;
    const repeated = [...distinct].filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id));
    console.log(
      `delivery-kill: ${DELIVERIES} deliveries, ${received.length} requests, ${duplicates} duplicates ` +
        `(${repeated.length} ids) after ${kills.length} kills of ${kills.reduce((s, k) => s + k.processes, 0)} workers; ` +
        kills.map((k, i) => `kill ${i + 1} at request ${k.at}: ${k.inFlight.length} in flight, ${k.held.length} held`).join('; '),
    );

    // nothing lost: every delivery reached the receiver, and the row says so
    expect([...distinct].sort((a, b) => a - b)).toEqual([...deliveryIds].sort((a, b) => a - b));
    const rows = await env.sql<{ id: number; status: string; responseStatus: number | null }[]>`
      select id::int, status, response_status as "responseStatus" from alert_deliveries where alert_id = ${alert.id}`;
    expect(rows).toHaveLength(DELIVERIES);
    for (const r of rows) {
      expect(r.status, `delivery ${r.id}`).toBe('sent');
      expect(r.responseStatus, `delivery ${r.id}`).toBe(200);
      expect(distinct.has(r.id), `delivery ${r.id} marked sent but never received`).toBe(true);
    }

    // a request held by the receiver when its worker died must come again…
    const inFlight = new Set(kills.flatMap((k) => k.inFlight));
    for (const id of inFlight) expect(ids.filter((x) => x === id).length, `delivery ${id} in flight at a kill`).toBeGreaterThanOrEqual(2);
    expect(inFlight.size).toBeGreaterThanOrEqual(kills.length);
    // …and nothing else repeats but the jobs the killed workers held, each at most once per kill
    const held = kills.flatMap((k) => k.held);
    for (const k of kills) expect(k.held.length).toBeLessThanOrEqual(PROCESS_CONCURRENCY * k.processes);
    for (const id of repeated) expect(held, `delivery ${id} repeated without a kill holding it`).toContain(id);
    for (const id of repeated) expect(ids.filter((x) => x === id).length - 1).toBeLessThanOrEqual(held.filter((x) => x === id).length);
    expect(duplicates).toBeLessThanOrEqual(held.length);

    // a repeat is the same message: receivers may keep either copy
    for (const id of repeated) {
      const bodies = new Set(received.filter((h) => deliveryOf(h) === id).map((h) => h.body));
      expect(bodies.size, `delivery ${id}`).toBe(1);
      expect(JSON.parse([...bodies][0]!).deliveryId).toBe(id);
    }
  }, 55_000);
});
