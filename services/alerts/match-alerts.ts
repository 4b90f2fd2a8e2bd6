// The match-alerts stage: after an article is grouped, decides which alerts it triggers and records
// their notifications and deliveries in one transaction with the article's move to `matched` — so a
// repeated job, a re-polled feed or a crash in between can neither notify twice nor lose a notification.
import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { inTransaction, type Sql } from '../core/db.ts';
import { QUEUE, deliveryJobId } from '../core/queues.ts';
import {
  alertChannels,
  alertRevision,
  articleForAlerts,
  enabledAlerts,
  insertDeliveries,
  insertNotification,
  lastStoryNotification,
  lockStoryAlerts,
  markAlertsMatched,
  type Alert,
  type ArticleForAlerts,
} from '../core/store/alerts.ts';
import type { NameIndex } from '../classifier/names.ts';
import { AlertIndex, documentWords, nameResolver } from './alert-index.ts';
import { articleSnapshot, decideStoryNotification, storySnapshot } from './notify.ts';
import type { QueryDocument } from './query/index.ts';

/** The compiled alerts of one revision of the alerts table, split by scope. */
export interface AlertIndexes {
  story: AlertIndex<Alert>;
  article: AlertIndex<Alert>;
}

/** Compiled alerts, shared by every match job of a process and rebuilt when the alerts change. */
export class AlertCache {
  #revision = -1;
  #indexes: AlertIndexes | null = null;
  #loading: Promise<void> | null = null;

  constructor(private readonly names: NameIndex) {}

  /** Indexes at least as new as `revision` (read from Postgres by the caller), reloaded when the alerts changed. */
  async get(sql: Sql, revision: number): Promise<AlertIndexes> {
    // a load already running may have read an older revision than the caller needs: then load again
    while (!this.#indexes || this.#revision < revision) {
      this.#loading ??= this.#load(sql).finally(() => {
        this.#loading = null;
      });
      await this.#loading;
    }
    return this.#indexes;
  }

  async #load(sql: Sql): Promise<void> {
    // the revision first: alerts changed after it only make this load look older than it is
    const revision = await alertRevision(sql);
    const alerts = await enabledAlerts(sql, 'match');
    const resolver = nameResolver(this.names);
    this.#indexes = {
      story: new AlertIndex(alerts.filter((a) => a.scope === 'story'), resolver),
      article: new AlertIndex(alerts.filter((a) => a.scope === 'article'), resolver),
    };
    this.#revision = revision;
  }
}

/**
 * The article as the query language sees it. For story alerts the fields are the incident's: its
 * reconciled categories and casualty figures (what the dashboard counts), its places and actors with
 * the report's; the words are always the report's own.
 */
export function queryDocument(a: ArticleForAlerts, scope: 'story' | 'article', words = documentWords(a.title, a.text)): QueryDocument {
  const s = scope === 'story' ? a.story : null;
  return {
    words,
    categories: s ? s.categories : a.categories,
    source: a.source,
    places: s ? [...a.places, ...s.places] : a.places,
    actors: s ? [...new Set([...a.actors, ...s.actors])] : a.actors,
    lang: a.lang,
    killed: s ? s.killed : a.killed,
    injured: s ? s.injured : a.injured,
  };
}

/** Whether an alert pushes its notifications right now (instant, not muted, not snoozed, has channels). */
export function pushesNow(alert: Alert, now: Date): boolean {
  return alert.mode === 'instant' && !alert.muted && !(alert.snoozedUntil && alert.snoozedUntil > now) && alertChannels(alert).length > 0;
}

export interface MatchResult {
  outcome: 'matched' | 'skipped';
  notifications: number;
  deliveries: number;
}

/** Matches one grouped article against every enabled alert; idempotent. */
export async function matchAlertsJob(deps: Deps, cache: AlertCache, articleId: number): Promise<MatchResult> {
  const article = await articleForAlerts(deps.sql, articleId);
  if (!article || article.stage !== 'grouped') return { outcome: 'skipped', notifications: 0, deliveries: 0 };
  const indexes = await cache.get(deps.sql, article.alertRevision);
  const words = indexes.story.size + indexes.article.size > 0 ? documentWords(article.title, article.text) : [];
  const storyMatched = article.story && indexes.story.size > 0 ? indexes.story.match(queryDocument(article, 'story', words)) : [];
  const articleMatched = indexes.article.size > 0 ? indexes.article.match(queryDocument(article, 'article', words)) : [];
  // story alerts that notified this story before follow its updates even when this report does not match
  const following = article.following.length > 0 ? followingAlerts(indexes.story, article.following) : [];
  const now = deps.now?.() ?? new Date();

  const created = await inTransaction(deps.sql, async (tx) => {
    const deliveries: { id: number; retries: number }[] = [];
    let notifications = 0;
    const notify = async (alert: Alert, n: Parameters<typeof insertNotification>[1]) => {
      const id = await insertNotification(tx, n);
      if (id === null) return;
      notifications++;
      if (pushesNow(alert, now)) {
        for (const d of await insertDeliveries(tx, alert.id, alertChannels(alert), { notificationId: id })) deliveries.push({ id: d, retries: 0 });
      }
    };

    const storyAlerts = uniqueById([...storyMatched, ...following]);
    if (article.story && storyAlerts.length > 0) {
      await lockStoryAlerts(tx, article.story.id);
      const last = await lastStoryNotification(tx, storyAlerts.map((a) => a.id), article.story.id);
      const snapshot = storySnapshot(article, article.story);
      for (const alert of storyAlerts) {
        const decision = decideStoryNotification(last.get(alert.id), snapshot, alert.updateOutlets);
        if (!decision) continue;
        await notify(alert, {
          alertId: alert.id,
          kind: decision.kind,
          storyId: article.story.id,
          seq: decision.seq,
          storyVersion: article.story.version,
          outletCount: article.story.outletCount,
          articleId: article.id,
          snapshot: { ...snapshot, changes: decision.changes },
        });
      }
    }
    for (const alert of articleMatched) {
      await notify(alert, { alertId: alert.id, kind: 'article', articleId: article.id, snapshot: articleSnapshot(article) });
    }
    await markAlertsMatched(tx, article.id);
    return { deliveries, notifications };
  });

  await enqueueDeliveries(deps.queues[QUEUE.deliverAlert], created.deliveries);
  return { outcome: 'matched', notifications: created.notifications, deliveries: created.deliveries.length };
}

function followingAlerts(index: AlertIndex<Alert>, ids: readonly number[]): Alert[] {
  const want = new Set(ids);
  return index.alerts.filter((a) => want.has(a.id));
}

function uniqueById(alerts: Alert[]): Alert[] {
  return [...new Map(alerts.map((a) => [a.id, a])).values()];
}

/** Queues delivery jobs; the job id makes a repeated enqueue of the same attempt a no-op. */
export async function enqueueDeliveries(queue: Queue<{ deliveryId: number }>, deliveries: readonly { id: number; retries: number }[]): Promise<void> {
  if (deliveries.length === 0) return;
  await queue.addBulk(
    deliveries.map((d) => ({ name: queue.name, data: { deliveryId: d.id }, opts: { jobId: deliveryJobId(d.id, d.retries) } })),
  );
}
