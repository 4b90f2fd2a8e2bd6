import { UnrecoverableError } from 'bullmq';
import { decodeBody } from '../core/charset.ts';
import type { Deps } from '../core/deps.ts';
import { FetchError } from '../core/http.ts';
import { enqueueArticles, QUEUE } from '../core/queues.ts';
import { getArticle, saveExtraction, type ArticleRow, type Extraction } from '../core/store/articles.ts';
import { ExtractError, extractArticle } from './extract.ts';
import { dateFromUrl, pickPublishedDate } from './published-date.ts';

/**
 * Fetches and extracts one article. A permanent failure (404, not HTML, too large, no readable text)
 * or the last attempt of a transient one stores the feed's title and summary instead, marked
 * `fallback` with the error: nothing is dropped. Earlier transient failures throw to retry.
 */
export async function extractArticleJob(deps: Deps, articleId: number, isLastAttempt: boolean): Promise<'extracted' | 'fallback' | 'skipped'> {
  const article = await getArticle(deps.sql, articleId);
  if (!article) throw new UnrecoverableError(`extract-article: article ${articleId} no longer exists`);
  if (article.stage !== 'stored') {
    if (article.stage === 'extracted') await enqueueArticles(deps.queues[QUEUE.classifyArticle], [articleId]);
    return 'skipped';
  }
  const now = deps.now?.() ?? new Date();
  let extraction: Extraction;
  try {
    const res = await deps.http.fetch({ url: article.url, expect: 'html' });
    const page = extractArticle(decodeBody(res.body, res.contentType, 'html'), res.url);
    const date = pickPublishedDate({ page: page.published, feed: article.feedPublishedAt, url: dateFromUrl(article.url) }, now);
    extraction = {
      status: 'ok',
      error: null,
      title: page.title ?? article.feedTitle,
      byline: page.byline,
      siteName: page.siteName,
      lang: page.lang,
      excerpt: page.excerpt,
      body: page.text,
      publishedAt: date.publishedAt,
      dateSource: date.source,
      dateTrusted: date.trusted,
    };
  } catch (error) {
    const permanent = error instanceof ExtractError || (error instanceof FetchError && error.permanent);
    const known = permanent || error instanceof FetchError;
    if (!known || (!permanent && !isLastAttempt)) throw error;
    extraction = fallback(article, (error as Error).message, now);
    deps.log.warn({ articleId, error: extraction.error }, 'extraction fell back to the feed item');
  }
  if (await saveExtraction(deps.sql, articleId, extraction)) {
    await enqueueArticles(deps.queues[QUEUE.classifyArticle], [articleId]);
  }
  return extraction.status === 'ok' ? 'extracted' : 'fallback';
}

function fallback(article: ArticleRow, error: string, now: Date): Extraction {
  const date = pickPublishedDate({ page: null, feed: article.feedPublishedAt, url: dateFromUrl(article.url) }, now);
  return {
    status: 'fallback',
    error,
    title: article.feedTitle,
    byline: null,
    siteName: null,
    lang: null,
    excerpt: article.feedSummary,
    body: article.feedSummary,
    publishedAt: date.publishedAt,
    dateSource: date.source,
    dateTrusted: date.trusted,
  };
}
