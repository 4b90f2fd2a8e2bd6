// Alerts SQL: the alerts themselves, the notifications they produced (unique per incident version,
// article or surge) and the deliveries that push notifications out, with their attempts and errors.
import { randomBytes } from 'node:crypto';
import type { AlertInput, AlertPatch } from '../../alerts/alert-input.ts';
import type { NotificationKind } from '../../alerts/channels/types.ts';
import type { Db } from '../db.ts';

export interface Alert extends AlertInput {
  id: number;
  webhookSecret: string;
  feedToken: string;
  surgeActive: boolean;
  lastDigestAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertWithCounts extends Alert {
  notifications: number;
  unread: number;
  failedDeliveries: number;
  lastNotifiedAt: Date | null;
}

const ALERT_COLUMNS = (sql: Db) => sql`
  al.id::int, al.name, al.query, al.kind, al.scope, al.mode, al.digest_at as "digestAt", al.time_zone as "timeZone",
  al.update_outlets as "updateOutlets", al.webhook_url as "webhookUrl", al.webhook_format as "webhookFormat",
  al.webhook_secret as "webhookSecret", al.email_to as "emailTo", al.feed_token as "feedToken", al.enabled, al.muted,
  al.snoozed_until as "snoozedUntil", al.surge_window_h as "surgeWindowH", al.surge_factor as "surgeFactor",
  al.surge_baseline_days as "surgeBaselineDays", al.surge_min as "surgeMin", al.surge_active as "surgeActive",
  al.last_digest_at as "lastDigestAt", al.created_at as "createdAt", al.updated_at as "updatedAt"`;

const COLUMN_OF: Record<keyof AlertInput, string> = {
  name: 'name',
  query: 'query',
  kind: 'kind',
  scope: 'scope',
  mode: 'mode',
  digestAt: 'digest_at',
  timeZone: 'time_zone',
  updateOutlets: 'update_outlets',
  webhookUrl: 'webhook_url',
  webhookFormat: 'webhook_format',
  emailTo: 'email_to',
  enabled: 'enabled',
  muted: 'muted',
  snoozedUntil: 'snoozed_until',
  surgeWindowH: 'surge_window_h',
  surgeFactor: 'surge_factor',
  surgeBaselineDays: 'surge_baseline_days',
  surgeMin: 'surge_min',
};

function columnsOf(input: AlertPatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMN_OF)) {
    const value = input[key as keyof AlertInput];
    if (value !== undefined) row[column] = value;
  }
  return row;
}

/** A random secret: 32 bytes for webhook signatures, 24 for feed tokens (URL-safe). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export async function createAlert(sql: Db, input: AlertInput): Promise<Alert> {
  const row = { ...columnsOf(input), webhook_secret: newSecret(), feed_token: newSecret(24) };
  const [alert] = await sql<Alert[]>`with al as (insert into alerts ${sql(row)} returning *) select ${ALERT_COLUMNS(sql)} from al`;
  return alert!;
}

/** Applies a change; a new query or kind starts surge detection afresh. Undefined when there is no such alert. */
export async function updateAlert(sql: Db, id: number, patch: AlertPatch): Promise<Alert | undefined> {
  const row = columnsOf(patch);
  if (Object.keys(row).length === 0) return getAlert(sql, id);
  // (no alias on the updated table: postgres.js picks its helper from the last keyword before it)
  const [alert] = await sql<Alert[]>`
    with al as (
      update alerts set ${sql(row)}, updated_at = now(),
        surge_active = case when ${patch.query !== undefined || patch.kind !== undefined} then false else surge_active end
      where id = ${id} returning *)
    select ${ALERT_COLUMNS(sql)} from al`;
  return alert;
}

/** A fresh webhook secret or feed token (the old one stops working at once). */
export async function rotateAlertSecret(sql: Db, id: number, which: 'webhook' | 'feed'): Promise<Alert | undefined> {
  const [alert] = which === 'webhook'
    ? await sql<Alert[]>`update alerts as al set webhook_secret = ${newSecret()}, updated_at = now() where al.id = ${id} returning ${ALERT_COLUMNS(sql)}`
    : await sql<Alert[]>`update alerts as al set feed_token = ${newSecret(24)}, updated_at = now() where al.id = ${id} returning ${ALERT_COLUMNS(sql)}`;
  return alert;
}

export async function deleteAlert(sql: Db, id: number): Promise<boolean> {
  const rows = await sql`delete from alerts where id = ${id} returning id`;
  return rows.length > 0;
}

export async function getAlert(sql: Db, id: number): Promise<Alert | undefined> {
  const [alert] = await sql<Alert[]>`select ${ALERT_COLUMNS(sql)} from alerts al where al.id = ${id}`;
  return alert;
}

/** Every alert with its notification, unread and failed-delivery counts, newest first. */
export async function listAlerts(sql: Db): Promise<AlertWithCounts[]> {
  return sql<AlertWithCounts[]>`
    select ${ALERT_COLUMNS(sql)},
      (select count(*)::int from alert_notifications n where n.alert_id = al.id) as notifications,
      (select count(*)::int from alert_notifications n where n.alert_id = al.id and n.read_at is null) as unread,
      (select count(*)::int from alert_deliveries d where d.alert_id = al.id and d.status = 'failed') as "failedDeliveries",
      (select max(n.created_at) from alert_notifications n where n.alert_id = al.id) as "lastNotifiedAt"
    from alerts al order by al.id desc`;
}

/** Bumped by every change to the alerts table (a statement trigger). */
export async function alertRevision(sql: Db): Promise<number> {
  const [row] = await sql<{ revision: number }[]>`select revision::int from alert_revision where id = 1`;
  return row?.revision ?? 0;
}

/** Enabled alerts of one kind, for the matcher and the periodic digest and surge checks. */
export async function enabledAlerts(sql: Db, kind: 'match' | 'surge'): Promise<Alert[]> {
  return sql<Alert[]>`select ${ALERT_COLUMNS(sql)} from alerts al where al.enabled and al.kind = ${kind} order by al.id`;
}

// ---------------------------------------------------------------------------------------------------
// Notifications

export interface NewNotification {
  alertId: number;
  kind: NotificationKind;
  storyId?: number | null;
  seq?: number | null;
  storyVersion?: number | null;
  outletCount?: number | null;
  articleId?: number | null;
  surgeKey?: Date | null;
  snapshot: Record<string, unknown>;
}

export interface StoredNotification {
  id: number;
  alertId: number;
  alertName: string;
  kind: NotificationKind;
  storyId: number | null;
  articleId: number | null;
  seq: number | null;
  storyVersion: number | null;
  outletCount: number | null;
  snapshot: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const NOTIFICATION_COLUMNS = (sql: Db) => sql`
  n.id::int, n.alert_id::int as "alertId", al.name as "alertName", n.kind, n.story_id::int as "storyId",
  n.article_id::int as "articleId", n.seq, n.story_version as "storyVersion", n.outlet_count as "outletCount",
  n.snapshot, n.created_at as "createdAt", n.read_at as "readAt"`;

/** Inserts a notification unless its key (alert + story seq, article or surge) exists; returns its id or null. */
export async function insertNotification(sql: Db, n: NewNotification): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    insert into alert_notifications (alert_id, kind, story_id, seq, story_version, outlet_count, article_id, surge_key, snapshot)
    values (${n.alertId}, ${n.kind}, ${n.storyId ?? null}, ${n.seq ?? null}, ${n.storyVersion ?? null}, ${n.outletCount ?? null},
      ${n.articleId ?? null}, ${n.surgeKey ?? null}, ${sql.json(n.snapshot as never)})
    on conflict do nothing
    returning id::int`;
  return row?.id ?? null;
}

/** The latest notification an alert sent about a story: what a later update is compared with. */
export async function lastStoryNotification(
  sql: Db,
  alertIds: readonly number[],
  storyId: number,
): Promise<Map<number, { seq: number; storyVersion: number; outletCount: number; snapshot: Record<string, unknown> }>> {
  if (alertIds.length === 0) return new Map();
  const rows = await sql<{ alertId: number; seq: number; storyVersion: number; outletCount: number; snapshot: Record<string, unknown> }[]>`
    select distinct on (alert_id) alert_id::int as "alertId", seq, story_version as "storyVersion",
      outlet_count as "outletCount", snapshot
    from alert_notifications
    where story_id = ${storyId} and alert_id = any(${alertIds as number[]}) and kind in ('story-new', 'story-update')
    order by alert_id, seq desc`;
  return new Map(rows.map((r) => [r.alertId, r]));
}

/** Alerts that already notified a story: they follow its updates even when a new report does not match. */
export async function alertsFollowingStory(sql: Db, storyId: number): Promise<number[]> {
  const rows = await sql<{ alertId: number }[]>`
    select distinct alert_id::int as "alertId" from alert_notifications
    where story_id = ${storyId} and kind in ('story-new', 'story-update')`;
  return rows.map((r) => r.alertId);
}

export async function listNotifications(
  sql: Db,
  opts: { alertId?: number; unreadOnly?: boolean; limit?: number; beforeId?: number } = {},
): Promise<StoredNotification[]> {
  return sql<StoredNotification[]>`
    select ${NOTIFICATION_COLUMNS(sql)}
    from alert_notifications n join alerts al on al.id = n.alert_id
    where true
      ${opts.alertId !== undefined ? sql`and n.alert_id = ${opts.alertId}` : sql``}
      ${opts.unreadOnly ? sql`and n.read_at is null` : sql``}
      ${opts.beforeId !== undefined ? sql`and n.id < ${opts.beforeId}` : sql``}
    order by n.id desc limit ${opts.limit ?? 50}`;
}

export async function getNotifications(sql: Db, ids: readonly number[]): Promise<StoredNotification[]> {
  if (ids.length === 0) return [];
  return sql<StoredNotification[]>`
    select ${NOTIFICATION_COLUMNS(sql)}
    from alert_notifications n join alerts al on al.id = n.alert_id
    where n.id = any(${ids as number[]}) order by n.id`;
}

/** Unread notifications over every alert (the inbox badge). */
export async function unreadCount(sql: Db, cap = 1000): Promise<number> {
  // capped: the badge shows "999+" beyond it, and counting stops there
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from (select 1 from alert_notifications where read_at is null limit ${cap}) t`;
  return row!.n;
}

/** Marks notifications read: the given ids, or all of one alert, or all. Returns how many changed. */
export async function markRead(sql: Db, opts: { ids?: readonly number[]; alertId?: number }): Promise<number> {
  const rows = await sql`
    update alert_notifications set read_at = now()
    where read_at is null
      ${opts.ids ? sql`and id = any(${opts.ids as number[]})` : sql``}
      ${opts.alertId !== undefined ? sql`and alert_id = ${opts.alertId}` : sql``}
    returning id`;
  return rows.length;
}

/**
 * Takes an alert's notifications not yet sent in a digest, up to `through`, into the digest of that
 * period; returns their ids (none: nothing to send).
 */
export async function takeDigestNotifications(sql: Db, alertId: number, through: Date): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update alert_notifications set digest_key = ${through}
    where alert_id = ${alertId} and digest_key is null and created_at <= ${through} and kind <> 'test'
    returning id::int`;
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------
// Deliveries

export type Channel = 'webhook' | 'email';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface Delivery {
  id: number;
  alertId: number;
  alertName: string;
  channel: Channel;
  notificationId: number | null;
  digestKey: Date | null;
  status: DeliveryStatus;
  attempts: number;
  retries: number;
  lastError: string | null;
  responseStatus: number | null;
  startedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

const DELIVERY_COLUMNS = (sql: Db) => sql`
  d.id::int, d.alert_id::int as "alertId", al.name as "alertName", d.channel, d.notification_id::int as "notificationId",
  d.digest_key as "digestKey", d.status, d.attempts, d.retries, d.last_error as "lastError",
  d.response_status as "responseStatus", d.started_at as "startedAt", d.sent_at as "sentAt", d.created_at as "createdAt"`;

/** The channels an alert pushes to. */
export function alertChannels(alert: Pick<Alert, 'webhookUrl' | 'emailTo'>): Channel[] {
  return [...(alert.webhookUrl ? (['webhook'] as const) : []), ...(alert.emailTo.length > 0 ? (['email'] as const) : [])];
}

/** One delivery per channel for a notification (or a digest period); returns the ids created now. */
export async function insertDeliveries(
  sql: Db,
  alertId: number,
  channels: readonly Channel[],
  target: { notificationId: number } | { digestKey: Date },
): Promise<number[]> {
  if (channels.length === 0) return [];
  const rows = channels.map((channel) => ({
    alert_id: alertId,
    channel,
    notification_id: 'notificationId' in target ? target.notificationId : null,
    digest_key: 'digestKey' in target ? target.digestKey : null,
  }));
  const inserted = await sql<{ id: number }[]>`insert into alert_deliveries ${sql(rows)} on conflict do nothing returning id::int`;
  return inserted.map((r) => r.id);
}

export async function getDelivery(sql: Db, id: number): Promise<Delivery | undefined> {
  const [row] = await sql<Delivery[]>`select ${DELIVERY_COLUMNS(sql)} from alert_deliveries d join alerts al on al.id = d.alert_id where d.id = ${id}`;
  return row;
}

/**
 * Locks a delivery that still has to go out, for the length of the caller's transaction (`skip
 * locked`: a second worker holding the same job finds nothing) and counts the attempt. Undefined when
 * it was sent already, was given up, or another worker is sending it.
 */
export async function lockDeliveryForSend(tx: Db, id: number): Promise<Delivery | undefined> {
  const [row] = await tx<{ id: number }[]>`
    select id::int from alert_deliveries where id = ${id} and status in ('pending', 'sending') for update skip locked`;
  if (!row) return undefined;
  const [updated] = await tx<Delivery[]>`
    update alert_deliveries d set status = 'sending', attempts = attempts + 1, started_at = now()
    from alerts al where d.id = ${id} and al.id = d.alert_id
    returning ${DELIVERY_COLUMNS(tx)}`;
  return updated;
}

/** Records how an attempt ended: sent, failed for good, or back to pending for the next retry. */
export async function recordDeliveryAttempt(
  sql: Db,
  id: number,
  outcome: { status: 'sent'; responseStatus?: number | null } | { status: 'pending' | 'failed'; error: string; responseStatus?: number | null },
): Promise<void> {
  await sql`
    update alert_deliveries set status = ${outcome.status},
      sent_at = ${outcome.status === 'sent' ? sql`now()` : sql`sent_at`},
      last_error = ${outcome.status === 'sent' ? null : outcome.error},
      response_status = ${outcome.responseStatus ?? null}
    where id = ${id}`;
}

/** Puts a failed delivery back in line; returns the retry number (part of its new job id), or null. */
export async function requeueFailedDelivery(sql: Db, id: number): Promise<number | null> {
  const [row] = await sql<{ retries: number }[]>`
    update alert_deliveries set status = 'pending', retries = retries + 1
    where id = ${id} and status = 'failed' returning retries`;
  return row?.retries ?? null;
}

export async function listDeliveries(
  sql: Db,
  opts: { alertId?: number; status?: DeliveryStatus; limit?: number } = {},
): Promise<Delivery[]> {
  return sql<Delivery[]>`
    select ${DELIVERY_COLUMNS(sql)} from alert_deliveries d join alerts al on al.id = d.alert_id
    where true
      ${opts.alertId !== undefined ? sql`and d.alert_id = ${opts.alertId}` : sql``}
      ${opts.status ? sql`and d.status = ${opts.status}` : sql``}
    order by d.id desc limit ${opts.limit ?? 100}`;
}

/** Deliveries still pending or sending after `olderThanS`: their job may have been lost with Redis. */
export async function stuckDeliveries(sql: Db, olderThanS: number, limit: number, afterId = 0): Promise<{ id: number; retries: number }[]> {
  return sql<{ id: number; retries: number }[]>`
    select id::int, retries from alert_deliveries
    where status in ('pending', 'sending') and coalesce(started_at, created_at) < now() - make_interval(secs => ${olderThanS})
      and id > ${afterId}
    order by id limit ${limit}`;
}

/** The notifications a delivery carries: one, or every one of its digest period. */
export async function deliveryNotifications(sql: Db, d: Pick<Delivery, 'alertId' | 'notificationId' | 'digestKey'>): Promise<StoredNotification[]> {
  if (d.notificationId !== null) return getNotifications(sql, [d.notificationId]);
  return sql<StoredNotification[]>`
    select ${NOTIFICATION_COLUMNS(sql)}
    from alert_notifications n join alerts al on al.id = n.alert_id
    where n.alert_id = ${d.alertId} and n.digest_key = ${d.digestKey} order by n.id`;
}

/** Counts per delivery status (for /metrics). */
export async function deliveryCounts(sql: Db): Promise<{ channel: Channel; status: DeliveryStatus; n: number }[]> {
  return sql`select channel, status, count(*)::int as n from alert_deliveries group by 1, 2`;
}

// ---------------------------------------------------------------------------------------------------
// Matching

export interface ArticleForAlerts {
  id: number;
  stage: string;
  url: string;
  source: string;
  title: string;
  text: string;
  lang: string | null;
  publishedAt: Date | null;
  categories: string[];
  places: { name: string; district?: string | null; province?: string | null; country?: string | null }[];
  actors: string[];
  killed: number | null;
  injured: number | null;
  story: StoryForAlerts | null;
  /** alerts that already notified this article's story */
  following: number[];
  alertRevision: number;
}

export interface StoryForAlerts {
  id: number;
  version: number;
  title: string;
  url: string | null;
  source: string | null;
  firstSeen: Date;
  categories: string[];
  place: string | null;
  province: string | null;
  places: { name: string; district?: string | null; province?: string | null; country?: string | null }[];
  actors: string[];
  killed: number | null;
  injured: number | null;
  killedMin: number | null;
  killedMax: number | null;
  injuredMin: number | null;
  injuredMax: number | null;
  outletCount: number;
}

const ARTICLE_FOR_ALERTS = (sql: Db) => sql`
  a.id::int, a.stage, a.url, a.source, coalesce(a.title, a.feed_title, '') as title,
  coalesce(a.body, a.feed_summary, '') as text, a.lang, a.published_at as "publishedAt",
  coalesce((select array_agg(c.category order by c.category) from article_categories c where c.article_id = a.id), '{}') as categories,
  coalesce(a.places, '[]') as places,
  coalesce((select array_agg(distinct x->>'name') from jsonb_array_elements(coalesce(a.actors, '[]')) x), '{}') as actors,
  (a.casualties->>'killed')::int as killed, (a.casualties->>'injured')::int as injured,
  (select json_build_object('id', s.id, 'version', s.version, 'title', s.title, 'firstSeen', s.first_seen,
     'url', la.url, 'source', la.source,
     'categories', s.categories, 'place', s.place, 'province', s.province, 'places', s.places, 'actors', s.actors,
     'killed', s.killed, 'injured', s.injured, 'killedMin', s.killed_min, 'killedMax', s.killed_max,
     'injuredMin', s.injured_min, 'injuredMax', s.injured_max, 'outletCount', s.outlet_count)
   from stories s left join articles la on la.id = s.lead_article_id where s.id = a.story_id) as story`;

function withDates<T extends { story: StoryForAlerts | null }>(row: T): T {
  if (row.story) row.story.firstSeen = new Date(row.story.firstSeen);
  return row;
}

/** Everything matching needs about one article and its story, in one round trip. */
export async function articleForAlerts(sql: Db, id: number): Promise<ArticleForAlerts | undefined> {
  const [row] = await sql<ArticleForAlerts[]>`
    select ${ARTICLE_FOR_ALERTS(sql)},
      coalesce((select array_agg(distinct n.alert_id::int) from alert_notifications n
        where n.story_id = a.story_id and n.kind in ('story-new', 'story-update')), '{}') as following,
      (select revision::int from alert_revision where id = 1) as "alertRevision"
    from articles a where a.id = ${id}`;
  return row && withDates(row);
}

/**
 * Grouped articles published (or found, when undated) since `since`, newest first, that contain at
 * least one of the stems `anyWords` when given (looked up in the stored `english` tsvector as they are;
 * a stop word, which the tsvector leaves out, disables the filter) — the candidates a preview evaluates.
 */
export async function recentArticlesForAlerts(
  sql: Db,
  opts: { since: Date; anyWords: readonly string[] | null; limit: number },
): Promise<Omit<ArticleForAlerts, 'following' | 'alertRevision'>[]> {
  const words = opts.anyWords ?? [];
  const prefilter = words.length === 0
    ? sql``
    : sql`and (exists (select 1 from unnest(${words as string[]}::text[]) w
          where numnode(plainto_tsquery('english', w)) = 0 or a.search @@ plainto_tsquery('simple', w)))`;
  const rows = await sql<Omit<ArticleForAlerts, 'following' | 'alertRevision'>[]>`
    select ${ARTICLE_FOR_ALERTS(sql)}
    from articles a
    where a.stage in ('grouped', 'matched') and coalesce(a.published_at, a.discovered_at) >= ${opts.since}
      ${prefilter}
    order by coalesce(a.published_at, a.discovered_at) desc, a.id desc limit ${opts.limit}`;
  return rows.map(withDates);
}

/** Moves an article past the alert stage (only from `grouped`). */
export async function markAlertsMatched(sql: Db, id: number): Promise<void> {
  await sql`update articles set stage = 'matched', stage_at = now() where id = ${id} and stage = 'grouped'`;
}

/** Serializes alert decisions about one story (two reports of it matched at once). */
export async function lockStoryAlerts(tx: Db, storyId: number): Promise<void> {
  await tx`select pg_advisory_xact_lock(${0x616c6572}, ${storyId}::int)`;
}
