import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../services/core/log.ts';
import { createProducerRedis, type Redis } from '../../services/core/redis.ts';
import { insertNewArticles } from '../../services/core/store/articles.ts';
import { insertFeeds } from '../../services/core/store/feeds.ts';
import { createTestEnv, type TestEnv } from '../../services/core/testing/test-env.ts';
import { createApp } from './app.ts';
import { listenOnLoopback } from './testing/listen.ts';

let env: TestEnv;
let redis: Redis;
let server: Server;
let base: string;

beforeAll(async () => {
  env = await createTestEnv();
  redis = createProducerRedis(env.config.REDIS_URL);
  const [feed] = await insertFeeds(env.sql, [{ url: 'https://example.org/feed' }], 600);
  const ids = await insertNewArticles(env.sql, feed!.id, [
    { canonicalUrl: 'https://dawn.com/news/1', url: 'https://dawn.com/news/1', source: 'dawn.com', guid: null, feedTitle: '<script>window.pwned=1</script>Bannu attack', feedSummary: 'Eight policemen martyred in Bannu', feedPublishedAt: new Date('2026-05-02T10:00:00Z') },
    { canonicalUrl: 'https://tolonews.com/x/2', url: 'https://tolonews.com/x/2', source: 'tolonews.com', guid: null, feedTitle: 'Torkham reopens after talks', feedSummary: 'Trade resumed at Torkham', feedPublishedAt: new Date('2026-06-01T10:00:00Z') },
  ]);
  await env.sql`update articles set published_at = feed_published_at, date_trusted = true`;
  await env.sql`insert into article_categories (article_id, category, score, evidence) values (${ids[0]!}, 'attack', 0.9, ${env.sql.json([{ term: 'martyred', where: 'lead', snippet: 'Eight policemen martyred', weight: 1 }])})`;
  ({ server, base } = await listenOnLoopback(createApp({ sql: env.sql, redis, log: createLogger('silent') })));
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await redis?.quit();
  await env?.cleanup();
});

describe('dashboard API', () => {
  it('lists articles newest first with the documented fields', async () => {
    const body = await (await fetch(`${base}/api/articles`)).json();
    expect(body.total).toBe(2);
    expect(body.articles.map((a: { source: string }) => a.source)).toEqual(['tolonews.com', 'dawn.com']);
    expect(Object.keys(body.articles[0])).toEqual(expect.arrayContaining(['id', 'url', 'title', 'source', 'publishedAt', 'categories', 'casualties', 'places', 'storyId']));
  });

  it('filters by category, source, full text and dates', async () => {
    const get = async (q: string) => (await (await fetch(`${base}/api/articles?${q}`)).json()).total;
    expect(await get('category=attack')).toBe(1);
    expect(await get('source=tolonews.com')).toBe(1);
    expect(await get('q=Torkham')).toBe(1);
    expect(await get('q=Torkham%20-trade')).toBe(0);
    expect(await get('from=2026-05-15&to=2026-07-01')).toBe(1);
  });

  it('answers bad input with a clear 400', async () => {
    const res = await fetch(`${base}/api/articles?limit=5000&from=yesterday`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^invalid request: (?=.*from: not a date)(?=.*limit: )/);
  });

  it('shows the evidence of each label and escapes stored HTML', async () => {
    const list = await (await fetch(`${base}/search?range=custom&from=2026-01-01&to=2026-12-31`)).text();
    expect(list).toContain('&#60;script&#62;window.pwned=1&#60;/script&#62;Bannu attack');
    expect(list).not.toContain('<script>window.pwned');
    const id = (await (await fetch(`${base}/api/articles?category=attack`)).json()).articles[0].id;
    const detail = await (await fetch(`${base}/articles/${id}`)).text();
    expect(detail).toMatch(/<b>martyred<\/b> <span class="meta">\(lead\)<\/span> — “Eight policemen martyred”/);
    const res = await fetch(`${base}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ postgres: true, redis: true });
  });
});
