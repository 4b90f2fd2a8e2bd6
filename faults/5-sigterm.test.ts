// Fault 5: SIGTERM during load. First one worker is stopped while the others go on, then every worker
// and the scheduler at once; each must finish its running jobs and exit 0 (not the forced exit after
// 30 s), leave no job behind in `active` (nothing for the stalled-job check to take back) and send no
// webhook twice. Replacements then finish the ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { JobEvents } from './support/job-events.ts';
import { Scenario, STAGE_QUEUES } from './support/scenario.ts';

let s: Scenario;
let events: JobEvents;

beforeAll(async () => {
  // A 10 s job lock instead of 2 s: nothing is killed here, and on a CPU-saturated 2-core machine a
  // live worker can miss a 1 s lock renewal (BullMQ then takes its jobs back as if it had died), which
  // would be counted below as work a stopping process left behind.
  s = await Scenario.create({ name: 'sigterm', articles: 1200, env: { JOB_LOCK_MS: '10000' } });
  events = await JobEvents.watch(s.config.REDIS_URL, s.config.QUEUE_PREFIX);
});

afterAll(async () => {
  await events?.close();
  await s?.close();
});

async function activeJobs(): Promise<number> {
  let n = 0;
  for (const name of STAGE_QUEUES) n += (await s.queues[name].getJobCounts('active')).active ?? 0;
  return n;
}

describe('fault 5: SIGTERM during load', () => {
  it('lets running jobs finish or go back to the queue, and exits cleanly', async () => {
    await s.start({ worker: 3, scheduler: 1 });
    const total = s.expectedUrls.size;
    const stops: { processes: number; at: number; activeBefore: number; activeAfter?: number; seconds: number[] }[] = [];

    // one worker, while the others keep working
    await s.waitForProgress('a quarter of the articles are matched', (p) => p.matched >= total * 0.25);
    const one = s.processes.running('worker')[0]!;
    const activeBefore = await activeJobs();
    const t0 = Date.now();
    const exit = await s.processes.signal(one, 'SIGTERM');
    expect(exit, 'a worker stopped with SIGTERM exits 0').toMatchObject({ code: 0, signal: null });
    stops.push({ processes: 1, at: t0, activeBefore, seconds: [(exit.at - t0) / 1000] });
    s.processes.start('worker');
    await s.waitForProcesses();

    // everything at once: afterwards no job may be left active (held by a process that is gone)
    await s.waitForProgress('55% of the articles are matched', (p) => p.matched >= total * 0.55);
    const all = s.processes.running();
    const before = await activeJobs();
    const t1 = Date.now();
    const exits = await Promise.all(all.map((p) => s.processes.signal(p, 'SIGTERM')));
    for (const e of exits) expect(e, 'every process stopped with SIGTERM exits 0').toMatchObject({ code: 0, signal: null });
    const after = await activeJobs();
    stops.push({ processes: all.length, at: t1, activeBefore: before, activeAfter: after, seconds: exits.map((e) => (e.at - t1) / 1000) });
    expect(after, 'jobs left active by the stopped processes').toBe(0);
    for (const e of exits) expect(e.at - t1, 'a graceful stop ends well before the 30 s forced exit').toBeLessThan(25_000);

    await s.start({ worker: 3, scheduler: 1 });
    await s.waitQuiet(150_000);
    const result = await checkInvariants(s, { maxDuplicateDeliveries: 0 });
    const stallTimes = events.log.map((e) => `${e.queue} ${e.jobId} at ${((e.at - s.started) / 1000).toFixed(1)} s`);
    const stopTimes = stops.map((x) => `${x.processes} stopped at ${((x.at - s.started) / 1000).toFixed(1)} s`);
    expect(Object.fromEntries(events.stalled), `jobs taken back by the stalled-job check (${stopTimes.join('; ')}): ${stallTimes.join('; ')}`).toEqual({});
    report({ ...result, stops });
  });
});
