// Search over stored articles and stories: the dashboard's search page and its exports.

import type { Db } from '../db.ts';
import { articleScopeWhere, storyScopeWhere, type StoryScope } from './overview.ts';
import { highlightTsquery } from './query-sql.ts';
import { OUTLET } from './stories.ts';
import { SUMMARY_COLUMNS, type StorySummary } from './story-list.ts';

/** Marks around highlighted words: control characters no article text carries, escaped by the caller. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

export interface ArticleHit {
  id: number;
  url: string;
  title: string | null;
  /** Title and snippet with the matched words between MARK_START and MARK_END. */
  titleMarked: string | null;
  snippet: string;
  source: string;
  publishedAt: Date | null;
  dateTrusted: boolean;
  categories: string[];
  casualties: { killed?: number | null; injured?: number | null } | null;
  place: string | null;
  province: string | null;
  storyId: number | null;
  outletCount: number | null;
  relevant: boolean | null;
}

export interface Page {
  limit: number;
  offset: number;
}

/** Articles in scope (published in range, or undated and found in range), newest first, with the total. */
export async function searchArticles(sql: Db, scope: StoryScope, page: Page): Promise<{ hits: ArticleHit[]; total: number }> {
  const where = sql`${articleScopeWhere(sql, scope, false)}
    and ((a.published_at >= ${scope.from} and a.published_at < ${scope.to})
      or (a.published_at is null and a.discovered_at >= ${scope.from} and a.discovered_at < ${scope.to}))`;
  const tsq = scope.query ? highlightTsquery(sql, scope.query) : null;
  const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MinWords=12, MaxWords=28, FragmentDelimiter=" … "`;
  const [hits, [count]] = await Promise.all([
    sql<ArticleHit[]>`
      select a.id::int, a.url, coalesce(a.title, a.feed_title) as title,
        ${tsq ? sql`ts_headline('english', coalesce(a.title, a.feed_title, ''), ${tsq}, ${`HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`})` : sql`null`} as "titleMarked",
        ${tsq
          ? sql`ts_headline('english', left(coalesce(a.body, a.feed_summary, ''), 20000), ${tsq}, ${options})`
          : sql`left(coalesce(a.excerpt, a.body, a.feed_summary, ''), 280)`} as snippet,
        ${OUTLET(sql)} as source, coalesce(a.published_at, a.feed_published_at) as "publishedAt", a.date_trusted as "dateTrusted",
        coalesce((select array_agg(c.category order by c.score desc) from article_categories c where c.article_id = a.id), '{}') as categories,
        a.casualties, a.places->0->>'name' as place, a.places->0->>'province' as province, a.story_id::int as "storyId", a.relevant,
        (select s.outlet_count from stories s where s.id = a.story_id) as "outletCount"
      from articles a where ${where}
      order by a.published_at desc nulls last, a.id desc
      limit ${page.limit} offset ${page.offset}`,
    sql<{ n: number }[]>`select count(*)::int as n from articles a where ${where}`,
  ]);
  return { hits, total: count!.n };
}

/** Stories in scope, newest first, with the total. */
export async function searchStories(sql: Db, scope: StoryScope, page: Page): Promise<{ stories: StorySummary[]; total: number }> {
  const where = storyScopeWhere(sql, scope, scope.from, scope.to);
  const [stories, [count]] = await Promise.all([
    sql<StorySummary[]>`
      select ${SUMMARY_COLUMNS(sql)} from stories s where ${where}
      order by s.first_seen desc, s.id desc limit ${page.limit} offset ${page.offset}`,
    sql<{ n: number }[]>`select count(*)::int as n from stories s where ${where}`,
  ]);
  return { stories, total: count!.n };
}
