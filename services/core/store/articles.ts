import type { Db } from '../db.ts';
import { applyLabelCorrections } from './label-corrections.ts';

/** Pipeline stages an article row passes through, in order. */
export const STAGES = ['stored', 'extracted', 'classified', 'grouped', 'matched'] as const;
export type Stage = (typeof STAGES)[number];

export interface NewArticle {
  canonicalUrl: string;
  url: string;
  source: string;
  guid: string | null;
  feedTitle: string | null;
  feedSummary: string | null;
  feedPublishedAt: Date | null;
}

/**
 * Inserts the articles whose canonical URL is new and links every item to the feed; the unique
 * canonical URL decides what is new. Returns the ids of the new rows.
 */
export async function insertNewArticles(sql: Db, feedId: number, items: NewArticle[]): Promise<number[]> {
  const unique = [...new Map(items.map((i) => [i.canonicalUrl, i])).values()];
  if (unique.length === 0) return [];
  const rows = unique.map((i) => ({
    canonical_url: i.canonicalUrl,
    url: i.url,
    source: i.source,
    feed_id: feedId,
    guid: i.guid,
    feed_title: i.feedTitle,
    feed_summary: i.feedSummary,
    feed_published_at: i.feedPublishedAt,
  }));
  const inserted = await sql<{ id: number }[]>`
    insert into articles ${sql(rows)}
    on conflict (canonical_url) do nothing
    returning id::int`;
  await sql`
    insert into feed_items (feed_id, article_id)
    select ${feedId}, id from articles where canonical_url = any(${unique.map((i) => i.canonicalUrl)})
    on conflict do nothing`;
  return inserted.map((r) => r.id);
}

export interface ArticleRow {
  id: number;
  canonicalUrl: string;
  url: string;
  source: string;
  feedId: number | null;
  feedTitle: string | null;
  feedSummary: string | null;
  feedPublishedAt: Date | null;
  stage: Stage;
  title: string | null;
  body: string | null;
  publishedAt: Date | null;
  discoveredAt: Date;
}

export async function getArticle(sql: Db, id: number): Promise<ArticleRow | undefined> {
  const [row] = await sql<ArticleRow[]>`
    select id::int, canonical_url as "canonicalUrl", url, source, feed_id::int as "feedId",
      feed_title as "feedTitle", feed_summary as "feedSummary", feed_published_at as "feedPublishedAt",
      stage, title, body, published_at as "publishedAt", discovered_at as "discoveredAt"
    from articles where id = ${id}`;
  return row;
}

export interface Extraction {
  status: 'ok' | 'fallback';
  error: string | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  excerpt: string | null;
  body: string | null;
  publishedAt: Date | null;
  dateSource: 'page' | 'feed' | 'url' | 'none';
  dateTrusted: boolean;
}

/** Stores the extraction and moves the row to `extracted`; false when it had already moved on. */
export async function saveExtraction(sql: Db, id: number, e: Extraction): Promise<boolean> {
  const rows = await sql`
    update articles set
      extract_status = ${e.status}, extract_error = ${e.error}, extracted_at = now(),
      title = ${e.title}, byline = ${e.byline}, site_name = ${e.siteName}, lang = ${e.lang},
      excerpt = ${e.excerpt}, body = ${e.body},
      published_at = ${e.publishedAt}, date_source = ${e.dateSource}, date_trusted = ${e.dateTrusted},
      stage = 'extracted', stage_at = now()
    where id = ${id} and stage = 'stored'
    returning id`;
  return rows.length > 0;
}

export interface ClassificationRecord {
  relevant: boolean;
  relevance: number;
  categories: { name: string; score: number; evidence: unknown }[];
  casualties: unknown;
  places: unknown;
  actors: unknown;
  claims: unknown;
  version: string;
}

/**
 * Replaces an article's labels with a classifier result, keeps users' label corrections on top, and
 * moves it to `classified` (if it was not further along). Runs in the caller's transaction. Returns the
 * categories that changed.
 */
export async function saveClassification(
  tx: Db,
  id: number,
  c: ClassificationRecord,
): Promise<{ added: string[]; removed: string[] }> {
  const before = await tx<{ category: string }[]>`
    select category from article_categories where article_id = ${id}`;
  await tx`
    update articles set relevant = ${c.relevant}, relevance = ${c.relevance},
      casualties = ${tx.json(c.casualties as never)}, places = ${tx.json(c.places as never)},
      actors = ${tx.json(c.actors as never)}, claims = ${tx.json(c.claims as never)},
      classifier_version = ${c.version}, classified_at = now(),
      stage = case when stage in ('stored', 'extracted') then 'classified' else stage end,
      stage_at = case when stage in ('stored', 'extracted') then now() else stage_at end
    where id = ${id}`;
  await tx`delete from article_categories where article_id = ${id}`;
  if (c.categories.length > 0) {
    const rows = c.categories.map((cat) => ({
      article_id: id,
      category: cat.name,
      score: cat.score,
      evidence: tx.json(cat.evidence as never),
    }));
    await tx`insert into article_categories ${tx(rows)}`;
  }
  const old = new Set(before.map((r) => r.category));
  const now = new Set(await applyLabelCorrections(tx, id));
  return { added: [...now].filter((x) => !old.has(x)), removed: [...old].filter((x) => !now.has(x)) };
}

/**
 * Rows waiting in `stage` since before `olderThanS` seconds ago — work whose queued job may be lost —
 * in id order after `afterId`, so a caller can page through them all.
 */
export async function stuckArticles(sql: Db, stage: Stage, olderThanS: number, limit: number, afterId = 0): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select id::int from articles
    where stage = ${stage} and stage_at < now() - make_interval(secs => ${olderThanS}) and id > ${afterId}
    order by id limit ${limit}`;
  return rows.map((r) => r.id);
}

/** Count of rows per stage. */
export async function countArticlesByStage(sql: Db): Promise<Record<string, number>> {
  const rows = await sql<{ stage: string; n: number }[]>`select stage, count(*)::int as n from articles group by stage`;
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}

/** Classified articles after `afterId`, in id order, with what the classifier reads: for resumable passes. */
export async function classifiedArticlesAfter(sql: Db, afterId: number, limit: number): Promise<{ id: number; title: string | null; body: string | null; url: string; publishedAt: Date | null }[]> {
  return sql`
    select id::int, coalesce(title, feed_title) as title, coalesce(body, feed_summary) as body, url, published_at as "publishedAt"
    from articles where id > ${afterId} and stage in ('classified', 'grouped', 'matched')
    order by id limit ${limit}`;
}

export async function countClassifiedArticles(sql: Db): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from articles where stage in ('classified', 'grouped', 'matched')`;
  return row!.n;
}

/** Articles found since `since`: how many were extracted (fully or from the feed), classified, grouped, relevant. */
export async function articleOutcomesSince(
  sql: Db,
  since: Date,
): Promise<{ extracted: number; fallback: number; classified: number; grouped: number; relevant: number }> {
  const [row] = await sql<{ extracted: number; fallback: number; classified: number; grouped: number; relevant: number }[]>`
    select count(*) filter (where extract_status = 'ok')::int as extracted,
      count(*) filter (where extract_status = 'fallback')::int as fallback,
      count(*) filter (where stage in ('classified', 'grouped', 'matched'))::int as classified,
      count(*) filter (where stage in ('grouped', 'matched'))::int as grouped,
      count(*) filter (where relevant)::int as relevant
    from articles where discovered_at >= ${since}`;
  return row!;
}

/** Articles under a URL prefix that have been through every stage (`done`) and those still on the way. */
export async function pipelineProgress(sql: Db, urlPrefix: string, excluding: string): Promise<{ done: number; pending: number }> {
  const [row] = await sql<{ done: number; pending: number }[]>`
    select count(*) filter (where stage = 'matched')::int as done, count(*) filter (where stage <> 'matched')::int as pending
    from articles where url like ${urlPrefix.replace(/[%_\\]/g, '\\$&') + '%'} and url not like ${'%' + excluding.replace(/[%_\\]/g, '\\$&') + '%'}`;
  return row!;
}

export interface ExtractedArticle {
  url: string;
  source: string;
  title: string;
  body: string;
  publishedAt: Date | null;
}

/**
 * Inserts articles that arrive already extracted (evaluation sets, benchmark data), ready for the
 * classify stage; returns their ids in input order. The URLs must be new: a URL already stored is an
 * error (callers pair the ids with their input by position).
 */
export async function insertExtractedArticles(sql: Db, items: readonly ExtractedArticle[]): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = items.map((i) => ({
    canonical_url: i.url,
    url: i.url,
    source: i.source,
    title: i.title,
    body: i.body,
    published_at: i.publishedAt,
    date_source: i.publishedAt ? 'page' : 'none',
    date_trusted: i.publishedAt !== null,
    extract_status: 'ok',
    extracted_at: new Date(),
    stage: 'extracted',
  }));
  const inserted = await sql<{ id: number; url: string }[]>`
    insert into articles ${sql(rows)} on conflict (canonical_url) do nothing returning id::int, url`;
  const byUrl = new Map(inserted.map((r) => [r.url, r.id]));
  return items.map((i) => {
    const id = byUrl.get(i.url);
    if (id === undefined) throw new Error(`articles: ${i.url} is already stored (or listed twice)`);
    return id;
  });
}
