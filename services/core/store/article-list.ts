import type { Db } from '../db.ts';

export interface ArticleFilter {
  q?: string;
  category?: string;
  source?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface ArticleSummary {
  id: number;
  url: string;
  title: string | null;
  source: string;
  /** The outlet's name as its page gives it (og:site_name), when extraction found one. */
  siteName: string | null;
  publishedAt: Date | null;
  dateTrusted: boolean;
  categories: string[];
  casualties: unknown;
  places: unknown;
  relevant: boolean | null;
  stage: string;
  extractStatus: string | null;
  storyId: number | null;
}

/** Articles matching the filter, newest first (by publication date, then discovery), with the total. */
export async function listArticles(sql: Db, f: ArticleFilter): Promise<{ articles: ArticleSummary[]; total: number }> {
  const where = sql`
    where true
    ${f.q ? sql`and a.search @@ websearch_to_tsquery('english', ${f.q})` : sql``}
    ${f.category ? sql`and exists (select 1 from article_categories c where c.article_id = a.id and c.category = ${f.category})` : sql``}
    ${f.source ? sql`and a.source = ${f.source}` : sql``}
    ${f.from ? sql`and a.published_at >= ${f.from}` : sql``}
    ${f.to ? sql`and a.published_at < ${f.to}` : sql``}`;
  const articles = await sql<ArticleSummary[]>`
    select a.id::int, a.url, coalesce(a.title, a.feed_title) as title, a.source, a.site_name as "siteName",
      a.published_at as "publishedAt", a.date_trusted as "dateTrusted",
      coalesce((select array_agg(c.category order by c.score desc) from article_categories c where c.article_id = a.id), '{}') as categories,
      a.casualties, a.places, a.relevant, a.stage, a.extract_status as "extractStatus", a.story_id::int as "storyId"
    from articles a ${where}
    order by a.published_at desc nulls last, a.id desc
    limit ${f.limit} offset ${f.offset}`;
  const [count] = await sql<{ n: number }[]>`select count(*)::int as n from articles a ${where}`;
  return { articles, total: count!.n };
}

export interface ArticleDetail extends ArticleSummary {
  body: string | null;
  byline: string | null;
  lang: string | null;
  dateSource: string | null;
  extractError: string | null;
  relevance: number | null;
  actors: unknown;
  claims: unknown;
  categoryDetails: { category: string; score: number; evidence: unknown }[];
}

export async function getArticleDetail(sql: Db, id: number): Promise<ArticleDetail | undefined> {
  const [row] = await sql<ArticleDetail[]>`
    select a.id::int, a.url, coalesce(a.title, a.feed_title) as title, a.source, a.site_name as "siteName",
      a.published_at as "publishedAt", a.date_trusted as "dateTrusted", a.date_source as "dateSource", a.casualties, a.places, a.actors, a.claims,
      a.relevant, a.relevance, a.stage, a.extract_status as "extractStatus", a.extract_error as "extractError",
      a.body, a.byline, a.lang, a.story_id::int as "storyId",
      coalesce((select array_agg(c.category order by c.score desc) from article_categories c where c.article_id = a.id), '{}') as categories,
      coalesce((select json_agg(json_build_object('category', c.category, 'score', c.score, 'evidence', c.evidence) order by c.score desc)
                from article_categories c where c.article_id = a.id), '[]') as "categoryDetails"
    from articles a where a.id = ${id}`;
  return row;
}
