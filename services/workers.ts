import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Deps } from './core/deps.ts';
import { PAYLOAD, QUEUE, type Payload, type QueueName } from './core/queues.ts';
import type { Redis } from './core/redis.ts';
import { stageDuration } from './core/stage-metrics.ts';
import { classifyArticleJob } from './classifier/classify-article.ts';
import { extractArticleJob } from './extractor/extract-article.ts';
import { assignStory } from './stories/assign-story.ts';
import { pollFeed } from './poller/poll-feed.ts';
import { scheduleDueFeeds, sweepStuckArticles } from './poller/schedule.ts';

type Processor<Q extends QueueName> = (data: Payload<Q>, job: Job) => Promise<unknown>;

const PROCESSORS: { [Q in QueueName]: (deps: Deps) => Processor<Q> } = {
  [QUEUE.schedule]: (deps) => async ({ task }) => (task === 'tick' ? scheduleDueFeeds(deps) : sweepStuckArticles(deps)),
  [QUEUE.pollFeed]: (deps) => async ({ feedId }) => {
    const r = await pollFeed(deps, feedId);
    return { outcome: r.outcome, itemsSeen: r.itemsSeen, newArticles: r.newArticleIds.length, error: r.error };
  },
  [QUEUE.extractArticle]: (deps) => async ({ articleId }, job) =>
    extractArticleJob(deps, articleId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  [QUEUE.classifyArticle]: (deps) => async ({ articleId }) => classifyArticleJob(deps, articleId),
  [QUEUE.assignStory]: (deps) => async ({ articleId }) => assignStory(deps.sql, articleId),
};

/** Starts one BullMQ worker per named queue; each validates its payload before doing anything. */
export function startWorkers(deps: Deps, connection: Redis, queues: readonly QueueName[]): Worker[] {
  const concurrency: Record<QueueName, number> = {
    [QUEUE.schedule]: 1,
    [QUEUE.pollFeed]: 4,
    [QUEUE.extractArticle]: deps.config.WORKER_CONCURRENCY,
    [QUEUE.classifyArticle]: deps.config.WORKER_CONCURRENCY,
    // assignment is serialized in Postgres; more than two at once only wait on the lock
    [QUEUE.assignStory]: 2,
  };
  return queues.map((name) => {
    const process = (PROCESSORS[name] as (d: Deps) => Processor<typeof name>)(deps);
    const worker = new Worker(
      name,
      async (job: Job) => {
        const parsed = PAYLOAD[name].safeParse(job.data);
        if (!parsed.success) {
          throw new UnrecoverableError(`${name}: invalid payload ${JSON.stringify(job.data)}: ${parsed.error.message}`);
        }
        const done = stageDuration.startTimer({ queue: name });
        try {
          const result = await process(parsed.data as never, job);
          done({ outcome: 'ok' });
          return result;
        } catch (error) {
          done({ outcome: 'error' });
          throw error;
        }
      },
      { connection, prefix: deps.config.QUEUE_PREFIX, concurrency: concurrency[name], autorun: true },
    );
    worker.on('failed', (job, error) => {
      deps.log.error({ queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed');
    });
    worker.on('error', (error) => deps.log.error({ queue: name, err: error.message }, 'worker error'));
    return worker;
  });
}
