// Fault 2: Redis loses everything twice during an ingest — FLUSHALL at a quarter of the way, then a
// crash and restart (no persistence) once 60% are through — and the pipeline must recover by itself:
// the scheduler keeps ticking, feeds are polled again (PostgreSQL dedupes what they list), and the
// sweep re-queues every article and delivery whose job was lost. No process is restarted by hand.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { restartPrivateRedis } from './support/private-redis.ts';
import { Scenario } from './support/scenario.ts';

let s: Scenario;

beforeAll(async () => {
  s = await Scenario.create({ name: 'redis-loss', articles: 1600 });
});

afterAll(async () => {
  await s?.close();
});

describe('fault 2: Redis flushed, then restarted empty, mid-run', () => {
  it('recovers by itself and loses no article, story or delivery', async () => {
    await s.start({ worker: 3, scheduler: 1 });
    const total = s.expectedUrls.size;

    const atFlush = await s.waitForProgress('a quarter of the articles are matched', (p) => p.matched >= total * 0.25);
    const flushedAt = new Date();
    await s.redis.flushall();
    // the scheduler keeps going: every feed is polled again within its interval
    await s.waitForPollsSince(flushedAt);

    const atRestart = await s.waitForProgress('60% of the articles are matched after the flush', (p) => p.matched >= total * 0.6, 150_000);
    const restartedAt = new Date();
    await restartPrivateRedis({ port: s.services.redisPort, dir: s.services.redisDir, url: s.config.REDIS_URL });
    await s.waitForPollsSince(restartedAt);

    await s.waitQuiet(180_000);
    const result = await checkInvariants(s);
    report({
      ...result,
      flushAtMatched: atFlush.matched,
      restartAtMatched: atRestart.matched,
      secondsFlushToRestart: Math.round((restartedAt.getTime() - flushedAt.getTime()) / 1000),
      secondsRestartToQuiet: Math.round((Date.now() - restartedAt.getTime()) / 1000),
    });
  });
});
