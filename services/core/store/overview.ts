// The overview's figures in one statement: the stories in scope are read once (one index range on
// first_seen) and every aggregate — trend, casualties, places, actors, claims, sources, comparison with
// the previous period, latest stories — is taken from that one pass.

import type { QueryNode } from '../../alerts/query/ast.ts';
import type { NameIndex, PlaceRef } from '../../classifier/names.ts';
import type { Db } from '../db.ts';
import { articleMatches, placeMatch, storyMatches } from './query-sql.ts';
import { OUTLET } from './stories.ts';
import { SUMMARY_COLUMNS, type StorySummary } from './story-list.ts';

/** Which stories a view covers: a time range and optional filters (each narrows). */
export interface StoryScope {
  from: Date;
  to: Date;
  category?: string;
  /** An outlet's host, e.g. dawn.com. */
  source?: string;
  place?: PlaceRef;
  /** Canonical actor name. */
  actor?: string;
  query?: QueryNode;
  /** Resolves place and actor spellings inside the query. */
  names?: NameIndex;
}

export type Interval = 'day' | 'week';

const CASUALTY_CATEGORIES = ['attack', 'border_clash', 'military_operation'];

/** The where-clause for stories in scope, first seen in [from, to). */
export function storyScopeWhere(sql: Db, scope: Omit<StoryScope, 'from' | 'to'>, from: Date, to: Date) {
  const p = scope.place;
  return sql`
    s.merged_into is null and s.relevant and s.article_count > 0 and s.first_seen >= ${from} and s.first_seen < ${to}
    ${scope.category ? sql`and ${scope.category} = any(s.categories)` : sql``}
    ${scope.source ? sql`and exists (select 1 from unnest(s.outlets) o where lower(o) = lower(${scope.source}))` : sql``}
    ${scope.actor ? sql`and ${scope.actor} = any(s.actors)` : sql``}
    ${!p ? sql``
      : p.level === 'country' ? sql`and s.country = ${p.name}`
      : p.level === 'province' ? sql`and s.province = ${p.name}`
      : p.level === 'unit' ? sql`and s.place = ${p.name}`
      : sql`and s.places @> ${sql.json([{ name: p.name }])}`}
    ${scope.query ? sql`and ${storyMatches(sql, scope.query, from, to, scope.names)}` : sql``}`;
}

export interface OverviewFigures {
  /** Incidents per bucket and category (dated stories only). */
  trend: { bucket: string; category: string; n: number }[];
  casualties: { bucket: string; incidents: number; killed: number; killedLow: number; killedHigh: number; injured: number; injuredLow: number; injuredHigh: number }[];
  /** Per category: incidents now and in the previous period of the same length. */
  comparison: { category: string; current: number; previous: number }[];
  totals: { incidents: number; previousIncidents: number; killed: number; killedLow: number; killedHigh: number; injured: number; previousKilled: number; undated: number };
  provinces: { province: string; country: string; n: number; killed: number }[];
  places: { place: string; province: string | null; country: string | null; lat: number | null; lon: number | null; n: number; killed: number }[];
  actors: { actor: string; n: number }[];
  claims: { actor: string; type: string; n: number }[];
  sources: { source: string; n: number }[];
  latest: StorySummary[];
}

/** Every story-based figure of the overview for one scope, in one round trip. */
export async function overviewFigures(sql: Db, scope: StoryScope, interval: Interval, casualtyInterval: Interval): Promise<OverviewFigures> {
  // casualties count stories of the casualty categories; filtered to another category, none
  const casualtyCategories = scope.category ? CASUALTY_CATEGORIES.filter((c) => c === scope.category) : CASUALTY_CATEGORIES;
  const span = scope.to.getTime() - scope.from.getTime();
  const previousFrom = new Date(scope.from.getTime() - span);
  const [row] = await sql<[OverviewFigures]>`
    with scoped as materialized (
      select s.id, s.title, s.first_seen, s.last_seen, s.dated, s.article_count, s.outlet_count, s.outlets, s.categories,
        s.place, s.province, s.country, s.lat, s.lon, s.actors, s.claims, s.killed, s.injured,
        s.killed_min, s.killed_max, s.injured_min, s.injured_max, s.version,
        s.first_seen >= ${scope.from} as current
      from stories s where ${storyScopeWhere(sql, scope, previousFrom, scope.to)}
    ), cur as materialized (select * from scoped where current and dated)
    select
      (select coalesce(json_agg(t order by t.bucket, t.category), '[]') from (
        select date_trunc(${interval}, first_seen, 'UTC') as bucket, c as category, count(*)::int as n
        from cur cross join unnest(categories) c ${scope.category ? sql`where c = ${scope.category}` : sql``}
        group by 1, 2) t) as trend,
      (select coalesce(json_agg(t order by t.bucket), '[]') from (
        select date_trunc(${casualtyInterval}, first_seen, 'UTC') as bucket, count(*)::int as incidents,
          coalesce(sum(killed), 0)::int as killed, coalesce(sum(killed_min), 0)::int as "killedLow", coalesce(sum(killed_max), 0)::int as "killedHigh",
          coalesce(sum(injured), 0)::int as injured, coalesce(sum(injured_min), 0)::int as "injuredLow", coalesce(sum(injured_max), 0)::int as "injuredHigh"
        from cur where categories && ${casualtyCategories}::text[]
        group by 1) t) as casualties,
      (select coalesce(json_agg(t order by t.current desc, t.category), '[]') from (
        select c as category, count(*) filter (where current)::int as current, count(*) filter (where not current)::int as previous
        from scoped cross join unnest(categories) c where dated ${scope.category ? sql`and c = ${scope.category}` : sql``} group by 1) t) as comparison,
      (select json_build_object(
          'incidents', count(*) filter (where current and dated), 'previousIncidents', count(*) filter (where not current and dated),
          'killed', coalesce(sum(killed) filter (where current and dated and categories && ${casualtyCategories}::text[]), 0),
          'killedLow', coalesce(sum(killed_min) filter (where current and dated and categories && ${casualtyCategories}::text[]), 0),
          'killedHigh', coalesce(sum(killed_max) filter (where current and dated and categories && ${casualtyCategories}::text[]), 0),
          'injured', coalesce(sum(injured) filter (where current and dated and categories && ${casualtyCategories}::text[]), 0),
          'previousKilled', coalesce(sum(killed) filter (where not current and dated and categories && ${casualtyCategories}::text[]), 0),
          'undated', count(*) filter (where current and not dated))
        from scoped) as totals,
      (select coalesce(json_agg(t order by t.n desc, t.province), '[]') from (
        select province, country, count(*)::int as n, coalesce(sum(killed), 0)::int as killed
        from cur where province is not null group by 1, 2 order by 3 desc, 1 limit 20) t) as provinces,
      (select coalesce(json_agg(t order by t.n desc, t.place), '[]') from (
        select place, min(province) as province, min(country) as country, avg(lat) as lat, avg(lon) as lon,
          count(*)::int as n, coalesce(sum(killed), 0)::int as killed
        from cur where place is not null group by 1 order by count(*) desc, 1 limit 15) t) as places,
      (select coalesce(json_agg(t order by t.n desc, t.actor), '[]') from (
        select a as actor, count(*)::int as n from cur cross join unnest(actors) a group by 1 order by 2 desc, 1 limit 12) t) as actors,
      (select coalesce(json_agg(t order by t.n desc, t.actor, t.type), '[]') from (
        select c->>'actor' as actor, c->>'type' as type, count(distinct cur.id)::int as n
        from cur cross join jsonb_array_elements(claims) c group by 1, 2 order by 3 desc, 1, 2 limit 12) t) as claims,
      (select coalesce(json_agg(t order by t.n desc, t.source), '[]') from (
        select o as source, count(*)::int as n from cur cross join unnest(outlets) o group by 1 order by 2 desc, 1 limit 12) t) as sources,
      (select coalesce(json_agg(t), '[]') from (
        select id::int, title, first_seen as "firstSeen", last_seen as "lastSeen", dated, article_count as "articleCount",
          outlet_count as "outletCount", outlets, true as relevant, categories, place, province, country, actors, killed, injured,
          case when killed_min is null then null else json_build_array(killed_min, killed_max) end as "killedRange",
          case when injured_min is null then null else json_build_array(injured_min, injured_max) end as "injuredRange", version
        from scoped where current order by first_seen desc, id desc limit 10) t) as latest`;
  return row;
}

/**
 * The where-clause for articles in scope (filters only; callers add the time range they index on).
 * Trends count relevant articles; search finds off-topic ones too.
 */
export function articleScopeWhere(sql: Db, scope: Omit<StoryScope, 'from' | 'to'>, relevantOnly = true) {
  return sql`
    ${relevantOnly ? sql`a.relevant` : sql`true`}
    ${scope.category ? sql`and exists (select 1 from article_categories c where c.article_id = a.id and c.category = ${scope.category})` : sql``}
    ${scope.source ? sql`and lower(${OUTLET(sql)}) = lower(${scope.source})` : sql``}
    ${scope.actor ? sql`and a.actors @> ${sql.json([{ name: scope.actor }])}` : sql``}
    ${scope.place ? sql`and ${placeMatch(sql, scope.place, scope.place.name)}` : sql``}
    ${scope.query ? sql`and ${articleMatches(sql, scope.query, scope.names)}` : sql``}`;
}

/** The newest stories in scope (one index range, newest first). */
export async function latestStories(sql: Db, scope: StoryScope, limit: number): Promise<StorySummary[]> {
  return sql<StorySummary[]>`
    select ${SUMMARY_COLUMNS(sql)} from stories s where ${storyScopeWhere(sql, scope, scope.from, scope.to)}
    order by s.first_seen desc, s.id desc limit ${limit}`;
}

/** Coverage volume: relevant articles per bucket and category by publication date (trusted dates only). */
export async function articleTrend(sql: Db, scope: StoryScope, interval: Interval): Promise<{ trend: OverviewFigures['trend']; undated: number }> {
  const where = articleScopeWhere(sql, { ...scope, category: undefined });
  const [row] = await sql<[{ trend: OverviewFigures['trend']; undated: number }]>`
    select
      (select coalesce(json_agg(t order by t.bucket, t.category), '[]') from (
        select date_trunc(${interval}, a.published_at, 'UTC') as bucket, c.category, count(*)::int as n
        from articles a join article_categories c on c.article_id = a.id
        where a.date_trusted and a.published_at >= ${scope.from} and a.published_at < ${scope.to} and ${where}
          ${scope.category ? sql`and c.category = ${scope.category}` : sql``}
        group by 1, 2) t) as trend,
      (select count(*)::int from articles a
        where not a.date_trusted and a.discovered_at >= ${scope.from} and a.discovered_at < ${scope.to} and ${where}
          ${scope.category ? sql`and exists (select 1 from article_categories c where c.article_id = a.id and c.category = ${scope.category})` : sql``}) as undated`;
  return row;
}

export interface CoverageHealth {
  days: { day: string; articles: number; polls: number; failedPolls: number; feedsFailing: number }[];
  /** Feeds whose latest poll failed. */
  failingNow: number;
  feeds: number;
}

/** Health figures of the days in [from, to), computed from the articles and polls themselves. */
function healthDays(sql: Db, from: Date | string, to: Date | string) {
  return sql`
    select d.day::date as day, coalesce(a.n, 0)::int as articles, coalesce(p.polls, 0)::int as polls,
      coalesce(p.failed, 0)::int as failed_polls, coalesce(p.feeds_failing, 0)::int as feeds_failing
    from generate_series(${from}::date, ${to}::date - 1, interval '1 day') d(day)
    left join (select (discovered_at at time zone 'UTC')::date as day, count(*) as n from articles
               where discovered_at >= ${from}::date::timestamp at time zone 'UTC' and discovered_at < ${to}::date::timestamp at time zone 'UTC'
               group by 1) a on a.day = d.day
    left join (select day, sum(polls) as polls, sum(failed) as failed, count(*) filter (where ok = 0) as feeds_failing
               from (select (polled_at at time zone 'UTC')::date as day, feed_id, count(*) as polls,
                       count(*) filter (where outcome = 'error') as failed, count(*) filter (where outcome <> 'error') as ok
                     from feed_polls
                     where polled_at >= ${from}::date::timestamp at time zone 'UTC' and polled_at < ${to}::date::timestamp at time zone 'UTC'
                     group by 1, 2) x
               group by 1) p on p.day = d.day`;
}

/**
 * Articles ingested and feeds failing per day, so that an outage is not read as a lull. A feed counts
 * as failing on a day when it was polled that day and no poll succeeded. Days that are over (before
 * yesterday, UTC) are computed once and kept in ingest_days; the last two are always computed afresh.
 */
export async function coverageHealth(sql: Db, from: Date, to: Date): Promise<CoverageHealth> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const settled = day(new Date(Date.now() - 86_400_000));
  const start = day(from);
  const end = day(new Date(to.getTime() - 1 + 86_400_000));
  const settledEnd = end < settled ? end : settled;
  if (start < settledEnd) {
    const [missing] = await sql<{ n: number }[]>`
      select (${settledEnd}::date - ${start}::date) - count(*)::int as n from ingest_days where day >= ${start} and day < ${settledEnd}`;
    if (missing!.n > 0) {
      await sql`insert into ingest_days (day, articles, polls, failed_polls, feeds_failing)
        select * from (${healthDays(sql, start, settledEnd)}) h on conflict (day) do nothing`;
    }
  }
  const [row] = await sql<[CoverageHealth]>`
    select
      (select coalesce(json_agg(json_build_object('day', (t.day::timestamp at time zone 'UTC'), 'articles', t.articles, 'polls', t.polls,
          'failedPolls', t.failed_polls, 'feedsFailing', t.feeds_failing) order by t.day), '[]') from (
        select * from ingest_days where day >= ${start} and day < ${settledEnd}
        union all select * from (${healthDays(sql, settledEnd > start ? settledEnd : start, end)}) live) t) as days,
      (select count(*)::int from feeds where enabled and status = 'failing') as "failingNow",
      (select count(*)::int from feeds where enabled) as feeds`;
  return row;
}
