// Reading stories: the list with filters, one story with its reports, and the incident/coverage trends.

import type { Db } from '../db.ts';
import { OUTLET } from './stories.ts';

export interface StoryFilter {
  category?: string;
  place?: string;
  from?: Date;
  to?: Date;
  /** Only stories judged relevant (the default for lists and trends). */
  relevantOnly: boolean;
  limit: number;
  offset: number;
}

export interface StorySummary {
  id: number;
  title: string;
  firstSeen: Date;
  lastSeen: Date;
  /** False when no report had a date: the times are when the reports were found. */
  dated: boolean;
  articleCount: number;
  outletCount: number;
  outlets: string[];
  relevant: boolean;
  categories: string[];
  place: string | null;
  province: string | null;
  country: string | null;
  actors: string[];
  killed: number | null;
  injured: number | null;
  killedRange: [number, number] | null;
  injuredRange: [number, number] | null;
  version: number;
}

/** The columns of a StorySummary, over the alias `s`. */
export const SUMMARY_COLUMNS = (sql: Db) => sql`
  s.id::int, s.title, s.first_seen as "firstSeen", s.last_seen as "lastSeen", s.dated, s.article_count as "articleCount",
  s.outlet_count as "outletCount", s.outlets, s.relevant, s.categories, s.place, s.province, s.country, s.actors,
  s.killed, s.injured,
  case when s.killed_min is null then null else json_build_array(s.killed_min, s.killed_max) end as "killedRange",
  case when s.injured_min is null then null else json_build_array(s.injured_min, s.injured_max) end as "injuredRange",
  s.version`;

function storyWhere(sql: Db, f: Omit<StoryFilter, 'limit' | 'offset'>) {
  return sql`
    where s.merged_into is null and s.article_count > 0
    ${f.relevantOnly ? sql`and s.relevant` : sql``}
    ${f.category ? sql`and ${f.category} = any(s.categories)` : sql``}
    ${f.place ? sql`and (s.place = ${f.place} or s.province = ${f.place})` : sql``}
    ${f.from ? sql`and s.first_seen >= ${f.from}` : sql``}
    ${f.to ? sql`and s.first_seen < ${f.to}` : sql``}`;
}

/** Stories matching the filter, newest first, with the total. */
export async function listStories(sql: Db, f: StoryFilter): Promise<{ stories: StorySummary[]; total: number }> {
  const where = storyWhere(sql, f);
  const stories = await sql<StorySummary[]>`
    select ${SUMMARY_COLUMNS(sql)} from stories s ${where}
    order by s.first_seen desc, s.id desc limit ${f.limit} offset ${f.offset}`;
  const [count] = await sql<{ n: number }[]>`select count(*)::int as n from stories s ${where}`;
  return { stories, total: count!.n };
}

export interface StoryDetail extends StorySummary {
  mergedInto: number | null;
  places: unknown;
  claims: unknown;
  casualties: unknown;
  articles: {
    id: number;
    title: string | null;
    url: string;
    source: string;
    publishedAt: Date | null;
    categories: string[];
    casualties: unknown;
    duplicateOf: number | null;
    pinned: boolean;
  }[];
}

/** One story with its reports (oldest first); a merged story answers with `mergedInto` set. */
export async function getStoryDetail(sql: Db, id: number): Promise<StoryDetail | undefined> {
  const [story] = await sql<StoryDetail[]>`
    select ${SUMMARY_COLUMNS(sql)}, s.merged_into::int as "mergedInto", s.places, s.claims, s.casualties
    from stories s where s.id = ${id}`;
  if (!story) return undefined;
  story.articles = await sql`
    select a.id::int, coalesce(a.title, a.feed_title) as title, a.url, ${OUTLET(sql)} as source,
      coalesce(a.published_at, a.feed_published_at) as "publishedAt", a.casualties,
      a.duplicate_of::int as "duplicateOf", a.story_pinned as pinned,
      coalesce((select array_agg(c.category order by c.score desc) from article_categories c where c.article_id = a.id), '{}') as categories
    from articles a where a.story_id = ${id}
    order by coalesce(a.published_at, a.feed_published_at, a.discovered_at), a.id
    limit 1000`;
  return story;
}

export type TrendUnit = 'stories' | 'articles';
export type TrendInterval = 'day' | 'week';

export interface TrendPoint {
  bucket: Date;
  category: string;
  n: number;
}

/**
 * Counts per time bucket and category: incidents (stories, by when first reported) or coverage
 * (articles, by publication date; articles without a trusted date are left out and counted apart).
 */
export async function categoryTrend(
  sql: Db,
  unit: TrendUnit,
  interval: TrendInterval,
  from: Date,
  to: Date,
): Promise<{ points: TrendPoint[]; undated: number }> {
  if (unit === 'stories') {
    const points = await sql<TrendPoint[]>`
      select date_trunc(${interval}, s.first_seen, 'UTC') as bucket, c.category, count(*)::int as n
      from stories s cross join unnest(s.categories) as c(category)
      where s.merged_into is null and s.relevant and s.dated and s.first_seen >= ${from} and s.first_seen < ${to}
      group by 1, 2 order by 1, 2`;
    const [u] = await sql<{ n: number }[]>`
      select count(*)::int as n from stories s
      where s.merged_into is null and s.relevant and not s.dated and s.first_seen >= ${from} and s.first_seen < ${to}`;
    return { points, undated: u!.n };
  }
  const points = await sql<TrendPoint[]>`
    select date_trunc(${interval}, a.published_at, 'UTC') as bucket, c.category, count(*)::int as n
    from articles a join article_categories c on c.article_id = a.id
    where a.date_trusted and a.published_at >= ${from} and a.published_at < ${to}
    group by 1, 2 order by 1, 2`;
  const [u] = await sql<{ n: number }[]>`
    select count(*)::int as n from articles a
    where not a.date_trusted and a.relevant and a.discovered_at >= ${from} and a.discovered_at < ${to}`;
  return { points, undated: u!.n };
}

export interface CasualtyPoint {
  bucket: Date;
  incidents: number;
  killed: number;
  killedLow: number;
  killedHigh: number;
  injured: number;
  injuredLow: number;
  injuredHigh: number;
}

/** Killed and injured per bucket from attack, clash and operation stories: the trend figure and the range. */
export async function casualtyTrend(sql: Db, interval: TrendInterval, from: Date, to: Date): Promise<CasualtyPoint[]> {
  return sql<CasualtyPoint[]>`
    select date_trunc(${interval}, s.first_seen, 'UTC') as bucket, count(*)::int as incidents,
      coalesce(sum(s.killed), 0)::int as killed, coalesce(sum(s.killed_min), 0)::int as "killedLow",
      coalesce(sum(s.killed_max), 0)::int as "killedHigh",
      coalesce(sum(s.injured), 0)::int as injured, coalesce(sum(s.injured_min), 0)::int as "injuredLow",
      coalesce(sum(s.injured_max), 0)::int as "injuredHigh"
    from stories s
    where s.merged_into is null and s.relevant and s.dated and s.categories && array['attack', 'border_clash', 'military_operation']
      and s.first_seen >= ${from} and s.first_seen < ${to}
    group by 1 order by 1`;
}
