// Fault 4: the news site misbehaves. A proxy in front of the fixture site answers some feeds and pages
// with a 500, a reset connection, a body cut short, a slow body (within, or once beyond, the fetch
// timeout) or a wrong Content-Type; the site's own broken routes are polled too (feeds that 404, 500,
// are not XML, are malformed or never end; pages that are PDFs, 404, never end, loop or are empty).
// Transient faults retry until the page is extracted; permanent ones keep the feed item with the
// reason; broken feeds are recorded as failing; every article is still stored exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, report } from './support/checks.ts';
import { pathHash, startFaultProxy, type FaultProxy, type FaultRule, type SiteFault } from './support/fault-proxy.ts';
import { Scenario } from './support/scenario.ts';

const FETCH_TIMEOUT_MS = 4000;

/** Page faults by path hash (of 20): transient ones for a few first requests, a wrong type for good. */
const PAGE_FAULTS: (FaultRule | null)[] = [
  { fault: 'status-500', times: 2 },
  { fault: 'status-500', times: 2 },
  { fault: 'reset', times: 1 },
  { fault: 'reset', times: 1 },
  { fault: 'truncated', times: 1 },
  { fault: 'truncated', times: 1 },
  { fault: 'slow-body', times: Infinity },
  { fault: 'slow-timeout', times: 1 },
  { fault: 'wrong-type', times: Infinity },
];
/** Feed faults by path hash (of 10): each transient one only on the first poll (a failing feed backs off). */
const FEED_FAULTS: (FaultRule | null)[] = [
  { fault: 'status-500', times: 1 },
  { fault: 'reset', times: 1 },
  { fault: 'truncated', times: 1 },
  { fault: 'slow-body', times: Infinity },
  { fault: 'slow-timeout', times: 1 },
  // feeds are accepted as text/plain (servers often say so): the poller must read them anyway
  { fault: 'wrong-type', times: Infinity },
];
const FAILING_FEEDS = ['/bad/404', '/bad/500', '/bad/not-xml', '/bad/malformed', '/bad/never-ends'];

function plan(path: string): FaultRule | null {
  if (path.startsWith('/bad/')) return null;
  if (path.startsWith('/feeds/')) return FEED_FAULTS[pathHash(path) % 10] ?? null;
  return PAGE_FAULTS[pathHash(path.replace(/\/amp$/, '')) % 20] ?? null;
}

let s: Scenario;
let proxy: FaultProxy;

beforeAll(async () => {
  s = await Scenario.create({
    name: 'site-faults',
    articles: 1200,
    brokenPages: true,
    failingFeeds: FAILING_FEEDS,
    env: { FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS), JOB_ATTEMPTS: '4' },
    front: async (siteUrl) => {
      proxy = await startFaultProxy({
        upstream: siteUrl,
        plan,
        slowMs: 1200,
        stallMs: FETCH_TIMEOUT_MS + 2000,
        wrongType: (isFeed) => (isFeed ? 'text/plain; charset=utf-8' : 'application/octet-stream'),
      });
      return proxy;
    },
  });
});

afterAll(async () => {
  await s?.close();
});

describe('fault 4: the fixture site misbehaves', () => {
  it('retries transient faults, keeps the feed item on permanent ones, stores everything once', async () => {
    proxy.enabled = true;
    await s.start({ worker: 3, scheduler: 1 });
    await s.waitQuiet(180_000);

    const wrongType = (url: string) => plan(new URL(url).pathname)?.fault === 'wrong-type';
    const result = await checkInvariants(s, {
      fallbackReason: (url) => (wrongType(url) ? /unexpected content type application\/octet-stream/ : null),
    });

    // every kind of fault was injected, and a page with a transient fault was asked for again
    const kinds: SiteFault[] = ['status-500', 'reset', 'truncated', 'slow-body', 'slow-timeout', 'wrong-type'];
    for (const kind of kinds) expect(proxy.injected.get(kind) ?? 0, `${kind} injected`).toBeGreaterThan(0);
    const transient = [...proxy.requests].filter(([p]) => !p.startsWith('/feeds/') && !p.startsWith('/bad/') && ['status-500', 'reset', 'truncated', 'slow-timeout'].includes(plan(p)?.fault ?? ''));
    expect(transient.length).toBeGreaterThan(0);
    for (const [p, n] of transient) expect(n, `requests for ${p}`).toBeGreaterThanOrEqual(Math.min(plan(p)!.times, 2) + 1);

    // fixture feeds recovered from their faults; the broken ones are recorded as failing, with the reason
    const feeds = await s.sql<{ url: string; status: string; lastError: string | null; errorCount: number; articles: number }[]>`
      select f.url, f.status, f.last_error as "lastError", f.error_count as "errorCount",
        (select count(*)::int from feed_items fi where fi.feed_id = f.id) as articles
      from feeds f order by f.id`;
    const failing = new Set(s.failingFeedUrls);
    for (const f of feeds) {
      if (failing.has(f.url)) {
        expect(f.status, f.url).toBe('failing');
        expect(f.lastError, f.url).toBeTruthy();
        expect(f.articles, f.url).toBe(0);
      } else {
        expect(f.status, `${f.url}: ${f.lastError}`).toBe('ok');
        expect(f.articles, f.url).toBeGreaterThan(0);
      }
    }
    const feedFaults = [...proxy.requests].filter(([p]) => p.startsWith('/feeds/') && plan(p) !== null).length;
    report({
      ...result,
      injected: Object.fromEntries(proxy.injected),
      pagesWithTransientFaults: transient.length,
      pagesWithWrongType: result.fallbacks - 5,
      feedsWithFaults: feedFaults,
      failingFeeds: FAILING_FEEDS.length,
      siteRequests: [...proxy.requests.values()].reduce((a, b) => a + b, 0),
    });
  });
});
