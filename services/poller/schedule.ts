import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { articleJobId, QUEUE } from '../core/queues.ts';
import { stuckArticles, type Stage } from '../core/store/articles.ts';
import { claimDueFeeds } from '../core/store/feeds.ts';

const CLAIM_BATCH = 500;
const SWEEP_BATCH = 500;

/** Scheduler tick: claims due feeds in Postgres (each exactly once) and queues a poll for each. */
export async function scheduleDueFeeds(deps: Deps): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await claimDueFeeds(deps.sql, CLAIM_BATCH);
    if (ids.length === 0) return total;
    await deps.queues[QUEUE.pollFeed].addBulk(ids.map((feedId) => ({ name: QUEUE.pollFeed, data: { feedId } })));
    total += ids.length;
    if (ids.length < CLAIM_BATCH) return total;
  }
}

/**
 * Re-queues articles stuck in a stage past STAGE_TIMEOUT (their job was lost with Redis, or failed
 * for good): a missing job is added again, a failed one retried; queued or running ones are left.
 */
export async function sweepStuckArticles(deps: Deps): Promise<Record<string, number>> {
  const plan: [Stage, Queue<{ articleId: number }>][] = [
    ['stored', deps.queues[QUEUE.extractArticle]],
    ['extracted', deps.queues[QUEUE.classifyArticle]],
    ['classified', deps.queues[QUEUE.assignStory]],
    ['grouped', deps.queues[QUEUE.matchAlerts]],
  ];
  const requeued: Record<string, number> = {};
  for (const [stage, queue] of plan) {
    let n = 0;
    let after = 0;
    // every stuck row, a batch at a time (after a Redis loss there can be many)
    for (;;) {
      const ids = await stuckArticles(deps.sql, stage, deps.config.STAGE_TIMEOUT, SWEEP_BATCH, after);
      n += await requeue(queue, ids);
      if (ids.length < SWEEP_BATCH) break;
      after = ids.at(-1)!;
    }
    if (n > 0) deps.log.warn({ queue: queue.name, requeued: n }, 'sweep re-queued stuck articles');
    requeued[stage] = n;
  }
  return requeued;
}

/** Adds again the jobs of these articles that are missing, finished or failed; returns how many. */
async function requeue(queue: Queue<{ articleId: number }>, ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const articleId of ids) {
    const jobId = articleJobId(articleId);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'failed') await job!.retry('failed');
    else if (state === 'missing' || state === 'completed' || state === 'unknown') {
      if (job) await job.remove().catch(() => {});
      await queue.add(queue.name, { articleId }, { jobId });
    } else continue;
    n++;
  }
  return n;
}
