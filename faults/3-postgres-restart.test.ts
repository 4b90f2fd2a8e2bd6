// Fault 3: PostgreSQL restarted (pg_ctl restart -m fast: every connection cut) twice during an ingest.
// Jobs that meet the outage fail and retry with backoff; every one completes and nothing is lost. A
// delivery whose webhook was answered just before its connection was cut cannot record that it was
// sent: it is sent again with the same X-Frontier-Delivery id, so such repeats are allowed, at most the
// deliveries in flight at a restart (3 workers × 4 each).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { restartPrivatePostgres } from './support/private-postgres.ts';
import { Scenario } from './support/scenario.ts';

const RESTARTS_AT = [0.3, 0.65];
const WORKERS = 3;
const DELIVERY_CONCURRENCY = 4;

let s: Scenario;

beforeAll(async () => {
  s = await Scenario.create({ name: 'postgres-restart', articles: 1600 });
});

afterAll(async () => {
  await s?.close();
});

describe('fault 3: PostgreSQL restarted mid-run', () => {
  it('retries the jobs that met the outage until they complete', async () => {
    await s.start({ worker: WORKERS, scheduler: 1 });
    const total = s.expectedUrls.size;
    const restarts: { matched: number; ms: number }[] = [];
    for (const fraction of RESTARTS_AT) {
      const at = await s.waitForProgress(`${fraction * 100}% of the articles are matched`, (p) => p.matched >= total * fraction);
      const t0 = Date.now();
      await restartPrivatePostgres(s.services.postgresDir);
      restarts.push({ matched: at.matched, ms: Date.now() - t0 });
    }

    await s.waitQuiet(150_000);
    const result = await checkInvariants(s, { maxDuplicateDeliveries: restarts.length * WORKERS * DELIVERY_CONCURRENCY });
    const retries = Object.values(result.failedAttempts).reduce((a, b) => a + b, 0);
    report({ ...result, restarts: restarts.length, restartedAtMatched: restarts.map((r) => r.matched), restartMs: restarts.map((r) => r.ms), failedAttemptsRetried: retries });
    // the outage was felt (jobs failed and were retried), yet no process died and no job failed for good
    expect(retries).toBeGreaterThan(0);
  });
});
