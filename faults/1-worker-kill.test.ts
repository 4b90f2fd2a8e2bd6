// Fault 1: worker processes killed with SIGKILL in the middle of an ingest, five times, each replaced
// at once. A killed worker's jobs come back after JOB_LOCK_MS (BullMQ's stalled-job check); work it
// committed but had not queued onward is found by the sweep. Nothing may be lost or stored twice, and a
// webhook may repeat only a delivery a killed process held (at most its delivery concurrency, 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { JobEvents } from './support/job-events.ts';
import { Scenario } from './support/scenario.ts';

const KILLS_AT = [0.15, 0.3, 0.45, 0.6, 0.75];
/** deliveries one worker process sends at once (the deliver-alert concurrency in services/workers.ts) */
const DELIVERY_CONCURRENCY = 4;

let s: Scenario;
let events: JobEvents;

beforeAll(async () => {
  s = await Scenario.create({ name: 'worker-kill', articles: 1600 });
  events = await JobEvents.watch(s.config.REDIS_URL, s.config.QUEUE_PREFIX);
});

afterAll(async () => {
  await events?.close();
  await s?.close();
});

describe('fault 1: worker processes killed with SIGKILL mid-run', () => {
  it('stores every article once and delivers every alert, repeating only what a killed worker held', async () => {
    await s.start({ worker: 3, scheduler: 1 });
    const total = s.expectedUrls.size;
    const kills: { matched: number; pid: number }[] = [];
    for (const fraction of KILLS_AT) {
      const at = await s.waitForProgress(`${fraction * 100}% of the articles are matched`, (p) => p.matched >= total * fraction);
      // the oldest worker: it has been running longest and holds jobs of every stage
      const victim = s.processes.running('worker')[0]!;
      const exit = await s.processes.signal(victim, 'SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      kills.push({ matched: at.matched, pid: victim.pid });
      s.processes.start('worker');
    }
    await s.waitForProcesses();

    await s.waitQuiet(180_000);
    const result = await checkInvariants(s, { maxDuplicateDeliveries: kills.length * DELIVERY_CONCURRENCY });
    // work redone because of the kills: article pages fetched more than once
    const refetched = [...s.site.hits].filter(([p, n]) => !p.startsWith('/feeds/') && n > 1).length;
    report({ ...result, kills: kills.length, killedAtMatched: kills.map((k) => k.matched), stalledJobsTakenBack: Object.fromEntries(events.stalled), pagesFetchedTwice: refetched });
    expect(kills).toHaveLength(KILLS_AT.length);
  });
});
