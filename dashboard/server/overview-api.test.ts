// The overview, search, feed and correction APIs on the demo's fixture data, against the real Postgres:
// rollups give exactly what the stories give, filters narrow, bad input is a clear 400, writes need auth.

import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifierData } from '../../services/classifier/load-data.ts';
import { createNameIndex } from '../../services/classifier/names.ts';
import { createLogger } from '../../services/core/log.ts';
import { createProducerRedis, type Redis } from '../../services/core/redis.ts';
import { overviewFigures } from '../../services/core/store/overview.ts';
import { refreshStoryRollups, rollupFigures } from '../../services/core/store/story-rollups.ts';
import { createTestEnv, type TestEnv } from '../../services/core/testing/test-env.ts';
import { demoArticles, storeFixtureArticles } from '../../services/demo/store-fixtures.ts';
import { createApp } from './app.ts';
import { listenOnLoopback } from './testing/listen.ts';
import { readView } from './view-scope.ts';

const TOKEN = 'overview-test-token-0123456789';
const NOW = new Date('2026-11-21T12:00:00Z');
const names = (() => { const d = loadClassifierData(); return createNameIndex(d.places, d.actors); })();
let env: TestEnv;
let redis: Redis;
let server: Server;
let base: string;

beforeAll(async () => {
  env = await createTestEnv();
  redis = createProducerRedis(env.config.REDIS_URL);
  await storeFixtureArticles(env.sql, demoArticles());
  ({ server, base } = await listenOnLoopback(createApp({ sql: env.sql, redis, log: createLogger('silent'), adminToken: TOKEN, names })));
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await redis?.quit();
  await env?.cleanup();
});

const custom = { range: 'custom', from: '2025-11-22', to: '2026-11-21' };
const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
};

describe('overview figures', () => {
  it('are the same from the daily rollups as from the stories themselves', async () => {
    expect(await refreshStoryRollups(env.sql)).toBeGreaterThan(100);
    for (const params of [custom, { range: '90d' }, { range: '7d' }, { ...custom, category: 'attack' }, { ...custom, category: 'refugees' }]) {
      const view = readView(params, names, NOW);
      const live = await overviewFigures(env.sql, view.scope, view.interval, view.casualtyInterval);
      const rolled = await rollupFigures(env.sql, view.scope, view.interval, view.casualtyInterval);
      for (const k of ['trend', 'casualties', 'comparison', 'totals', 'actors', 'claims', 'sources'] as const) expect(rolled[k], `${JSON.stringify(params)} ${k}`).toEqual(live[k]);
      expect(rolled.provinces.map((p) => [p.province, p.n, p.killed])).toEqual(live.provinces.map((p) => [p.province, p.n, p.killed]));
      expect(rolled.places.map((p) => [p.place, p.n, p.killed])).toEqual(live.places.map((p) => [p.place, p.n, p.killed]));
    }
    const view = readView(custom, names, NOW);
    const figures = await rollupFigures(env.sql, view.scope, view.interval, view.casualtyInterval);
    expect(figures.totals.incidents).toBeGreaterThan(150);
    expect(figures.totals.killed).toBeGreaterThan(100);
  });

  it('follow story writes: a correction shows in the next overview', async () => {
    const before = (await get(`/api/overview?${new URLSearchParams(custom)}`)).body;
    const story = before.latest.find((s: { articleCount: number; dated: boolean }) => s.articleCount === 1 && s.dated);
    const detail = (await get(`/api/stories/${story.id}`)).body;
    const articleId = detail.articles[0].id;
    const missing = ['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees'].find((c) => !detail.categories.includes(c))!;
    const res = await fetch(`${base}/api/articles/${articleId}/labels`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ category: missing, applies: true, note: 'test' }),
    });
    expect(res.status).toBe(200);
    const after = (await get(`/api/overview?${new URLSearchParams(custom)}`)).body;
    const count = (o: { comparison: { category: string; current: number }[] }) => o.comparison.find((c) => c.category === missing)?.current ?? 0;
    expect(count(after)).toBe(count(before) + 1);
    expect((await get(`/api/articles/${articleId}`)).body.categories).toContain(missing);
  });

  it('narrows by place (a province includes its districts), actor, source and query', async () => {
    const all = (await get(`/api/overview?${new URLSearchParams(custom)}`)).body;
    const kp = (await get(`/api/overview?${new URLSearchParams({ ...custom, place: 'KP' })}`)).body;
    const bannu = (await get(`/api/overview?${new URLSearchParams({ ...custom, place: 'Bannu' })}`)).body;
    const ttp = (await get(`/api/overview?${new URLSearchParams({ ...custom, actor: 'Fitna al-Khawarij' })}`)).body;
    const q = (await get(`/api/overview?${new URLSearchParams({ ...custom, q: 'category:attack killed>=5' })}`)).body;
    expect(kp.totals.incidents).toBeLessThan(all.totals.incidents);
    expect(bannu.totals.incidents).toBeLessThan(kp.totals.incidents);
    expect(bannu.totals.incidents).toBeGreaterThan(0);
    expect(kp.provinces.map((p: { province: string }) => p.province)).toEqual(['Khyber Pakhtunkhwa']);
    expect(ttp.actors[0].actor).toBe('TTP');
    expect(q.totals.incidents).toBeGreaterThan(0);
    expect(q.latest.every((s: { categories: string[] }) => s.categories.includes('attack'))).toBe(true);
  });

  it('answers bad views with a clear 400', async () => {
    expect(await get('/api/overview?range=2w')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/range/) } });
    expect(await get('/api/overview?place=Atlantis')).toMatchObject({ status: 400, body: { error: 'invalid request: place: unknown place "Atlantis"' } });
    expect(await get(`/api/overview?q=${encodeURIComponent('Bannu AND (')}`)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^invalid request: q: query: .* at \d+/) } });
    expect(await get('/api/overview?range=custom&from=2026-02-01')).toMatchObject({ status: 400 });
  });
});

describe('search and export', () => {
  it('finds articles and stories with highlights, pages and exports', async () => {
    const a = (await get(`/api/search?${new URLSearchParams({ ...custom, q: 'Torkham' })}`)).body;
    expect(a.total).toBeGreaterThan(3);
    expect(a.hits[0].snippet).toMatch(/\u0002Torkham\u0003/i);
    const s = (await get(`/api/search?${new URLSearchParams({ ...custom, q: 'Torkham', kind: 'stories' })}`)).body;
    expect(s.total).toBeGreaterThan(0);
    expect(s.total).toBeLessThanOrEqual(a.total);
    const bytes = Buffer.from(await (await fetch(`${base}/api/search?${new URLSearchParams({ ...custom, q: 'Torkham', format: 'csv' })}`)).arrayBuffer());
    const csv = bytes.toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(a.total + 1);
    expect(csv).toMatch(/^\uFEFFid,published_at,source,title,url,/); // a BOM, so spreadsheets read UTF-8
    const json = (await get(`/api/search?${new URLSearchParams({ ...custom, q: 'Torkham', format: 'json' })}`)).body;
    expect(json.hits).toHaveLength(a.total);
  });
});

describe('feeds API', () => {
  it('refuses writes without the token and manages feeds with it', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${base}/api/feeds`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post({}, { url: 'https://a.example/feed' })).status).toBe(401);
    expect((await post({ authorization: 'Bearer nope-nope-nope-nope' }, { url: 'https://a.example/feed' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${TOKEN}` }, { url: 'ftp://a.example/feed' })).status).toBe(400);
    const created = await post({ authorization: `Bearer ${TOKEN}` }, { url: 'https://a.example/feed', name: 'A' });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await post({ authorization: `Bearer ${TOKEN}` }, { url: 'https://a.example/feed' })).status).toBe(409);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const opml = `<?xml version="1.0"?><opml version="2.0"><body><outline text="News"><outline type="rss" text="B" xmlUrl="https://b.example/rss"/><outline type="rss" text="A again" xmlUrl="https://a.example/feed"/></outline></body></opml>`;
    const imported = await fetch(`${base}/api/feeds/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/xml' }, body: opml });
    expect(await imported.json()).toEqual({ added: 1, present: 1, skipped: [] });
    const bad = await fetch(`${base}/api/feeds/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/xml' }, body: '<rss></rss>' });
    expect(bad.status).toBe(400);
    const exported = await (await fetch(`${base}/api/feeds/export.opml`, { headers: auth })).text();
    expect(exported).toContain('xmlUrl="https://b.example/rss"');
    expect((await fetch(`${base}/api/feeds/${id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: '{"enabled":false}' })).status).toBe(200);
    expect((await fetch(`${base}/api/feeds/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/api/feeds/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('guards admin views and cookie sessions against CSRF', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()).toMatch(/frontier_articles_ingested_total \d+/);
    const login = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}&next=/feeds` });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    const page = await (await fetch(`${base}/feeds`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const form = (body: string) => fetch(`${base}/feeds`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await form('url=https://c.example/rss')).status).toBe(403);
    expect((await form(`url=https://c.example/rss&_csrf=${csrf}x`)).status).toBe(403);
    expect((await form(`url=https://c.example/rss&_csrf=${encodeURIComponent(csrf)}`)).status).toBe(303);
    expect((await fetch(`${base}/login`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` })).status).toBe(403);
  });
});
