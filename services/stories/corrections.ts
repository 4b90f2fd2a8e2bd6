// User corrections: merge two stories, split an article out of its story (both pin the articles they
// touch, so that no later run moves them back), and correct an article's category label.

import { inTransaction, type Sql } from '../core/db.ts';
import {
  articleForGrouping,
  createStory,
  liveStoryId,
  lockStoryAssignment,
  moveStoryArticles,
  recordCorrection,
  setArticleStory,
  storyState,
} from '../core/store/stories.ts';
import { setLabelCorrection } from '../core/store/label-corrections.ts';
import { refreshStory } from './assign-story.ts';

/** A correction that cannot be made as asked (unknown story, nothing to split): a 4xx for the API. */
export class CorrectionError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
  }
}

/** Merges story `from` into story `into`; returns the surviving story's id. */
export async function mergeStories(sql: Sql, from: number, into: number, note: string | null = null): Promise<number> {
  return inTransaction(sql, async (tx) => {
    await lockStoryAssignment(tx);
    const a = await storyState(tx, from);
    const b = await storyState(tx, into);
    if (!a) throw new CorrectionError(`stories: no story ${from}`, 404);
    if (!b) throw new CorrectionError(`stories: no story ${into}`, 404);
    const source = await liveStoryId(tx, from);
    const target = await liveStoryId(tx, into);
    if (source === target) throw new CorrectionError(`stories: ${from} and ${into} are already one story (${target})`, 409);
    await moveStoryArticles(tx, source, target);
    await recordCorrection(tx, { kind: 'merge', storyId: target, otherStory: source, articleId: null, note });
    await refreshStory(tx, target);
    return target;
  });
}

/** Moves an article out of its story into a new story of its own; returns the new story's id. */
export async function splitArticle(sql: Sql, articleId: number, note: string | null = null): Promise<number> {
  return inTransaction(sql, async (tx) => {
    await lockStoryAssignment(tx);
    const article = await articleForGrouping(tx, articleId);
    if (!article) throw new CorrectionError(`stories: no article ${articleId}`, 404);
    if (article.storyId === null) throw new CorrectionError(`stories: article ${articleId} is not in a story yet`, 409);
    const old = await storyState(tx, article.storyId);
    if (old && old.articleCount <= 1) throw new CorrectionError(`stories: article ${articleId} is already alone in story ${old.id}`, 409);
    const storyId = await createStory(tx, article.facts.title, article.facts.at);
    await setArticleStory(tx, articleId, { storyId, minhash: null, bands: null, duplicateOf: null, pinned: true });
    await recordCorrection(tx, { kind: 'split', storyId: article.storyId, otherStory: storyId, articleId, note });
    await refreshStory(tx, storyId);
    await refreshStory(tx, article.storyId);
    return storyId;
  });
}

/**
 * Records a user's verdict on one category of an article and updates its story's categories; kept
 * across reclassification (see applyLabelCorrections).
 */
export async function correctLabel(sql: Sql, articleId: number, category: string, applies: boolean, note: string | null = null): Promise<void> {
  await inTransaction(sql, async (tx) => {
    await lockStoryAssignment(tx);
    if (!(await setLabelCorrection(tx, articleId, category, applies, note))) throw new CorrectionError(`labels: no article ${articleId}`, 404);
    const article = await articleForGrouping(tx, articleId);
    if (article?.storyId) await refreshStory(tx, article.storyId);
  });
}
