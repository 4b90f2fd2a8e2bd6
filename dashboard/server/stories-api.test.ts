import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAndStore } from '../../services/classifier/classify-article.ts';
import { createClassifier } from '../../services/classifier/index.ts';
import { inTransaction } from '../../services/core/db.ts';
import { createLogger } from '../../services/core/log.ts';
import { createProducerRedis, type Redis } from '../../services/core/redis.ts';
import { insertExtractedArticles } from '../../services/core/store/articles.ts';
import { createTestEnv, type TestEnv } from '../../services/core/testing/test-env.ts';
import { assignStory } from '../../services/stories/assign-story.ts';
import { createApp } from './app.ts';
import { listenOnLoopback } from './testing/listen.ts';

const TOKEN = 'test-admin-token-1234567890';
let env: TestEnv;
let redis: Redis;
let server: Server;
let readOnly: Server;
let base: string;
let readOnlyBase: string;
const ids: number[] = [];

const REPORTS = [
  { source: 'dawn.com', at: '2026-03-02T05:00:00Z', title: 'Six soldiers martyred as suicide bomber hits convoy in Mir Ali', body: 'MIR ALI: Six soldiers were martyred and nine injured when a suicide bomber rammed an explosives-laden vehicle into a security forces convoy near Mir Ali in North Waziristan on Monday, officials said. The TTP-linked Hafiz Gul Bahadur group claimed responsibility.' },
  { source: 'geo.tv', at: '2026-03-02T19:00:00Z', title: 'Toll in Mir Ali suicide attack on convoy rises to eight', body: 'MIR ALI: The death toll in the suicide attack on a security forces convoy near Mir Ali in North Waziristan rose to eight on Monday evening after two injured soldiers died in hospital, officials said. A faction of the Pakistani Taliban claimed the bombing.' },
  { source: 'tolonews.com', at: '2026-03-05T09:00:00Z', title: 'Pakistan and Afghanistan hold border talks at Torkham', body: 'Pakistani and Afghan officials held talks at Torkham on Thursday on reopening trade and on a mechanism to prevent border clashes, the Islamic Emirate said. Both delegations agreed to meet again next week.' },
];

async function listen(adminToken?: string): Promise<[Server, string]> {
  const { server: s, base: url } = await listenOnLoopback(createApp({ sql: env.sql, redis, log: createLogger('silent'), adminToken }));
  return [s, url];
}

beforeAll(async () => {
  env = await createTestEnv();
  redis = createProducerRedis(env.config.REDIS_URL);
  const classifier = createClassifier();
  ids.push(
    ...(await insertExtractedArticles(
      env.sql,
      REPORTS.map((r, i) => ({ url: `https://${r.source}/r${i}`, source: r.source, title: r.title, body: r.body, publishedAt: new Date(r.at) })),
    )),
  );
  await inTransaction(env.sql, async (tx) => {
    for (const [i, r] of REPORTS.entries()) await classifyAndStore(tx, classifier, { id: ids[i]!, title: r.title, text: r.body, url: '', publishedAt: new Date(r.at) });
  });
  for (const id of ids) await assignStory(env.sql, id);
  [server, base] = await listen(TOKEN);
  [readOnly, readOnlyBase] = await listen(undefined);
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await new Promise((r) => readOnly?.close(r));
  await redis?.quit();
  await env?.cleanup();
});

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('stories API', () => {
  it('lists incidents with reconciled figures and links articles to them', async () => {
    const body = await (await fetch(`${base}/api/stories`)).json();
    expect(body.total).toBe(2);
    const convoy = body.stories.find((s: { title: string }) => s.title.includes('Mir Ali'));
    expect(convoy).toMatchObject({ articleCount: 2, outletCount: 2, killed: 8, killedRange: [6, 8], place: 'North Waziristan' });
    const articles = await (await fetch(`${base}/api/articles`)).json();
    expect(new Set(articles.articles.map((a: { storyId: number }) => a.storyId)).size).toBe(2);
    const detail = await (await fetch(`${base}/api/stories/${convoy.id}`)).json();
    expect(detail.articles.map((a: { source: string }) => a.source)).toEqual(['dawn.com', 'geo.tv']);
    expect(detail.casualties.killed.reports.map((r: { value: number }) => r.value)).toEqual([6, 8]);
  });

  it('counts incidents and coverage separately in the trends', async () => {
    const q = 'from=2026-03-01T00:00:00Z&to=2026-03-10T00:00:00Z';
    const incidents = await (await fetch(`${base}/api/trends?unit=stories&${q}`)).json();
    const coverage = await (await fetch(`${base}/api/trends?unit=articles&${q}`)).json();
    const attacks = (t: { points: { category: string; n: number }[] }) => t.points.filter((p) => p.category === 'attack').reduce((s, p) => s + p.n, 0);
    expect(attacks(incidents)).toBe(1);
    expect(attacks(coverage)).toBe(2);
    expect(incidents.casualties.reduce((s: number, p: { killed: number }) => s + p.killed, 0)).toBe(8);
    const bad = await fetch(`${base}/api/trends?unit=tweets`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/unit/);
  });

  it('refuses corrections without the token, and everywhere when no token is configured', async () => {
    expect((await post(`${base}/api/articles/${ids[1]}/split`, {})).status).toBe(401);
    expect((await post(`${base}/api/articles/${ids[1]}/split`, {}, 'wrong-token')).status).toBe(401);
    const ro = await post(`${readOnlyBase}/api/articles/${ids[1]}/split`, {}, TOKEN);
    expect(ro.status).toBe(403);
    expect((await ro.json()).error).toMatch(/ADMIN_TOKEN/);
  });

  it('splits and merges with the token, and explains impossible corrections', async () => {
    const split = await post(`${base}/api/articles/${ids[1]}/split`, { note: 'checked' }, TOKEN);
    expect(split.status).toBe(200);
    const { storyId } = await split.json();
    const again = await post(`${base}/api/articles/${ids[1]}/split`, {}, TOKEN);
    expect(again.status).toBe(409);
    const [orig] = await env.sql<{ storyId: number }[]>`select story_id::int as "storyId" from articles where id = ${ids[0]!}`;
    const merge = await post(`${base}/api/stories/${storyId}/merge`, { into: orig!.storyId }, TOKEN);
    expect(merge.status).toBe(200);
    const merged = await (await fetch(`${base}/api/stories/${storyId}`)).json();
    expect(merged.mergedInto).toBe(orig!.storyId);
    expect((await post(`${base}/api/stories/999999/merge`, { into: orig!.storyId }, TOKEN)).status).toBe(404);
    expect((await post(`${base}/api/stories/${storyId}/merge`, { into: 'x' }, TOKEN)).status).toBe(400);
    const page = await fetch(`${base}/stories/${storyId}`, { redirect: 'manual' });
    expect(page.status).toBe(302);
  });
});
