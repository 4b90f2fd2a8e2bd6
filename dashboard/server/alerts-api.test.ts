// The alerts API and feed on the demo's fixture data against the real Postgres and Redis: the preview
// predicts exactly what the match stage then notifies, writes need auth, secrets stay with admins, the
// Atom feed reads back as valid Atom, failed deliveries can be retried.

import type { Server } from 'node:http';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertCache, matchAlertsJob } from '../../services/alerts/match-alerts.ts';
import { loadClassifierData } from '../../services/classifier/load-data.ts';
import { createNameIndex } from '../../services/classifier/names.ts';
import { createLogger } from '../../services/core/log.ts';
import { deliveryJobId, obliterateQueues, QUEUE } from '../../services/core/queues.ts';
import { insertDeliveries, insertNotification } from '../../services/core/store/alerts.ts';
import { createTestEnv, type TestEnv } from '../../services/core/testing/test-env.ts';
import { demoArticles, storeFixtureArticles } from '../../services/demo/store-fixtures.ts';
import { createRuntime, type Runtime } from '../../services/runtime.ts';
import { createApp } from './app.ts';
import { listenOnLoopback } from './testing/listen.ts';

const TOKEN = 'alerts-test-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };
const names = (() => { const d = loadClassifierData(); return createNameIndex(d.places, d.actors); })();
let env: TestEnv;
let runtime: Runtime;
let server: Server;
let base: string;

beforeAll(async () => {
  env = await createTestEnv();
  runtime = await createRuntime(env.config, createLogger('silent'));
  await storeFixtureArticles(env.sql, demoArticles());
  const app = createApp({ sql: env.sql, redis: runtime.workerRedis(), log: createLogger('silent'), adminToken: TOKEN, names, queues: runtime.deps.queues, publicUrl: 'http://watch.example.org' });
  ({ server, base } = await listenOnLoopback(app));
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await env?.cleanup();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, type: res.headers.get('content-type') ?? '' };
}

describe('alerts API', () => {
  let alertId: number;

  it('refuses writes without the admin token and names bad fields', async () => {
    expect((await call('POST', '/api/alerts', { name: 'x', query: 'TTP' })).status).toBe(401);
    const bad = await call('POST', '/api/alerts', { name: 'x', query: 'TTP AND (' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/query: .*at 8/);
    const zone = await call('POST', '/api/alerts', { name: 'x', query: 'TTP', mode: 'daily', timeZone: 'Mars/Base' }, admin);
    expect(zone.status).toBe(400);
    expect(zone.body.error).toMatch(/timeZone/);
    const unknown = await call('POST', '/api/alerts', { name: 'x', query: 'TTP', colour: 'red' }, admin);
    expect(unknown.status).toBe(400);
    const hook = await call('POST', '/api/alerts', { name: 'x', query: 'TTP', webhookUrl: 'javascript:alert(1)' }, admin);
    expect(hook.status).toBe(400);
  });

  it('previews exactly what the match stage then notifies', async () => {
    const query = 'category:attack OR category:border_clash';
    const preview = await call('GET', `/api/alerts/preview?${new URLSearchParams({ query, scope: 'story' })}`);
    expect(preview.status).toBe(200);
    expect(preview.body.incidents).toBeGreaterThan(3);
    expect(preview.body.items.length).toBeGreaterThan(0);
    const created = await call('POST', '/api/alerts', { name: 'Attacks and clashes', query }, admin);
    expect(created.status).toBe(201);
    alertId = created.body.id;
    expect(created.body.webhookSecret).toMatch(/^[\w-]{40,}$/);
    // run the real match stage over the same 30 days of grouped articles, oldest first
    const ids = await env.sql<{ id: number }[]>`
      select id::int from articles where stage = 'grouped' and coalesce(published_at, discovered_at) >= now() - interval '30 days'
      order by coalesce(published_at, discovered_at), id`;
    const cache = new AlertCache(names);
    for (const { id } of ids) await matchAlertsJob(runtime.deps, cache, id);
    const [{ n }] = await env.sql<[{ n: number }]>`select count(*)::int as n from alert_notifications where alert_id = ${alertId} and kind = 'story-new'`;
    expect(n).toBe(preview.body.notifications);
    // an article alert's preview counts articles
    const articles = await call('GET', `/api/alerts/preview?${new URLSearchParams({ query, scope: 'article' })}`);
    expect(articles.body.notifications).toBe(articles.body.articles);
    expect(articles.body.articles).toBeGreaterThanOrEqual(preview.body.incidents);
    const broken = await call('GET', `/api/alerts/preview?${new URLSearchParams({ query: '"unclosed' })}`);
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/unclosed quote starting at 0/);
  });

  it('shows secrets to admins only', async () => {
    const open = await call('GET', `/api/alerts/${alertId}`);
    expect(open.status).toBe(200);
    expect(open.body.webhookSecret).toBeUndefined();
    expect(open.body.feedToken).toBeUndefined();
    const mine = await call('GET', `/api/alerts/${alertId}`, undefined, admin);
    expect(mine.body.feedToken).toMatch(/^[\w-]{30,}$/);
    const list = await call('GET', '/api/alerts');
    expect(list.body.alerts[0].feedToken).toBeUndefined();
    expect(list.body.unread).toBeGreaterThan(0);
  });

  it('serves a valid Atom feed per alert, opened by its token only', async () => {
    const { body: alert } = await call('GET', `/api/alerts/${alertId}`, undefined, admin);
    expect((await call('GET', `/alerts/${alertId}/feed.xml`)).status).toBe(404);
    expect((await call('GET', `/alerts/${alertId}/feed.xml?token=${alert.feedToken}x`)).status).toBe(404);
    const res = await fetch(`${base}/alerts/${alertId}/feed.xml?token=${alert.feedToken}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const xml = await res.text();
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toContain('Attacks and clashes');
    const notes = (await call('GET', `/api/alerts/${alertId}/notifications?limit=50`)).body.notifications;
    expect(feed.items).toHaveLength(notes.length);
    expect(feed.items.map((i) => i.title)).toEqual(notes.map((n: { snapshot: { title: string } }) => expect.stringContaining(n.snapshot.title)));
    for (const item of feed.items) expect(item.link).toMatch(/^http:\/\/watch\.example\.org\/stories\/\d+$/);
  });

  it('keeps an inbox with an unread count that admins can clear', async () => {
    const inbox = await call('GET', '/api/inbox?unread=1&limit=5');
    expect(inbox.body.unread).toBeGreaterThan(0);
    expect(inbox.body.notifications).toHaveLength(Math.min(5, inbox.body.unread));
    expect((await call('POST', '/api/inbox/read', { alertId })).status).toBe(401);
    const marked = await call('POST', '/api/inbox/read', { alertId }, admin);
    expect(marked.body.marked).toBe(inbox.body.unread);
    expect((await call('GET', '/api/inbox')).body.unread).toBe(0);
  });

  it('retries a failed delivery on request, once', async () => {
    const noteId = await insertNotification(env.sql, { alertId, kind: 'test', snapshot: { title: 'sample' } });
    const [deliveryId] = await insertDeliveries(env.sql, alertId, ['webhook'], { notificationId: noteId! });
    await env.sql`update alert_deliveries set status = 'failed', attempts = 6, last_error = 'webhook: http: 503 from https://hooks.example.org' where id = ${deliveryId!}`;
    const failed = await call('GET', '/api/deliveries?status=failed');
    expect(failed.body.deliveries.map((d: { id: number; lastError: string }) => [d.id, d.lastError])).toEqual([[deliveryId, 'webhook: http: 503 from https://hooks.example.org']]);
    expect((await call('POST', `/api/deliveries/${deliveryId}/retry`)).status).toBe(401);
    const retried = await call('POST', `/api/deliveries/${deliveryId}/retry`, undefined, admin);
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ id: deliveryId, retries: 1 });
    const [row] = await env.sql<{ status: string }[]>`select status from alert_deliveries where id = ${deliveryId!}`;
    expect(row!.status).toBe('pending');
    expect(await runtime.deps.queues[QUEUE.deliverAlert].getJob(deliveryJobId(deliveryId!, 1))).toBeDefined();
    const metrics = await (await fetch(`${base}/metrics`, { headers: admin })).text();
    expect(metrics).toContain('frontier_alert_deliveries{channel="webhook",status="pending"} 1');
    // not failed any more: nothing to retry
    expect((await call('POST', `/api/deliveries/${deliveryId}/retry`, undefined, admin)).status).toBe(409);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    for (const path of ['/api/alerts', '/api/alerts/{id}', '/api/alerts/preview', '/api/inbox', '/api/deliveries/{id}/retry', '/alerts/{id}/feed.xml']) expect(doc.paths[path], path).toBeDefined();
    const fields = doc.paths['/api/alerts'].post.requestBody.content['application/json'].schema;
    expect(fields.required).toEqual(['name', 'query']);
    expect(Object.keys(fields.properties)).toEqual(expect.arrayContaining(['query', 'scope', 'mode', 'timeZone', 'webhookUrl', 'emailTo', 'surgeFactor']));
  });

  it('changes and removes alerts', async () => {
    const patched = await call('PATCH', `/api/alerts/${alertId}`, { muted: true, mode: 'daily', digestAt: '07:30', timeZone: 'Asia/Kabul' }, admin);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ muted: true, mode: 'daily', digestAt: '07:30', timeZone: 'Asia/Kabul' });
    expect((await call('PATCH', `/api/alerts/${alertId}`, { digestAt: '25:00' }, admin)).status).toBe(400);
    const page = await fetch(`${base}/alerts/${alertId}`);
    expect(await page.text()).toContain('daily digest at 07:30 Asia/Kabul');
    expect((await call('DELETE', `/api/alerts/${alertId}`, undefined, admin)).status).toBe(204);
    expect((await call('GET', `/api/alerts/${alertId}`)).status).toBe(404);
    const [{ n }] = await env.sql<[{ n: number }]>`select count(*)::int as n from alert_notifications where alert_id = ${alertId}`;
    expect(n).toBe(0);
  });
});
