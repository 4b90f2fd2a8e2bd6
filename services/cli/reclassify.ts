import type { Classifier } from '../classifier/index.ts';
import { inTransaction, type Sql } from '../core/db.ts';
import { classifiedArticlesAfter, countClassifiedArticles } from '../core/store/articles.ts';
import { classifyAndStore } from '../classifier/classify-article.ts';
import { lockStoryAssignment, storiesOfArticles } from '../core/store/stories.ts';
import { refreshStory } from '../stories/assign-story.ts';

const BATCH = 200;

export interface ReclassifyResult {
  articles: number;
  added: Record<string, number>;
  removed: Record<string, number>;
}

/**
 * Re-runs the classifier over every classified article in id order, a batch per transaction, so an
 * interrupted run loses nothing and can simply be started again (`--from ID` skips what was done).
 * Reports progress with an ETA and the label changes per category; the stories of the articles are
 * recomputed with their new labels (their grouping is kept).
 */
export async function reclassifyAll(
  sql: Sql,
  classifier: Classifier,
  opts: { fromId?: number; progress?: (done: number, total: number, etaS: number | null, lastId: number) => void } = {},
): Promise<ReclassifyResult> {
  const total = await countClassifiedArticles(sql);
  const result: ReclassifyResult = { articles: 0, added: {}, removed: {} };
  const started = Date.now();
  let after = opts.fromId ?? 0;
  for (;;) {
    const rows = await classifiedArticlesAfter(sql, after, BATCH);
    if (rows.length === 0) break;
    await inTransaction(sql, async (tx) => {
      for (const r of rows) {
        const change = await classifyAndStore(tx, classifier, { id: r.id, title: r.title ?? '', text: r.body ?? '', url: r.url, publishedAt: r.publishedAt });
        for (const c of change.added) result.added[c] = (result.added[c] ?? 0) + 1;
        for (const c of change.removed) result.removed[c] = (result.removed[c] ?? 0) + 1;
      }
      // stories merge their reports' labels and figures: recompute those of this batch
      await lockStoryAssignment(tx);
      for (const storyId of await storiesOfArticles(tx, rows.map((r) => r.id))) await refreshStory(tx, storyId);
    });
    result.articles += rows.length;
    after = rows[rows.length - 1]!.id;
    const rate = result.articles / Math.max(0.001, (Date.now() - started) / 1000);
    opts.progress?.(result.articles, total, rate > 0 ? (total - result.articles) / rate : null, after);
  }
  return result;
}
