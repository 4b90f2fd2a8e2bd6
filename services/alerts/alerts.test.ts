import path from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce } from '../cli/poll-once.ts';
import { classifyAndStore } from '../classifier/classify-article.ts';
import { createLogger } from '../core/log.ts';
import { enqueueArticles, obliterateQueues, QUEUE } from '../core/queues.ts';
import { insertExtractedArticles } from '../core/store/articles.ts';
import {
  createAlert,
  insertDeliveries,
  insertNotification,
  listDeliveries,
  listNotifications,
  markRead,
  requeueFailedDelivery,
  unreadCount,
  type Alert,
} from '../core/store/alerts.ts';
import { insertFeeds } from '../core/store/feeds.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { inTransaction } from '../core/db.ts';
import { FIXTURES_DIR, loadCorpus } from '../demo/fixture-articles.ts';
import { startFixtureSite, type FixtureSite } from '../demo/fixture-site.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { assignStory } from '../stories/assign-story.ts';
import { startWorkers } from '../workers.ts';
import { newAlertSchema } from './alert-input.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './channels/webhook-body.ts';
import { enqueueDeliveries } from './match-alerts.ts';
import { runDigests, runSurges, sweepDeliveries } from './periodic.ts';
import { sendTestAlert } from './test-alert.ts';
import { createMailer } from './deliver-alert.ts';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from './testing/receivers.ts';
import { loadClassifierData } from '../classifier/load-data.ts';
import { createNameIndex } from '../classifier/names.ts';

// Alerts end to end on the real Postgres, Redis, an HTTP receiver and an SMTP server: the story fixture
// set is crawled from the fixture site through every stage, and what each alert sent is checked
// against the stored stories.

let env: TestEnv;
let site: FixtureSite;
let runtime: Runtime;
let hooks: WebhookReceiver;
let smtp: SmtpReceiver;
const alerts: Record<'incidents' | 'waziristan' | 'digest' | 'muted', Alert> = {} as never;

async function addAlert(input: Record<string, unknown>): Promise<Alert> {
  return createAlert(env.sql, newAlertSchema.parse(input));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  site = await startFixtureSite({ articles: loadCorpus(path.join(FIXTURES_DIR, 'stories')) });
  env = await createTestEnv({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://dashboard.test', ALERT_DELIVERY_ATTEMPTS: '3', ALERT_RETRY_DELAY_MS: '50' });
  runtime = await createRuntime(env.config, createLogger('silent'));
  await insertFeeds(env.sql, site.feeds, 600);
  alerts.incidents = await addAlert({ name: 'Attacks', query: 'category:attack', webhookUrl: `${hooks.url}/incidents`, emailTo: ['desk@example.org'] });
  alerts.waziristan = await addAlert({ name: 'Waziristan', query: '"North Waziristan"', scope: 'article', webhookUrl: `${hooks.url}/slack`, webhookFormat: 'slack' });
  alerts.digest = await addAlert({ name: 'Daily', query: 'category:attack OR category:military_operation', mode: 'daily', digestAt: '08:00', timeZone: 'Asia/Karachi', emailTo: ['digest@example.org'] });
  alerts.muted = await addAlert({ name: 'Muted', query: 'TTP', muted: true, webhookUrl: `${hooks.url}/muted` });
  await pollOnce(runtime);
}, 120_000);

afterAll(async () => {
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await site?.close();
  await hooks?.close();
  await smtp?.close();
  await env?.cleanup();
});

describe('alerts on a real ingest', () => {
  it('moves every article through the match stage', async () => {
    const [row] = await env.sql<{ pending: number; n: number }[]>`
      select count(*) filter (where stage <> 'matched')::int as pending, count(*)::int as n from articles`;
    expect(row!.n).toBeGreaterThan(80);
    expect(row!.pending).toBe(0);
  });

  it('notifies each attack incident once, then only on material changes', async () => {
    const rows = await env.sql<{ storyId: number; seq: number; kind: string; changes: string[] }[]>`
      select story_id::int as "storyId", seq, kind, snapshot->'changes' as changes
      from alert_notifications where alert_id = ${alerts.incidents.id} order by story_id, seq`;
    const firsts = rows.filter((r) => r.kind === 'story-new');
    expect(new Set(firsts.map((r) => r.storyId)).size).toBe(firsts.length);
    // every attack story was notified; nothing was notified that never reported an attack
    const attackStories = await env.sql<{ id: number }[]>`
      select id::int from stories where merged_into is null and 'attack' = any(categories)`;
    const notified = new Set(firsts.map((r) => r.storyId));
    for (const s of attackStories) expect(notified.has(s.id), `story ${s.id}`).toBe(true);
    const withAttackReport = new Set((await env.sql<{ id: number }[]>`
      select distinct a.story_id::int as id from articles a join article_categories c on c.article_id = a.id
      where c.category = 'attack'`).map((r) => r.id));
    for (const id of notified) expect(withAttackReport.has(id), `story ${id}`).toBe(true);
    // updates follow their story's first notification in sequence, each saying what changed
    const byStory = new Map<number, { seq: number; changes: string[] }[]>();
    for (const r of rows) byStory.set(r.storyId, [...(byStory.get(r.storyId) ?? []), r]);
    for (const [storyId, list] of byStory) {
      expect(list.map((r) => r.seq), `story ${storyId}`).toEqual(list.map((_, i) => i + 1));
      for (const r of list.slice(1)) expect(r.changes.length, `story ${storyId}`).toBeGreaterThan(0);
    }
    // fewer notifications than reports: that is the point of story alerts
    const [{ reports }] = await env.sql<[{ reports: number }]>`
      select count(*)::int as reports from articles a join article_categories c on c.article_id = a.id and c.category = 'attack'`;
    expect(rows.length).toBeLessThan(reports);
  });

  it('delivers every notification of an instant alert by webhook (signed) and by email, once each', async () => {
    const notes = await listNotifications(env.sql, { alertId: alerts.incidents.id, limit: 1000 });
    const deliveries = await listDeliveries(env.sql, { alertId: alerts.incidents.id, limit: 1000 });
    expect(deliveries).toHaveLength(notes.length * 2);
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);

    const posts = hooks.received.filter((h) => h.path === '/incidents');
    expect(posts).toHaveLength(notes.length);
    const ids = posts.map((p) => p.headers[DELIVERY_HEADER]);
    expect(new Set(ids).size).toBe(posts.length);
    for (const p of posts) {
      const ok = verifyWebhookSignature(alerts.incidents.webhookSecret, String(p.headers[TIMESTAMP_HEADER]), p.body, String(p.headers[SIGNATURE_HEADER]));
      expect(ok).toBe(true);
      const body = JSON.parse(p.body);
      expect(body.type).toBe('frontier.alert');
      expect(body.alert).toEqual({ id: alerts.incidents.id, name: 'Attacks', query: 'category:attack' });
      expect(body.notifications).toHaveLength(1);
      expect(body.notifications[0].link).toMatch(/^http:\/\/dashboard\.test\/stories\/\d+$/);
      // the first notification of an incident is an attack; an update may say it no longer is one
      if (body.notifications[0].kind === 'story-new') expect(body.notifications[0].categories).toContain('attack');
      else expect(body.notifications[0].changes.length).toBeGreaterThan(0);
    }
    // a signature made with another secret does not verify
    expect(verifyWebhookSignature('not-the-secret', String(posts[0]!.headers[TIMESTAMP_HEADER]), posts[0]!.body, String(posts[0]!.headers[SIGNATURE_HEADER]))).toBe(false);

    const mails = smtp.mails.filter((m) => m.headers.get('x-frontier-alert') === String(alerts.incidents.id));
    expect(mails).toHaveLength(notes.length);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
    for (const m of mails) {
      expect(m.subject).toMatch(/^\[Frontier Watch\]/);
      expect(m.text?.length ?? 0).toBeGreaterThan(20);
      expect(m.html).toContain('http://dashboard.test/stories/');
      expect((m.to as { text: string }).text).toBe('desk@example.org');
    }
  });

  it('notifies every matching article for an article alert, in a Slack-compatible body', async () => {
    const expected = await env.sql<{ id: number }[]>`
      select id::int from articles a where a.search @@ phraseto_tsquery('english', 'north waziristan') order by id`;
    const notes = await env.sql<{ articleId: number }[]>`
      select article_id::int as "articleId" from alert_notifications where alert_id = ${alerts.waziristan.id} order by article_id`;
    expect(expected.length).toBeGreaterThan(3);
    expect(notes.map((n) => n.articleId)).toEqual(expected.map((r) => r.id));
    const posts = hooks.received.filter((h) => h.path === '/slack');
    expect(posts).toHaveLength(notes.length);
    for (const p of posts) {
      const body = JSON.parse(p.body);
      expect(typeof body.text).toBe('string');
      expect(Array.isArray(body.blocks)).toBe(true);
    }
  });

  it('keeps a muted alert in the inbox without pushing anything', async () => {
    const notes = await listNotifications(env.sql, { alertId: alerts.muted.id, limit: 1000 });
    expect(notes.length).toBeGreaterThan(0);
    expect(await listDeliveries(env.sql, { alertId: alerts.muted.id })).toEqual([]);
    expect(hooks.received.filter((h) => h.path === '/muted')).toEqual([]);
    const before = await unreadCount(env.sql);
    expect(await markRead(env.sql, { alertId: alerts.muted.id })).toBe(notes.length);
    expect(await unreadCount(env.sql)).toBe(before - notes.length);
  });

  it('collects a digest alert into one mail when its time comes (injected clock)', async () => {
    expect(await listDeliveries(env.sql, { alertId: alerts.digest.id })).toEqual([]);
    const pending = await listNotifications(env.sql, { alertId: alerts.digest.id, limit: 1000 });
    expect(pending.length).toBeGreaterThan(1);
    // notifications are stamped with the real time; the digest due after them is the next 08:00 in Karachi
    const latest = Math.max(...pending.map((n) => n.createdAt.getTime()));
    const nextMorning = new Date(Math.ceil((latest + 5 * 3_600_000 - 8 * 3_600_000) / 86_400_000) * 86_400_000 + 3 * 3_600_000);
    const before = { ...runtime.deps };
    const early = await runDigests(before, new Date(nextMorning.getTime() - 60_000));
    expect(early.deliveries).toBe(0); // the previous 08:00 had nothing before it… or was already taken
    const due = await runDigests(runtime.deps, new Date(nextMorning.getTime() + 60_000));
    expect(due).toEqual({ digests: 1, deliveries: 1 });
    // the same moment again (a second scheduler, a repeated tick) sends nothing more
    expect(await runDigests(runtime.deps, new Date(nextMorning.getTime() + 120_000))).toEqual({ digests: 0, deliveries: 0 });
    const workers = startWorkers(runtime.deps, runtime.workerRedis(), [QUEUE.deliverAlert]);
    try {
      await until('the digest is sent', async () => (await listDeliveries(env.sql, { alertId: alerts.digest.id }))[0]?.status === 'sent');
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const mails = smtp.mails.filter((m) => m.headers.get('x-frontier-alert') === String(alerts.digest.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Daily');
    // every notification of the period is in the one mail
    for (const n of pending) expect(mails[0]!.text).toContain(String((n.snapshot as { title: string }).title).slice(0, 40));
  });

  it('sends nothing twice when every stage runs again (retried jobs, a re-polled feed)', async () => {
    const count = async () => (await env.sql<{ n: number }[]>`select count(*)::int as n from alert_notifications`)[0]!.n;
    const notes = await count();
    const posts = hooks.received.length;
    const mails = smtp.mails.length;
    const ids = (await env.sql<{ id: number }[]>`select id::int from articles`).map((r) => r.id);
    // jobs for every article again, as a retry or a lost-and-swept job would give
    await enqueueArticles(runtime.deps.queues[QUEUE.assignStory], ids);
    await enqueueArticles(runtime.deps.queues[QUEUE.matchAlerts], ids);
    await pollOnce(runtime);
    expect(await count()).toBe(notes);
    expect(hooks.received.length).toBe(posts);
    expect(smtp.mails.length).toBe(mails);
  });
});

describe('story updates, failures and retries', () => {
  let workers: Worker[] = [];
  beforeAll(() => {
    workers = startWorkers(runtime.deps, runtime.workerRedis(), [QUEUE.matchAlerts, QUEUE.deliverAlert]);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });

  /** Stores, classifies and groups one article, then queues its alert matching (as the workers would). */
  async function ingest(a: { url: string; title: string; body: string; publishedAt: Date }): Promise<number> {
    const [id] = await insertExtractedArticles(env.sql, [{ url: a.url, source: new URL(a.url).hostname, title: a.title, body: a.body, publishedAt: a.publishedAt }]);
    await inTransaction(env.sql, (tx) => classifyAndStore(tx, runtime.deps.classifier, { id: id!, title: a.title, text: a.body, url: a.url, publishedAt: a.publishedAt }));
    await assignStory(env.sql, id!);
    await enqueueArticles(runtime.deps.queues[QUEUE.matchAlerts], [id!]);
    await until(`article ${id} matched`, async () => (await env.sql`select 1 from articles where id = ${id!} and stage = 'matched'`).length === 1);
    return id!;
  }

  it('notifies a rising death toll as an update of the same incident', async () => {
    const alert = await addAlert({ name: 'Lakki', query: 'place:"Lakki Marwat" category:attack', webhookUrl: `${hooks.url}/lakki` });
    const t = new Date('2026-11-20T18:00:00Z');
    const first = await ingest({
      url: 'https://www.dawn.com/news/1950001/lakki-checkpost',
      title: 'Four policemen martyred in attack on Lakki Marwat checkpost',
      body: 'LAKKI MARWAT: Four policemen were martyred and two others injured when militants attacked a police checkpost in Lakki Marwat district late on Friday night, police said.\n\nThe attackers used heavy weapons and fled after an exchange of fire lasting about an hour, a police spokesman said. A search operation was launched in the area.',
      publishedAt: t,
    });
    const story = (await env.sql<{ storyId: number }[]>`select story_id::int as "storyId" from articles where id = ${first}`)[0]!.storyId;
    await until('the first notification is posted', async () => hooks.received.some((h) => h.path === '/lakki'));
    await ingest({
      url: 'https://www.thenews.com.pk/latest/1350002-lakki-toll',
      title: 'Death toll in Lakki Marwat checkpost attack rises to seven',
      body: 'LAKKI MARWAT: The death toll in the militant attack on a police checkpost in Lakki Marwat district rose to seven on Saturday after three injured policemen succumbed to their wounds, police said.\n\nSeven policemen were martyred in the attack on Friday night, officials said, adding that the attackers had fled towards the mountains.',
      publishedAt: new Date(t.getTime() + 12 * 3_600_000),
    });
    const rows = await env.sql<{ kind: string; storyId: number; changes: string[] }[]>`
      select kind, story_id::int as "storyId", snapshot->'changes' as changes from alert_notifications where alert_id = ${alert.id} order by id`;
    expect(rows.map((r) => r.kind)).toEqual(['story-new', 'story-update']);
    expect(rows.every((r) => r.storyId === story)).toBe(true);
    expect(rows[1]!.changes.join('; ')).toMatch(/killed 4 → 7/);
    await until('the update is posted', async () => hooks.received.filter((h) => h.path === '/lakki').length === 2);
  });

  it('keeps a delivery that kept failing visible with its error, and sends it when retried', async () => {
    let failing = true;
    hooks.respond = ({ path: p }) => (p === '/down' && failing ? 503 : 200);
    const alert = await addAlert({ name: 'Down', query: 'Kurram', scope: 'article', webhookUrl: `${hooks.url}/down` });
    await ingest({
      url: 'https://www.dawn.com/news/1950003/kurram-convoy',
      title: 'Convoy fired upon in Kurram',
      body: 'PARACHINAR: Gunmen fired on a passenger convoy in Kurram district on Saturday, injuring three people, officials said. Security forces cordoned off the area.',
      publishedAt: new Date('2026-11-21T06:00:00Z'),
    });
    await until('the delivery fails for good', async () => (await listDeliveries(env.sql, { alertId: alert.id }))[0]?.status === 'failed');
    const [failed] = await listDeliveries(env.sql, { alertId: alert.id });
    expect(failed!.attempts).toBe(3);
    expect(failed!.lastError).toMatch(/webhook: http: 503/);
    expect(failed!.responseStatus).toBe(503);
    failing = false;
    const retries = await requeueFailedDelivery(env.sql, failed!.id);
    expect(retries).toBe(1);
    await enqueueDeliveries(runtime.deps.queues[QUEUE.deliverAlert], [{ id: failed!.id, retries: retries! }]);
    await until('the retried delivery is sent', async () => (await listDeliveries(env.sql, { alertId: alert.id }))[0]?.status === 'sent');
    expect(hooks.received.filter((h) => h.path === '/down')).toHaveLength(1);
    hooks.respond = () => 200;
  });

  it('gives up at once on a receiver that refuses the request (4xx), with the reason', async () => {
    hooks.respond = ({ path: p }) => (p === '/gone' ? 410 : 200);
    const alert = await addAlert({ name: 'Gone', query: 'Parachinar', scope: 'article', webhookUrl: `${hooks.url}/gone` });
    await ingest({
      url: 'https://www.dawn.com/news/1950004/parachinar-road',
      title: 'Parachinar road reopened',
      body: 'PARACHINAR: The main road linking Parachinar with Thall was reopened on Saturday after a jirga agreed on security arrangements in Kurram district.',
      publishedAt: new Date('2026-11-21T07:00:00Z'),
    });
    await until('the delivery fails', async () => (await listDeliveries(env.sql, { alertId: alert.id }))[0]?.status === 'failed');
    const [failed] = await listDeliveries(env.sql, { alertId: alert.id });
    expect(failed!.attempts).toBe(1);
    expect(failed!.lastError).toMatch(/410/);
    hooks.respond = () => 200;
  });

  it('re-queues a delivery whose job was lost with Redis, and sends it', async () => {
    const alert = await addAlert({ name: 'Lost', query: 'Khyber', webhookUrl: `${hooks.url}/lost` });
    const noteId = await insertNotification(env.sql, { alertId: alert.id, kind: 'test', snapshot: { title: 'lost job', categories: [], changes: [] } });
    const [deliveryId] = await insertDeliveries(env.sql, alert.id, ['webhook'], { notificationId: noteId! });
    // as if the job had been queued an hour ago and Redis had lost it since
    await env.sql`update alert_deliveries set created_at = now() - interval '1 hour' where id = ${deliveryId!}`;
    expect(await sweepDeliveries(runtime.deps, 600)).toBe(1);
    await until('the swept delivery is sent', async () => (await listDeliveries(env.sql, { alertId: alert.id }))[0]?.status === 'sent');
    expect(hooks.received.filter((h) => h.path === '/lost').map((h) => h.headers[DELIVERY_HEADER])).toEqual([String(deliveryId)]);
    // sent: a second sweep finds nothing
    expect(await sweepDeliveries(runtime.deps, 600)).toBe(0);
  });

  it('sends a test notification on every channel at once', async () => {
    const alert = await addAlert({ name: 'Test me', query: 'Torkham', webhookUrl: `${hooks.url}/test`, emailTo: ['test@example.org'] });
    const result = await sendTestAlert(runtime.deps, createMailer(env.config.SMTP_URL), alert.id);
    expect(result!.channels.map((c) => [c.channel, c.outcome.status])).toEqual([['webhook', 'sent'], ['email', 'sent']]);
    expect(hooks.received.filter((h) => h.path === '/test')).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.headers.get('x-frontier-alert') === String(alert.id))).toHaveLength(1);
  });

  it('fires a surge alert once when incidents exceed their baseline, and again only after it calmed', async () => {
    const names = (() => { const d = loadClassifierData(); return createNameIndex(d.places, d.actors); })();
    const [busiest] = await env.sql<{ day: Date; n: number }[]>`
      select date_trunc('day', first_seen) as day, count(*)::int as n from stories
      where merged_into is null and dated and 'attack' = any(categories) group by 1 order by 2 desc, 1 limit 1`;
    const alert = await addAlert({ name: 'Surge', query: 'category:attack', kind: 'surge', surgeWindowH: 24, surgeFactor: 2, surgeBaselineDays: 14, surgeMin: busiest!.n, webhookUrl: `${hooks.url}/surge` });
    const inSurge = new Date(busiest!.day.getTime() + 86_400_000);
    expect(await runSurges(runtime.deps, names, inSurge)).toEqual({ fired: 1 });
    expect(await runSurges(runtime.deps, names, new Date(inSurge.getTime() + 60_000))).toEqual({ fired: 0 });
    const [note] = await listNotifications(env.sql, { alertId: alert.id });
    expect(note!.kind).toBe('surge');
    expect((note!.snapshot as { surge: { count: number } }).surge.count).toBeGreaterThanOrEqual(busiest!.n);
    await until('the surge is posted', async () => hooks.received.some((h) => h.path === '/surge'));
    // a quiet day re-arms it
    expect(await runSurges(runtime.deps, names, new Date(inSurge.getTime() + 400 * 86_400_000))).toEqual({ fired: 0 });
    const [{ active }] = await env.sql<[{ active: boolean }]>`select surge_active as active from alerts where id = ${alert.id}`;
    expect(active).toBe(false);
  });
});
