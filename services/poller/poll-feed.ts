import { UnrecoverableError } from 'bullmq';
import { decodeBody } from '../core/charset.ts';
import { inTransaction } from '../core/db.ts';
import type { Deps } from '../core/deps.ts';
import { FetchError } from '../core/http.ts';
import { enqueueArticles, QUEUE } from '../core/queues.ts';
import { insertNewArticles, type NewArticle } from '../core/store/articles.ts';
import { getFeed, recordFeedPoll } from '../core/store/feeds.ts';
import { canonicalizeUrl, sourceOf } from './canonical-url.ts';
import { feedRetryDelayS } from './feed-backoff.ts';
import { FeedParseError, parseFeed, type FeedItem } from './parse-feed.ts';

export interface PollSummary {
  feedId: number;
  outcome: 'ok' | 'not_modified' | 'error' | 'disabled';
  itemsSeen: number;
  newArticleIds: number[];
  error?: string;
}

/**
 * Polls one feed: conditional GET, parse, store new articles (the unique canonical URL decides what
 * is new), record the outcome on the feed, and queue extraction for the new rows. Feed-level failures
 * (HTTP errors, unparseable bodies) are recorded on the feed with a backoff, not thrown; database and
 * queue errors throw so the job retries.
 */
export async function pollFeed(deps: Deps, feedId: number): Promise<PollSummary> {
  const { sql, http } = deps;
  const feed = await getFeed(sql, feedId);
  if (!feed) throw new UnrecoverableError(`poll-feed: feed ${feedId} no longer exists`);
  if (!feed.enabled) return { feedId, outcome: 'disabled', itemsSeen: 0, newArticleIds: [] };
  const started = Date.now();
  const fail = async (error: string, httpStatus?: number, retryAfterMs?: number): Promise<PollSummary> => {
    const retryInS = feedRetryDelayS(feed.errorCount + 1, feed.intervalS, retryAfterMs);
    await recordFeedPoll(sql, feedId, { outcome: 'error', error, httpStatus, retryInS, durationMs: Date.now() - started });
    deps.log.warn({ feedId, error, retryInS }, 'feed poll failed');
    return { feedId, outcome: 'error', itemsSeen: 0, newArticleIds: [], error };
  };

  let res;
  try {
    res = await http.fetch({ url: feed.url, expect: 'feed', etag: feed.etag, lastModified: feed.lastModified });
  } catch (error) {
    if (error instanceof FetchError) return fail(error.message, error.status, error.retryAfterMs);
    throw error;
  }
  if (res.notModified) {
    await recordFeedPoll(sql, feedId, { outcome: 'not_modified', httpStatus: 304, durationMs: Date.now() - started });
    return { feedId, outcome: 'not_modified', itemsSeen: 0, newArticleIds: [] };
  }
  let parsed;
  try {
    parsed = await parseFeed(decodeBody(res.body, res.contentType, 'xml'), res.url);
  } catch (error) {
    if (error instanceof FeedParseError) return fail(error.message, res.status);
    throw error;
  }
  const items = parsed.items.flatMap((item) => toNewArticle(item) ?? []);
  const newIds = await inTransaction(sql, async (tx) => {
    const ids = await insertNewArticles(tx, feedId, items);
    await recordFeedPoll(tx, feedId, {
      outcome: 'ok',
      httpStatus: res.status,
      itemsSeen: parsed.items.length + parsed.skipped.length,
      itemsNew: ids.length,
      itemsSkipped: parsed.skipped.length,
      skipped: describeSkipped(parsed.skipped),
      durationMs: Date.now() - started,
      etag: res.etag,
      lastModified: res.lastModified,
    });
    return ids;
  });
  await enqueueArticles(deps.queues[QUEUE.extractArticle], newIds);
  return { feedId, outcome: 'ok', itemsSeen: parsed.items.length + parsed.skipped.length, newArticleIds: newIds };
}

function toNewArticle(item: FeedItem): NewArticle | null {
  let canonicalUrl: string;
  try {
    canonicalUrl = canonicalizeUrl(item.link);
  } catch {
    return null; // parseFeed only yields absolute http(s) links, so this is unreachable in practice
  }
  return {
    canonicalUrl,
    url: item.link,
    source: sourceOf(item.link),
    guid: item.guid,
    feedTitle: item.title,
    feedSummary: item.summary,
    feedPublishedAt: item.published,
  };
}

/** `3 × no link; 1 × unusable link "…"`, or null when nothing was skipped. */
function describeSkipped(skipped: { reason: string }[]): string | null {
  if (skipped.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} × ${reason}`).join('; ').slice(0, 1000);
}
