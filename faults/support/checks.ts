// The invariants every fault scenario ends with, checked in PostgreSQL, Redis and at the webhook
// receiver once the pipeline is quiet: every served article stored exactly once and through every
// stage, in exactly one story, every alert notification and delivery exactly once and received,
// nothing left in any queue, no process crashed. Expectations are soft: a failing scenario lists
// every violated invariant, and its numbers are still reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { compileAlertQuery, documentWords, nameResolver } from '../../services/alerts/alert-index.ts';
import { DELIVERY_HEADER } from '../../services/alerts/channels/webhook-body.ts';
import type { ReceivedWebhook } from '../../services/alerts/testing/receivers.ts';
import { queryDocument } from '../../services/alerts/match-alerts.ts';
import { loadClassifierData } from '../../services/classifier/load-data.ts';
import { createNameIndex } from '../../services/classifier/names.ts';
import { QUEUE } from '../../services/core/queues.ts';
import { recentArticlesForAlerts } from '../../services/core/store/alerts.ts';
import { ARTICLE_QUERY, STORY_QUERY, type Scenario } from './scenario.ts';

/** Why each of the site's broken pages (/bad/page-*) falls back to its feed item. */
const BROKEN_PAGE_REASONS: Record<string, RegExp> = {
  'page-404': /404/,
  'page-pdf': /unexpected content type application\/pdf/,
  'page-never-ends': /timed out/,
  'page-redirect-loop': /more than 5 redirects/,
  'page-empty': /extract: /,
};

export interface CheckOptions {
  /** webhook requests that may repeat a delivery already received (kills, restarts); 0 by default */
  maxDuplicateDeliveries?: number;
  /** articles whose page is expected to fall back to the feed item, with the reason; null: extracted */
  fallbackReason?: (url: string) => RegExp | null;
}

export interface CheckReport {
  scenario: string;
  seconds: number;
  articles: number;
  fallbacks: number;
  stories: number;
  articleNotifications: number;
  storyNotifications: number;
  deliveries: number;
  webhookRequests: number;
  duplicateRequests: number;
  /** failed job attempts logged by the workers, per queue (retries, and final failures) */
  failedAttempts: Record<string, number>;
  /** the same by error message */
  failureReasons: Record<string, number>;
  /** error-level log lines other than failed jobs (Redis or Postgres connection errors…) */
  processErrors: number;
  /** processes that died on their own (each was restarted, as a supervisor would) */
  crashes: number;
  [extra: string]: unknown;
}

const first = <T>(xs: T[], n = 10) => (xs.length > n ? [...xs.slice(0, n), `… ${xs.length - n} more`] : xs);
const deliveryOf = (h: ReceivedWebhook): number => Number(h.headers[DELIVERY_HEADER]);

/** Checks every invariant and returns the numbers for the report. */
export async function checkInvariants(s: Scenario, opts: CheckOptions = {}): Promise<CheckReport> {
  const articles = await checkArticles(s, opts);
  const stories = await checkStories(s);
  const alerts = await checkAlerts(s, opts, articles.articles);
  const crashes = await checkQueuesAndProcesses(s);
  return {
    scenario: s.opts.name,
    seconds: Math.round((Date.now() - s.started) / 100) / 10,
    ...articles,
    stories,
    ...alerts,
    failedAttempts: Object.fromEntries(s.processes.failedAttempts),
    failureReasons: Object.fromEntries(s.processes.failureReasons),
    processErrors: s.processes.errors.length,
    crashes,
  };
}

/** Exactly the canonical URLs the site served, each once, each through every stage, in a story. */
async function checkArticles(s: Scenario, opts: CheckOptions): Promise<{ articles: number; fallbacks: number }> {
  const rows = await s.sql<{ id: number; canonicalUrl: string; url: string; stage: string; storyId: number | null; status: string | null; error: string | null; feeds: number }[]>`
    select a.id::int, a.canonical_url as "canonicalUrl", a.url, a.stage, a.story_id::int as "storyId",
      a.extract_status as status, a.extract_error as error,
      (select count(*)::int from feed_items fi where fi.article_id = a.id) as feeds
    from articles a order by a.id`;
  const stored = new Set(rows.map((r) => r.canonicalUrl));
  expect.soft(first([...s.expectedUrls].filter((u) => !stored.has(u))), 'served articles never stored').toEqual([]);
  expect.soft(first(rows.map((r) => r.canonicalUrl).filter((u) => !s.expectedUrls.has(u))), 'stored articles the site never served').toEqual([]);
  expect.soft(rows.length, 'article rows (one per canonical URL)').toBe(s.expectedUrls.size);
  expect.soft(first(rows.filter((r) => r.stage !== 'matched').map((r) => `${r.id} ${r.stage}`)), 'articles short of the last stage').toEqual([]);
  expect.soft(first(rows.filter((r) => r.storyId === null).map((r) => r.id)), 'articles without a story').toEqual([]);
  expect.soft(first(rows.filter((r) => r.feeds === 0).map((r) => r.id)), 'articles linked to no feed').toEqual([]);
  const wrong: string[] = [];
  for (const r of rows) {
    const broken = /\/bad\/(page-[a-z0-9-]+)/.exec(r.url)?.[1];
    const reason = broken ? (BROKEN_PAGE_REASONS[broken] ?? /./) : (opts.fallbackReason?.(r.url) ?? null);
    if (reason === null && r.status !== 'ok') wrong.push(`${r.url}: ${r.status} (${r.error})`);
    if (reason !== null && (r.status !== 'fallback' || !reason.test(r.error ?? ''))) wrong.push(`${r.url}: ${r.status} (${r.error}), wanted fallback ${reason}`);
  }
  expect.soft(first(wrong), 'extraction outcomes').toEqual([]);
  return { articles: rows.length, fallbacks: rows.filter((r) => r.status === 'fallback').length };
}

/** No story without reports (a second story made for one article); each story's count is its reports'. */
async function checkStories(s: Scenario): Promise<number> {
  const orphans = await s.sql<{ id: number }[]>`
    select s.id::int from stories s where s.merged_into is null and not exists (select 1 from articles a where a.story_id = s.id)`;
  expect.soft(orphans.map((o) => o.id), 'stories without articles').toEqual([]);
  const miscounted = await s.sql<{ id: number }[]>`
    select s.id::int from stories s left join (select story_id, count(*)::int as n from articles group by story_id) c on c.story_id = s.id
    where s.article_count <> coalesce(c.n, 0)`;
  expect.soft(miscounted.map((m) => m.id), 'stories whose article_count disagrees with their articles').toEqual([]);
  const [row] = await s.sql<{ n: number }[]>`select count(*)::int as n from stories where merged_into is null`;
  return row!.n;
}

/**
 * Notifications exactly as the matcher decides (one per matching article; one `story-new` per story
 * with a matching report, then updates numbered without gaps), one delivery each, every delivery sent
 * and received, repeats only as allowed and identical.
 */
async function checkAlerts(s: Scenario, opts: CheckOptions, articleCount: number) {
  const data = loadClassifierData();
  const resolver = nameResolver(createNameIndex(data.places, data.actors));
  const articleTest = compileAlertQuery(ARTICLE_QUERY, resolver).test;
  const storyTest = compileAlertQuery(STORY_QUERY, resolver).test;
  const wantArticles = new Set<number>();
  const wantStories = new Set<number>();
  for (const a of await recentArticlesForAlerts(s.sql, { since: new Date(0), anyWords: null, limit: 1_000_000 })) {
    const words = documentWords(a.title, a.text);
    const doc = { ...a, following: [], alertRevision: 0 };
    if (articleTest(queryDocument(doc, 'article', words))) wantArticles.add(a.id);
    if (a.story && storyTest(queryDocument(doc, 'story', words))) wantStories.add(a.story.id);
  }

  const notes = await s.sql<{ id: number; alertId: number; kind: string; articleId: number | null; storyId: number | null; seq: number | null }[]>`
    select id::int, alert_id::int as "alertId", kind, article_id::int as "articleId", story_id::int as "storyId", seq
    from alert_notifications order by id`;
  const articleNotes = notes.filter((n) => n.alertId === s.articleAlert.id);
  const storyNotes = notes.filter((n) => n.alertId === s.storyAlert.id);
  expect.soft(articleNotes.length + storyNotes.length, 'notifications of other alerts').toBe(notes.length);
  expect.soft(first(articleNotes.filter((n) => n.kind !== 'article').map((n) => n.id)), 'article alert notifications of another kind').toEqual([]);
  const notified = new Set(articleNotes.map((n) => n.articleId!));
  expect.soft(articleNotes.length - notified.size, 'article notifications repeated').toBe(0);
  expect.soft(first([...wantArticles].filter((id) => !notified.has(id))), 'matching articles never notified').toEqual([]);
  expect.soft(first([...notified].filter((id) => !wantArticles.has(id))), 'articles notified without matching').toEqual([]);
  expect.soft(wantArticles.size, 'the article alert matches most articles').toBeGreaterThan(articleCount / 2);

  const seqs = new Map<number, number[]>();
  for (const n of storyNotes) seqs.set(n.storyId!, [...(seqs.get(n.storyId!) ?? []), n.seq!]);
  const newStories = storyNotes.filter((n) => n.kind === 'story-new').map((n) => n.storyId!);
  expect.soft(newStories.length - new Set(newStories).size, 'stories notified as new more than once').toBe(0);
  expect.soft(first([...wantStories].filter((id) => !newStories.includes(id))), 'matching stories never notified').toEqual([]);
  expect.soft(first(newStories.filter((id) => !wantStories.has(id))), 'stories notified without a matching report').toEqual([]);
  const gaps = [...seqs].filter(([, list]) => list.sort((a, b) => a - b).some((q, i) => q !== i + 1));
  expect.soft(first(gaps.map(([id, list]) => `story ${id}: ${list.join(',')}`)), 'story notification sequences with gaps or repeats').toEqual([]);

  const deliveries = await s.sql<{ id: number; alertId: number; notificationId: number | null; status: string; responseStatus: number | null; lastError: string | null }[]>`
    select id::int, alert_id::int as "alertId", notification_id::int as "notificationId", status,
      response_status as "responseStatus", last_error as "lastError" from alert_deliveries order by id`;
  const perNotification = new Map<number, number>();
  for (const d of deliveries) if (d.notificationId !== null) perNotification.set(d.notificationId, (perNotification.get(d.notificationId) ?? 0) + 1);
  expect.soft(first(notes.filter((n) => perNotification.get(n.id) !== 1).map((n) => `notification ${n.id}: ${perNotification.get(n.id) ?? 0}`)), 'notifications without exactly one delivery').toEqual([]);
  expect.soft(deliveries.length, 'deliveries (one per notification)').toBe(notes.length);
  expect.soft(first(deliveries.filter((d) => d.status !== 'sent' || d.responseStatus !== 200).map((d) => `${d.id} ${d.status} ${d.lastError}`)), 'deliveries not sent').toEqual([]);

  const received = s.hooks.received;
  const bodies = new Map<number, Set<string>>();
  for (const h of received) bodies.set(deliveryOf(h), (bodies.get(deliveryOf(h)) ?? new Set()).add(h.body));
  const byId = new Map(deliveries.map((d) => [d.id, d]));
  const pathOf = new Map([[s.articleAlert.id, '/article'], [s.storyAlert.id, '/story']]);
  expect.soft(first(deliveries.filter((d) => !bodies.has(d.id)).map((d) => d.id)), 'deliveries marked sent but never received').toEqual([]);
  expect.soft(first([...bodies.keys()].filter((id) => !byId.has(id))), 'requests for unknown deliveries').toEqual([]);
  expect.soft(first(received.filter((h) => pathOf.get(byId.get(deliveryOf(h))?.alertId ?? 0) !== h.path).map((h) => h.path)), 'requests to the wrong alert receiver').toEqual([]);
  expect.soft(first([...bodies].filter(([, b]) => b.size > 1).map(([id]) => id)), 'deliveries repeated with a different body').toEqual([]);
  const duplicateRequests = received.length - bodies.size;
  expect.soft(duplicateRequests, 'repeated webhook requests').toBeLessThanOrEqual(opts.maxDuplicateDeliveries ?? 0);
  return {
    articleNotifications: articleNotes.length,
    storyNotifications: storyNotes.length,
    deliveries: deliveries.length,
    webhookRequests: received.length,
    duplicateRequests,
  };
}

/** Nothing waiting, running, delayed or failed; the scheduler's timers still there; no process died by itself. */
async function checkQueuesAndProcesses(s: Scenario): Promise<number> {
  expect.soft(await s.openJobs(), 'jobs left in the stage queues').toEqual({});
  const schedulers = (await s.queues[QUEUE.schedule].getJobSchedulers()).map((j) => j.key).sort();
  expect.soft(schedulers, 'the job schedulers in Redis').toEqual(['alerts-tick', 'feeds-tick', 'stuck-sweep']);
  const crashes = s.processes.crashed();
  const traces = s.processes.errors.filter((line) => !line.includes('"level"')).slice(0, 12).join('\n');
  expect.soft(crashes.map((p) => `${p.role} ${p.pid}`), `processes that exited on their own (restarted by the suite); their output:\n${traces}`).toEqual([]);
  return crashes.length;
}

/** Prints the scenario's numbers and writes them to test-output/faults/<scenario>.json. */
export function report(r: CheckReport): void {
  const dir = path.resolve(import.meta.dirname, '../../test-output/faults');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${r.scenario}.json`), `${JSON.stringify(r, null, 2)}\n`);
  console.log(`faults: ${r.scenario}: ${JSON.stringify(r)}`);
}
