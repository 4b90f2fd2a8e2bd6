// What an alert would have matched in the last days, with the matcher the match-alerts stage uses
// (the same compiled query over the same fields), so the preview is what the alert will do.
import type { Sql } from '../core/db.ts';
import { recentArticlesForAlerts } from '../core/store/alerts.ts';
import type { NameIndex } from '../classifier/names.ts';
import { compileAlertQuery, documentWords, nameResolver } from './alert-index.ts';
import { queryDocument } from './match-alerts.ts';

/** Most articles a preview evaluates (the newest first); beyond it the counts say "at least". */
export const PREVIEW_SCAN_LIMIT = 20_000;

export interface PreviewItem {
  articleId: number;
  storyId: number | null;
  title: string;
  url: string;
  source: string;
  publishedAt: Date | null;
  categories: string[];
  place: string | null;
  killed: number | null;
  injured: number | null;
  outletCount: number | null;
}

export interface AlertPreview {
  days: number;
  /** matching articles, and the incidents (stories) they belong to */
  articles: number;
  incidents: number;
  /** what a story alert would send (one per incident) or an article alert (one per article) */
  notifications: number;
  scanned: number;
  /** true when the scan stopped at PREVIEW_SCAN_LIMIT: the counts are lower bounds */
  capped: boolean;
  /** the latest matches: one per incident for story alerts */
  items: PreviewItem[];
}

/** Runs a query (throws QueryError when it does not parse) over the last `days` of grouped articles. */
export async function previewAlert(
  sql: Sql,
  names: NameIndex,
  input: { query: string; scope: 'story' | 'article' },
  opts: { now?: Date; days?: number; items?: number } = {},
): Promise<AlertPreview> {
  const days = opts.days ?? 30;
  const { test, keys } = compileAlertQuery(input.query, nameResolver(names));
  const since = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const rows = await recentArticlesForAlerts(sql, { since, anyWords: keys, limit: PREVIEW_SCAN_LIMIT });
  const stories = new Set<number>();
  const items: PreviewItem[] = [];
  let articles = 0;
  for (const row of rows) {
    const scope = input.scope === 'story' && row.story ? 'story' : 'article';
    if (!test(queryDocument({ ...row, following: [], alertRevision: 0 }, scope, documentWords(row.title, row.text)))) continue;
    articles++;
    const story = row.story;
    const firstOfStory = story ? !stories.has(story.id) : true;
    if (story) stories.add(story.id);
    if (items.length >= (opts.items ?? 20) || (input.scope === 'story' && !firstOfStory)) continue;
    const useStory = input.scope === 'story' && story;
    items.push({
      articleId: row.id,
      storyId: story?.id ?? null,
      title: useStory ? story.title : row.title,
      url: row.url,
      source: row.source,
      publishedAt: row.publishedAt,
      categories: useStory ? story.categories : row.categories,
      place: useStory ? story.place : (row.places[0]?.name ?? null),
      killed: useStory ? story.killed : row.killed,
      injured: useStory ? story.injured : row.injured,
      outletCount: story?.outletCount ?? null,
    });
  }
  return {
    days,
    articles,
    incidents: stories.size,
    notifications: input.scope === 'story' ? stories.size : articles,
    scanned: rows.length,
    capped: rows.length >= PREVIEW_SCAN_LIMIT,
    items,
  };
}
