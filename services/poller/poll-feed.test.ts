import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues } from '../core/queues.ts';
import { createLogger } from '../core/log.ts';
import { claimDueFeeds, findFeed, getFeed, insertFeeds } from '../core/store/feeds.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { startFixtureSite, type FixtureSite } from '../demo/fixture-site.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { decodeBody } from '../core/charset.ts';
import { canonicalizeUrl } from './canonical-url.ts';
import { parseFeed } from './parse-feed.ts';
import { pollFeed } from './poll-feed.ts';

// the shared corpus of real-world feeds lives beside the checkout (not copied into the project)
const REAL_FEEDS = process.env.REAL_FEEDS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/feeds-real');

let env: TestEnv;
let site: FixtureSite;
let runtime: Runtime;

beforeAll(async () => {
  site = await startFixtureSite({ articles: [], faults: true, realFeedsDir: REAL_FEEDS });
  env = await createTestEnv({ FETCH_TIMEOUT_MS: '1500' });
  runtime = await createRuntime(env.config, createLogger('silent'));
});

afterAll(async () => {
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await site?.close();
  await env?.cleanup();
});

async function addFeed(url: string): Promise<number> {
  const [feed] = await insertFeeds(env.sql, [{ url }], 600);
  return feed?.id ?? (await findFeed(env.sql, url))!.id;
}

describe('bad feeds end as a recorded error on the feed, and polling goes on', () => {
  it.each([
    ['/bad/404', /http: 404/],
    ['/bad/410', /http: 410/],
    ['/bad/500', /http: 500/],
    ['/bad/not-xml', /parse-feed: not XML/],
    ['/bad/malformed', /parse-feed: /],
    ['/bad/huge', /body exceeds the 5 MiB cap/],
    ['/bad/never-ends', /timed out after 1500 ms/],
    ['/bad/redirect-loop', /more than 5 redirects/],
    ['/real/unrecognized.rss', /not a feed but an HTML page \("Document Moved"\)/],
  ])('%s', async (p, message) => {
    const id = await addFeed(`${site.url}${p}`);
    const before = Date.now();
    const result = await pollFeed(runtime.deps, id);
    expect(result.outcome).toBe('error');
    const feed = (await getFeed(env.sql, id))!;
    expect(feed.status).toBe('failing');
    expect(feed.lastError).toMatch(message);
    expect(feed.errorCount).toBe(1);
    expect(feed.nextCheckAt.getTime()).toBeGreaterThan(before);
    const polls = await env.sql`select outcome, error from feed_polls where feed_id = ${id}`;
    expect(polls).toEqual([{ outcome: 'error', error: feed.lastError }]);
  });

  it('honours Retry-After on 429', async () => {
    const id = await addFeed(`${site.url}/bad/429`);
    const before = Date.now();
    await pollFeed(runtime.deps, id);
    const feed = (await getFeed(env.sql, id))!;
    expect(feed.lastError).toMatch(/http: 429/);
    // the server asked for 7200 s: never sooner, although the feed's own interval is 600 s
    expect(feed.nextCheckAt.getTime() - before).toBeGreaterThanOrEqual(7200 * 1000 - 1000);
  });

  it('an unreachable host', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const id = await addFeed(`http://127.0.0.1:${closed}/feed.xml`);
    await pollFeed(runtime.deps, id);
    expect((await getFeed(env.sql, id))!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('a loopback name not listed in FETCH_ALLOW_HOSTS is refused', async () => {
    const id = await addFeed(`${site.url.replace('127.0.0.1', 'localhost')}/feeds/none.xml`);
    await pollFeed(runtime.deps, id);
    expect((await getFeed(env.sql, id))!.lastError).toMatch(/refusing localhost \((127\.0\.0\.1|::1)\): private or loopback/);
  });

  it('backs off exponentially on repeated failures, capped at a day', async () => {
    const id = await addFeed(`${site.url}/bad/500?backoff`);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = Date.now();
      await pollFeed(runtime.deps, id);
      delays.push(((await getFeed(env.sql, id))!.nextCheckAt.getTime() - t) / 1000);
    }
    expect((await getFeed(env.sql, id))!.errorCount).toBe(12);
    expect(delays[1]! / delays[0]!).toBeGreaterThan(1.3);
    expect(delays[3]! / delays[2]!).toBeGreaterThan(1.3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(86_400 + 5);
    expect(delays[11]!).toBeGreaterThan(80_000);
  });

  it('two schedulers never claim the same feed', async () => {
    await env.sql`update feeds set next_check_at = now() - interval '1 minute'`;
    const [a, b] = await Promise.all([claimDueFeeds(env.sql, 1000), claimDueFeeds(env.sql, 1000)]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(await claimDueFeeds(env.sql, 1000)).toEqual([]);
  });
});

describe('real-world feeds (../shared/feeds-real)', () => {
  if (!existsSync(REAL_FEEDS)) {
    throw new Error(`real-world feeds not found at ${REAL_FEEDS}: check out next to ../shared, or set REAL_FEEDS_DIR`);
  }
  const files = readdirSync(REAL_FEEDS).filter((f) => /\.(rss|atom)$/.test(f));

  it('polls all 31 without a crash; items with links become articles, the rest is a clear error', async () => {
    expect(files.length).toBe(31);
    for (const file of files) {
      const id = await addFeed(`${site.url}/real/${file}`);
      const result = await pollFeed(runtime.deps, id);
      const feed = (await getFeed(env.sql, id))!;
      if (result.outcome === 'error') {
        expect(feed.lastError, file).toMatch(/^parse-feed: /);
      } else {
        const n = (await env.sql<{ n: number }[]>`select count(*)::int as n from feed_items where feed_id = ${id}`)[0]!.n;
        const [poll] = await env.sql<{ itemsSkipped: number; skipped: string | null }[]>`
          select items_skipped as "itemsSkipped", skipped from feed_polls where feed_id = ${id}`;
        // every item listed is an article (items sharing a link are one article) or a recorded skip
        const parsed = await parseFeed(decodeBody(readFileSync(path.join(REAL_FEEDS, file)), undefined, 'xml'), `${site.url}/real/${file}`);
        expect(n, file).toBe(new Set(parsed.items.map((i) => canonicalizeUrl(i.link))).size);
        expect(parsed.items.length + poll!.itemsSkipped, file).toBe(result.itemsSeen);
        if (poll!.itemsSkipped > 0) expect(poll!.skipped, file).toMatch(/\d+ × (no link|unusable link)/);
      }
    }
    const failed = await env.sql<{ url: string }[]>`select url from feeds where status = 'failing' and url like '%/real/%'`;
    expect(failed.map((f) => f.url.split('/real/')[1])).toEqual(['unrecognized.rss']);
  });
});
