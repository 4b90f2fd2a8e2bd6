import { Queue, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { Redis } from './redis.ts';

/** Queue names, one per pipeline stage. */
export const QUEUE = {
  schedule: 'schedule',
  pollFeed: 'poll-feed',
  extractArticle: 'extract-article',
  classifyArticle: 'classify-article',
  assignStory: 'assign-story',
  matchAlerts: 'match-alerts',
  deliverAlert: 'deliver-alert',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

const articleJob = z.object({ articleId: z.number().int().positive() });

/** Payload schema per queue: ids only, checked at the top of each processor. */
export const PAYLOAD = {
  [QUEUE.schedule]: z.object({ task: z.enum(['tick', 'sweep', 'alerts']) }),
  [QUEUE.pollFeed]: z.object({ feedId: z.number().int().positive() }),
  [QUEUE.extractArticle]: articleJob,
  [QUEUE.classifyArticle]: articleJob,
  [QUEUE.assignStory]: articleJob,
  [QUEUE.matchAlerts]: articleJob,
  [QUEUE.deliverAlert]: z.object({ deliveryId: z.number().int().positive() }),
} satisfies Record<QueueName, z.ZodType>;
export type Payload<Q extends QueueName> = z.infer<(typeof PAYLOAD)[Q]>;

/** Retry policy in one place: exponential backoff with jitter, bounded history. */
export const JOB_DEFAULTS: Record<QueueName, DefaultJobOptions> = {
  [QUEUE.schedule]: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  // feed-level failures are recorded on the feed and retried by the scheduler's own backoff;
  // job-level retries only cover infrastructure errors (database down).
  [QUEUE.pollFeed]: stageDefaults(4),
  [QUEUE.extractArticle]: stageDefaults(5),
  [QUEUE.classifyArticle]: stageDefaults(5),
  [QUEUE.assignStory]: stageDefaults(5),
  [QUEUE.matchAlerts]: stageDefaults(5),
  [QUEUE.deliverAlert]: deliveryDefaults({}),
};

/** Delivery retries: more of them, further apart (a receiver may be down for minutes). */
function deliveryDefaults(opts: { attempts?: number; delayMs?: number }): DefaultJobOptions {
  return {
    attempts: opts.attempts ?? 6,
    backoff: { type: 'exponential', delay: opts.delayMs ?? 5_000, jitter: 0.5 },
    removeOnComplete: true,
    // the delivery row keeps the outcome and the error; the job is only the attempt schedule
    removeOnFail: { count: 10_000, age: 14 * 86_400 },
  };
}

function stageDefaults(attempts: number): DefaultJobOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    // Completed jobs are not kept: their ids (a-<article id>) would make BullMQ ignore a later job for
    // the same id — after a database reset, a restore, or a re-queue — until they expired. Postgres
    // records what was done, and every stage is idempotent. Failed jobs stay visible (and the sweep
    // retries them).
    removeOnComplete: true,
    removeOnFail: { count: 10_000, age: 14 * 86_400 },
  };
}

/** A delivery's job id: one per manual retry round, so a retried failure is not taken for the failed job. */
export function deliveryJobId(deliveryId: number, retries: number): string {
  return `d-${deliveryId}-${retries}`;
}

/** The job id that makes a stage job for an article unique while it is in Redis. */
export function articleJobId(articleId: number): string {
  return `a-${articleId}`;
}

export type Queues = { [Q in QueueName]: Queue<Payload<Q>> };

export interface QueueOptions {
  /** overrides the article stages' retry count */
  attempts?: number;
  deliveryAttempts?: number;
  deliveryDelayMs?: number;
}

/** Builds one producer Queue per stage on a shared connection. */
export function createQueues(connection: Redis, prefix: string, opts: QueueOptions = {}): Queues {
  const defaults = (name: QueueName): DefaultJobOptions => {
    if (name === QUEUE.deliverAlert) return deliveryDefaults({ attempts: opts.deliveryAttempts, delayMs: opts.deliveryDelayMs });
    if (name === QUEUE.schedule || !opts.attempts) return JOB_DEFAULTS[name];
    return { ...JOB_DEFAULTS[name], attempts: opts.attempts };
  };
  const make = <Q extends QueueName>(name: Q) => new Queue<Payload<Q>>(name, { connection, prefix, defaultJobOptions: defaults(name) });
  return {
    [QUEUE.schedule]: make(QUEUE.schedule),
    [QUEUE.pollFeed]: make(QUEUE.pollFeed),
    [QUEUE.extractArticle]: make(QUEUE.extractArticle),
    [QUEUE.classifyArticle]: make(QUEUE.classifyArticle),
    [QUEUE.assignStory]: make(QUEUE.assignStory),
    [QUEUE.matchAlerts]: make(QUEUE.matchAlerts),
    [QUEUE.deliverAlert]: make(QUEUE.deliverAlert),
  } as Queues;
}

/** Enqueues one stage job per article id, in one round trip. */
export async function enqueueArticles(
  queue: Queue<{ articleId: number }>,
  articleIds: readonly number[],
  opts: JobsOptions = {},
): Promise<void> {
  if (articleIds.length === 0) return;
  await queue.addBulk(
    articleIds.map((articleId) => ({
      name: queue.name,
      data: { articleId },
      opts: { ...opts, jobId: articleJobId(articleId) },
    })),
  );
}

/** Removes every job (and job scheduler) of every queue: for a prefix that one process owns. */
export async function obliterateQueues(queues: Queues): Promise<void> {
  for (const queue of Object.values(queues)) await queue.obliterate({ force: true });
}

/** Closes every queue. */
export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
