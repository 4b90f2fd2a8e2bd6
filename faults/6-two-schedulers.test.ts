// Fault 6: two schedulers and three workers at once. Both schedulers register the same job schedulers
// (one tick per period) and claim due feeds with `for update skip locked`, so no feed is polled twice in
// one interval; the workers share the stage queues, so no article page is fetched twice and no webhook
// is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { waitUntil } from './support/wait.ts';
import { JobEvents } from './support/job-events.ts';
import { Scenario } from './support/scenario.ts';

/** a poll starts when a worker takes its job: a few seconds after the claim at its slot time, under load */
const POLL_JITTER_S = 10;
const POLLS_PER_FEED = 2;

let s: Scenario;
let events: JobEvents;

beforeAll(async () => {
  // a 10 s job lock: no process dies here, and a live worker starved of CPU for a second must not have
  // its jobs taken back (that would be duplicate work caused by the lock, not by two schedulers)
  s = await Scenario.create({ name: 'two-schedulers', articles: 1200, env: { JOB_LOCK_MS: '10000' } });
  // start every feed at its own slot (interval × n + its offset), as after its first poll, so that every
  // gap between two polls of a feed is a whole interval
  await s.sql`
    update feeds set next_check_at = to_timestamp(
      (floor((extract(epoch from now()) - offset_s) / interval_s) + 1) * interval_s + offset_s)`;
  events = await JobEvents.watch(s.config.REDIS_URL, s.config.QUEUE_PREFIX);
});

afterAll(async () => {
  await events?.close();
  await s?.close();
});

describe('fault 6: two schedulers and three workers at once', () => {
  it('polls no feed twice in one interval and does no work twice', async () => {
    await s.start({ scheduler: 2, worker: 3 });
    const interval = s.config.FEED_DEFAULT_INTERVAL;
    await waitUntil(`every feed was polled ${POLLS_PER_FEED} times`, async () => {
      const [row] = await s.sql<{ n: number }[]>`
        select count(*)::int as n from feeds f where (select count(*) from feed_polls p where p.feed_id = f.id) < ${POLLS_PER_FEED}`;
      return row!.n === 0;
    }, (POLLS_PER_FEED + 1) * interval * 1000 + 30_000, 1000);
    await s.waitQuiet(120_000);
    const result = await checkInvariants(s, { maxDuplicateDeliveries: 0 });

    // no feed polled twice in one interval: every poll started in a slot (interval × n + the feed's
    // offset) of its own, and no two polls closer than the interval less the queueing jitter
    const polls = await s.sql<{ feedId: number; url: string; offsetS: number; at: Date[]; durations: number[] }[]>`
      select f.id::int as "feedId", f.url, f.offset_s as "offsetS",
        array_agg(p.polled_at order by p.polled_at) as at, array_agg(p.duration_ms order by p.polled_at) as durations
      from feeds f join feed_polls p on p.feed_id = f.id group by f.id, f.url, f.offset_s`;
    const twice: string[] = [];
    let gaps = 0;
    let minGapS = Infinity;
    for (const feed of polls) {
      const started = feed.at.map((t, i) => t.getTime() / 1000 - feed.durations[i]! / 1000);
      const slots = started.map((t) => Math.floor((t - feed.offsetS) / interval));
      if (new Set(slots).size !== slots.length) twice.push(`feed ${feed.feedId}: slots ${slots.join(',')}`);
      for (let i = 1; i < started.length; i++) {
        const gap = started[i]! - started[i - 1]!;
        gaps++;
        minGapS = Math.min(minGapS, gap);
        if (gap < interval - POLL_JITTER_S) twice.push(`feed ${feed.feedId}: polls ${gap.toFixed(1)} s apart`);
      }
      const fetched = s.site.hits.get(new URL(feed.url).pathname) ?? 0;
      expect(fetched, `${feed.url}: fetches and recorded polls`).toBe(feed.at.length);
    }
    expect(twice, 'feeds polled twice in one interval').toEqual([]);
    expect(polls).toHaveLength(s.feedUrls.length);

    // every article page fetched exactly once (the wire round-up links the /amp variant of some)
    const fetchedTwice: string[] = [];
    for (const url of s.expectedUrls) {
      const path = new URL(url).pathname;
      const n = (s.site.hits.get(path) ?? 0) + (s.site.hits.get(`${path}/amp`) ?? 0);
      if (n !== 1) fetchedTwice.push(`${path}: ${n}`);
    }
    expect(fetchedTwice.slice(0, 10), 'article pages not fetched exactly once').toEqual([]);
    const stallTimes = events.log.map((e) => `${e.queue} ${e.jobId} at ${((e.at - s.started) / 1000).toFixed(1)} s`);
    expect(Object.fromEntries(events.stalled), `jobs taken back from a live worker (run twice): ${stallTimes.join('; ')}`).toEqual({});
    report({ ...result, feedPolls: polls.reduce((n, f) => n + f.at.length, 0), pollGaps: gaps, minPollGapS: Math.round(minGapS * 10) / 10, pagesFetched: s.expectedUrls.size });
  });
});
