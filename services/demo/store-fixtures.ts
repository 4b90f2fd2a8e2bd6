import path from 'node:path';
import { classifyAndStore } from '../classifier/classify-article.ts';
import { createClassifier } from '../classifier/index.ts';
import { inTransaction, type Sql } from '../core/db.ts';
import { insertExtractedArticles } from '../core/store/articles.ts';
import { assignStory } from '../stories/assign-story.ts';
import { FIXTURES_DIR, loadCorpus, loadSeeds, type FixtureArticle } from './fixture-articles.ts';

/** Every fixture article the demo serves: the labelled corpus, the story set and the seeds. */
export function demoArticles(): FixtureArticle[] {
  return [...loadCorpus(), ...loadCorpus(path.join(FIXTURES_DIR, 'stories')), ...loadSeeds()];
}

/**
 * Stores fixture articles as extracted pages and runs the real classify and story stages on them,
 * without the fetch stages (tests and benchmarks that need the demo's data, not its crawl).
 */
export async function storeFixtureArticles(sql: Sql, articles: readonly FixtureArticle[]): Promise<number[]> {
  const classifier = createClassifier();
  const ids = await insertExtractedArticles(
    sql,
    articles.map((a) => ({
      url: `https://${a.domain}/${a.id}`,
      source: a.domain,
      title: a.title,
      body: a.text,
      publishedAt: a.published ? new Date(a.published) : null,
    })),
  );
  await inTransaction(sql, async (tx) => {
    for (const [i, a] of articles.entries()) {
      await classifyAndStore(tx, classifier, { id: ids[i]!, title: a.title, text: a.text, url: `https://${a.domain}/${a.id}`, publishedAt: a.published ? new Date(a.published) : null });
    }
  });
  for (const id of ids) await assignStory(sql, id);
  return ids;
}
