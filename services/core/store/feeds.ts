import type { Db } from '../db.ts';

export interface Feed {
  id: number;
  url: string;
  name: string | null;
  enabled: boolean;
  intervalS: number;
  offsetS: number;
  etag: string | null;
  lastModified: string | null;
  status: 'new' | 'ok' | 'failing';
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  errorCount: number;
  nextCheckAt: Date;
  createdAt: Date;
}

export interface FeedWithCounts extends Feed {
  itemCount: number;
  itemsLastDay: number;
  itemsLastWeek: number;
}

const FEED_COLUMNS = (sql: Db) => sql`
  id::int, url, name, enabled, interval_s as "intervalS", offset_s as "offsetS", etag,
  last_modified as "lastModified", status, last_polled_at as "lastPolledAt",
  last_success_at as "lastSuccessAt", last_status as "lastStatus", last_error as "lastError",
  error_count as "errorCount", next_check_at as "nextCheckAt", created_at as "createdAt"`;

export interface NewFeed {
  url: string;
  name?: string | null;
  intervalS?: number;
}

/** A stable per-feed offset within its interval, so feeds sharing an interval do not fire together. */
export function feedOffset(url: string, intervalS: number): number {
  let h = 2166136261;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 16777619);
  return (h >>> 0) % Math.max(1, intervalS);
}

/** Inserts feeds that are not there yet (by URL); returns the ones inserted. */
export async function insertFeeds(sql: Db, feeds: NewFeed[], defaultIntervalS: number): Promise<Feed[]> {
  if (feeds.length === 0) return [];
  const rows = feeds.map((f) => {
    const interval = f.intervalS ?? defaultIntervalS;
    return { url: f.url, name: f.name ?? null, interval_s: interval, offset_s: feedOffset(f.url, interval) };
  });
  return sql<Feed[]>`
    insert into feeds ${sql(rows)}
    on conflict (url) do nothing
    returning ${FEED_COLUMNS(sql)}`;
}

export async function getFeed(sql: Db, id: number): Promise<Feed | undefined> {
  const [feed] = await sql<Feed[]>`select ${FEED_COLUMNS(sql)} from feeds where id = ${id}`;
  return feed;
}

export async function findFeed(sql: Db, idOrUrl: string): Promise<Feed | undefined> {
  const [feed] = /^\d+$/.test(idOrUrl)
    ? await sql<Feed[]>`select ${FEED_COLUMNS(sql)} from feeds where id = ${Number(idOrUrl)}`
    : await sql<Feed[]>`select ${FEED_COLUMNS(sql)} from feeds where url = ${idOrUrl}`;
  return feed;
}

/** Every feed with its stored item count and items seen in the last 24 h and 7 days, by id. */
export async function listFeeds(sql: Db): Promise<FeedWithCounts[]> {
  return sql<FeedWithCounts[]>`
    select ${FEED_COLUMNS(sql)}, coalesce(c.total, 0)::int as "itemCount", coalesce(c.last_day, 0)::int as "itemsLastDay",
      coalesce(c.last_week, 0)::int as "itemsLastWeek"
    from feeds f
    left join lateral (
      select count(*) as total, count(*) filter (where first_seen_at > now() - interval '1 day') as last_day,
        count(*) filter (where first_seen_at > now() - interval '7 days') as last_week
      from feed_items fi where fi.feed_id = f.id
    ) c on true
    order by f.id`;
}

export async function countFeeds(sql: Db): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from feeds`;
  return row!.n;
}

export async function deleteFeed(sql: Db, id: number): Promise<boolean> {
  const rows = await sql`delete from feeds where id = ${id} returning id`;
  return rows.length > 0;
}

export async function setFeedEnabled(sql: Db, id: number, enabled: boolean): Promise<boolean> {
  const rows = await sql`update feeds set enabled = ${enabled}, next_check_at = now() where id = ${id} returning id`;
  return rows.length > 0;
}

/**
 * Claims up to `limit` enabled feeds whose next check is due: pushes their next check one interval
 * ahead (a lease, in case the poll job is lost) and returns their ids. `skip locked` lets several
 * schedulers run at once without claiming a feed twice.
 */
export async function claimDueFeeds(sql: Db, limit: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update feeds f set next_check_at = now() + make_interval(secs => f.interval_s)
    where f.id in (
      select id from feeds where enabled and next_check_at <= now()
      order by next_check_at limit ${limit} for update skip locked)
    returning f.id::int`;
  return rows.map((r) => r.id);
}

/** Makes every enabled feed due now (used by `poll --once`). */
export async function markAllFeedsDue(sql: Db): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update feeds set next_check_at = now() where enabled returning id::int`;
  return rows.map((r) => r.id);
}

export interface PollOutcome {
  outcome: 'ok' | 'not_modified' | 'error';
  httpStatus?: number | null;
  itemsSeen?: number;
  itemsNew?: number;
  itemsSkipped?: number;
  /** Why items were skipped, e.g. `2 × no link`. */
  skipped?: string | null;
  durationMs: number;
  error?: string;
  etag?: string | null;
  lastModified?: string | null;
  /** For errors: seconds until the next attempt (backoff already applied). */
  retryInS?: number;
}

/** Records a poll on the feed (status, validators, error streak, next check) and in its history. */
export async function recordFeedPoll(sql: Db, feedId: number, poll: PollOutcome): Promise<void> {
  if (poll.outcome === 'error') {
    await sql`
      update feeds set status = 'failing', last_polled_at = now(), last_status = ${poll.httpStatus ?? null},
        last_error = ${poll.error ?? 'unknown error'}, error_count = error_count + 1,
        next_check_at = now() + make_interval(secs => ${poll.retryInS ?? 600})
      where id = ${feedId}`;
  } else {
    await sql`
      update feeds set status = 'ok', last_polled_at = now(), last_success_at = now(),
        last_status = ${poll.httpStatus ?? null}, last_error = null, error_count = 0,
        etag = coalesce(${poll.etag ?? null}, etag), last_modified = coalesce(${poll.lastModified ?? null}, last_modified),
        next_check_at = to_timestamp(
          (floor((extract(epoch from now()) - offset_s) / interval_s) + 1) * interval_s + offset_s)
      where id = ${feedId}`;
  }
  await sql`
    insert into feed_polls (feed_id, outcome, http_status, items_seen, items_new, items_skipped, skipped, duration_ms, error)
    values (${feedId}, ${poll.outcome}, ${poll.httpStatus ?? null}, ${poll.itemsSeen ?? 0}, ${poll.itemsNew ?? 0},
            ${poll.itemsSkipped ?? 0}, ${poll.skipped ?? null}, ${poll.durationMs}, ${poll.error ?? null})`;
}

/** Each feed's latest poll since `since`, with the feed's URL. */
export async function latestPollsSince(
  sql: Db,
  since: Date,
): Promise<{ feedId: number; url: string; outcome: string; itemsSeen: number; itemsNew: number; error: string | null }[]> {
  return sql`
    select distinct on (p.feed_id) p.feed_id::int as "feedId", f.url, p.outcome, p.items_seen as "itemsSeen", p.items_new as "itemsNew", p.error
    from feed_polls p join feeds f on f.id = p.feed_id
    where p.polled_at >= ${since} order by p.feed_id, p.polled_at desc`;
}
