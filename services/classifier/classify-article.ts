import { UnrecoverableError } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { inTransaction, type Db } from '../core/db.ts';
import { enqueueArticles, QUEUE } from '../core/queues.ts';
import { getArticle, saveClassification } from '../core/store/articles.ts';
import type { Classifier } from './index.ts';

/** Classifies one extracted article and stores its labels (idempotent: labels are replaced). */
export async function classifyArticleJob(deps: Deps, articleId: number): Promise<'classified' | 'skipped'> {
  const article = await getArticle(deps.sql, articleId);
  if (!article) throw new UnrecoverableError(`classify-article: article ${articleId} no longer exists`);
  // classified, but the next stage may not have been queued (a crash between commit and enqueue)
  if (article.stage === 'classified') await enqueueArticles(deps.queues[QUEUE.assignStory], [articleId]);
  // not extracted yet (the extract job queues us), or already classified
  if (article.stage !== 'extracted') return 'skipped';
  await inTransaction(deps.sql, (tx) =>
    classifyAndStore(tx, deps.classifier, {
      id: article.id,
      title: article.title ?? article.feedTitle ?? '',
      text: article.body ?? article.feedSummary ?? '',
      url: article.url,
      publishedAt: article.publishedAt,
    }),
  );
  await enqueueArticles(deps.queues[QUEUE.assignStory], [articleId]);
  return 'classified';
}

/** Runs the classifier on one article and replaces its stored labels; returns the label changes. */
export async function classifyAndStore(
  tx: Db,
  classifier: Classifier,
  a: { id: number; title: string; text: string; url: string; publishedAt: Date | null },
) {
  const result = classifier.classify({
    id: String(a.id),
    title: a.title,
    text: a.text,
    url: a.url,
    published: a.publishedAt?.toISOString(),
  });
  return saveClassification(tx, a.id, {
    relevant: result.relevant,
    relevance: result.relevance,
    categories: result.categories.filter((c) => c.applies).map((c) => ({ name: c.name, score: c.score, evidence: c.evidence })),
    casualties: result.casualties,
    places: result.locations,
    actors: result.actors,
    claims: result.claims,
    version: classifier.version,
  });
}
