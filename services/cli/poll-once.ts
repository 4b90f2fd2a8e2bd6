import { Worker } from 'bullmq';
import type { Sql } from '../core/db.ts';
import { QUEUE, type QueueName } from '../core/queues.ts';
import { articleOutcomesSince } from '../core/store/articles.ts';
import { latestPollsSince, markAllFeedsDue } from '../core/store/feeds.ts';
import type { Runtime } from '../runtime.ts';
import { startWorkers } from '../workers.ts';

export interface PollOnceSummary {
  feedsPolled: number;
  feedsOk: number;
  feedsNotModified: number;
  feedsFailed: { id: number; url: string; error: string }[];
  itemsSeen: number;
  newArticles: number;
  extracted: number;
  fallback: number;
  classified: number;
  grouped: number;
  relevant: number;
  seconds: number;
}

const STAGES: QueueName[] = [QUEUE.pollFeed, QUEUE.extractArticle, QUEUE.classifyArticle, QUEUE.assignStory, QUEUE.matchAlerts, QUEUE.deliverAlert];

/**
 * Polls every enabled feed once through the real queues and workers of this process, waits until every
 * stage is drained, and summarises what happened. The runtime should use a queue prefix of its own so
 * that long-running workers elsewhere do not take these jobs.
 */
export async function pollOnce(runtime: Runtime, opts: { timeoutMs?: number } = {}): Promise<PollOnceSummary> {
  const { deps } = runtime;
  const started = new Date();
  const feedIds = await markAllFeedsDue(deps.sql);
  const workers = startWorkers(deps, runtime.workerRedis(), STAGES);
  try {
    await deps.queues[QUEUE.pollFeed].addBulk(feedIds.map((feedId) => ({ name: QUEUE.pollFeed, data: { feedId } })));
    await waitUntilDrained(runtime, opts.timeoutMs ?? 15 * 60_000);
  } finally {
    await Promise.all(workers.map((w: Worker) => w.close()));
  }
  return summarise(deps.sql, started);
}

async function waitUntilDrained(runtime: Runtime, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let pending = 0;
    for (const name of STAGES) {
      const c = await runtime.deps.queues[name].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      pending += Object.values(c).reduce((a, b) => a + b, 0);
    }
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`poll: still ${pending} jobs pending after ${Math.round(timeoutMs / 1000)}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function summarise(sql: Sql, since: Date): Promise<PollOnceSummary> {
  const polls = await latestPollsSince(sql, since);
  const a = await articleOutcomesSince(sql, since);
  return {
    feedsPolled: polls.length,
    feedsOk: polls.filter((p) => p.outcome === 'ok').length,
    feedsNotModified: polls.filter((p) => p.outcome === 'not_modified').length,
    feedsFailed: polls.filter((p) => p.outcome === 'error').map((p) => ({ id: p.feedId, url: p.url, error: p.error ?? '' })),
    itemsSeen: polls.reduce((s, p) => s + p.itemsSeen, 0),
    newArticles: polls.reduce((s, p) => s + p.itemsNew, 0),
    ...a,
    seconds: (Date.now() - since.getTime()) / 1000,
  };
}
