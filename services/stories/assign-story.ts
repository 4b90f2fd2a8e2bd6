// The assign-story stage: puts a classified article into a story — the story of a near-copy when it
// is syndicated text, else the best-matching incident in its time window, else a new story — and
// recomputes that story's record. Idempotent: an article already in a story keeps it.

import type { Db } from '../core/db.ts';
import { inTransaction, type Sql } from '../core/db.ts';
import {
  articleForGrouping,
  createStory,
  deleteStory,
  incidentCandidates,
  lockStoryAssignment,
  nearDuplicateCandidates,
  saveStoryRecord,
  setArticleStory,
  storyReports,
} from '../core/store/stories.ts';
import { lookupKeys } from './facts.ts';
import { bestCandidate, WINDOW_HOURS } from './match.ts';
import { lshBands, minhashSignature, signatureSimilarity } from './minhash.ts';
import { reconcileStory } from './reconcile.ts';

/** Estimated shingle overlap above which a text is a copy of another. */
export const DUPLICATE_SIMILARITY = 0.45;
/** Syndicated copies can appear days after the original. */
const DUPLICATE_WINDOW_DAYS = 14;

export type Assignment =
  | { outcome: 'duplicate' | 'incident' | 'new'; storyId: number; duplicateOf?: number; score?: number }
  | { outcome: 'skipped'; reason: string };

/**
 * Assigns one article to a story (in one transaction, serialized with other assignments). Queries that
 * do not depend on each other are sent together: a transaction's queries run in order on one
 * connection, so pipelining them saves round trips without changing what each one sees.
 */
export async function assignStory(sql: Sql, articleId: number): Promise<Assignment> {
  return inTransaction(sql, async (tx) => {
    const [, article] = await Promise.all([lockStoryAssignment(tx), articleForGrouping(tx, articleId)]);
    if (!article) return { outcome: 'skipped', reason: 'gone' };
    if (article.stage !== 'classified' && article.storyId === null) return { outcome: 'skipped', reason: `stage ${article.stage}` };
    const { facts } = article;
    const minhash = minhashSignature(`${facts.title}\n${article.body}`);
    const bands = minhash ? lshBands(minhash) : null;

    if (article.storyId !== null) {
      // already placed (a repeated job, or a user correction): keep it, just finish the stage
      // (merges move articles, so an article's story is always a live one)
      const storyId = article.storyId;
      await refreshStory(tx, storyId, setArticleStory(tx, articleId, { storyId, minhash, bands }));
      return { outcome: 'skipped', reason: 'already grouped' };
    }

    // an article with no date cannot be placed in an incident's time window: only copies join up
    const [copies, candidates] = await Promise.all([
      minhash && bands ? nearDuplicateCandidates(tx, bands, facts.at, DUPLICATE_WINDOW_DAYS) : [],
      facts.dated ? incidentCandidates(tx, lookupKeys(facts), facts.at, WINDOW_HOURS) : [],
    ]);
    let decision: { storyId: number; outcome: 'duplicate' | 'incident' | 'new'; duplicateOf?: number; score?: number } | null = null;
    if (minhash) {
      let best: { id: number; storyId: number; similarity: number } | null = null;
      for (const c of copies) {
        if (c.id === articleId) continue;
        const similarity = signatureSimilarity(minhash, c.minhash);
        if (similarity >= DUPLICATE_SIMILARITY && (!best || similarity > best.similarity)) best = { id: c.id, storyId: c.storyId, similarity };
      }
      if (best) decision = { outcome: 'duplicate', storyId: best.storyId, duplicateOf: best.id, score: best.similarity };
    }
    if (!decision) {
      const best = bestCandidate(facts, candidates);
      if (best) decision = { outcome: 'incident', storyId: best.id, score: best.score.score };
    }
    if (!decision) decision = { outcome: 'new', storyId: await createStory(tx, facts.title, facts.at) };

    const set = setArticleStory(tx, articleId, { storyId: decision.storyId, minhash, bands, duplicateOf: decision.duplicateOf ?? null });
    await refreshStory(tx, decision.storyId, set);
    return decision;
  });
}

/**
 * Recomputes a story's record from its reports; a story left without reports is removed. `after` is a
 * write already sent in this transaction that the reports must see (it runs first on the connection).
 */
export async function refreshStory(tx: Db, storyId: number, after?: Promise<unknown>): Promise<void> {
  const [, reports] = await Promise.all([after, storyReports(tx, storyId)]);
  if (reports.length === 0) {
    await deleteStory(tx, storyId);
    return;
  }
  await saveStoryRecord(tx, storyId, reconcileStory(reports));
}
