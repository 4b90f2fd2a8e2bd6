import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Deps } from './core/deps.ts';
import { enqueueArticles, PAYLOAD, QUEUE, type Payload, type QueueName } from './core/queues.ts';
import type { Redis } from './core/redis.ts';
import { stageDuration } from './core/stage-metrics.ts';
import { classifyArticleJob } from './classifier/classify-article.ts';
import { extractArticleJob } from './extractor/extract-article.ts';
import { assignStory } from './stories/assign-story.ts';
import { pollFeed } from './poller/poll-feed.ts';
import { scheduleDueFeeds, sweepStuckArticles } from './poller/schedule.ts';
import { loadClassifierData } from './classifier/load-data.ts';
import { createNameIndex, type NameIndex } from './classifier/names.ts';
import { AlertCache, matchAlertsJob } from './alerts/match-alerts.ts';
import { createMailer, deliverAlertJob, type Mailer } from './alerts/deliver-alert.ts';
import { runDigests, runSurges, sweepDeliveries } from './alerts/periodic.ts';

type Processor<Q extends QueueName> = (data: Payload<Q>, job: Job) => Promise<unknown>;

/** What the alert stages share within one process: compiled alerts, names, the mail transport. */
interface AlertContext {
  names: NameIndex;
  cache: AlertCache;
  mailer: Mailer | null;
}

/** Times a job may be taken back from a dead worker before BullMQ fails it. */
const MAX_STALLED = 10;

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

const PROCESSORS: { [Q in QueueName]: (deps: Deps, alerts: () => AlertContext) => Processor<Q> } = {
  [QUEUE.schedule]: (deps, alerts) => async ({ task }) => {
    if (task === 'tick') return scheduleDueFeeds(deps);
    if (task === 'sweep') return { articles: await sweepStuckArticles(deps), deliveries: await sweepDeliveries(deps, deps.config.STAGE_TIMEOUT) };
    const now = deps.now?.() ?? new Date();
    return { ...(await runDigests(deps, now)), ...(await runSurges(deps, alerts().names, now)) };
  },
  [QUEUE.pollFeed]: (deps) => async ({ feedId }) => {
    const r = await pollFeed(deps, feedId);
    return { outcome: r.outcome, itemsSeen: r.itemsSeen, newArticles: r.newArticleIds.length, error: r.error };
  },
  [QUEUE.extractArticle]: (deps) => async ({ articleId }, job) => extractArticleJob(deps, articleId, isFinalAttempt(job)),
  [QUEUE.classifyArticle]: (deps) => async ({ articleId }) => classifyArticleJob(deps, articleId),
  [QUEUE.assignStory]: (deps) => async ({ articleId }) => {
    const assignment = await assignStory(deps.sql, articleId);
    if (assignment.outcome !== 'skipped' || assignment.reason === 'already grouped') {
      await enqueueArticles(deps.queues[QUEUE.matchAlerts], [articleId]);
    }
    return assignment;
  },
  [QUEUE.matchAlerts]: (deps, alerts) => async ({ articleId }) => matchAlertsJob(deps, alerts().cache, articleId),
  [QUEUE.deliverAlert]: (deps, alerts) => async ({ deliveryId }, job) => deliverAlertJob(deps, alerts().mailer, deliveryId, isFinalAttempt(job)),
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
    [QUEUE.matchAlerts]: 2,
    // deliveries wait on receivers, each holding a database connection while it sends
    [QUEUE.deliverAlert]: 4,
  };
  let context: AlertContext | undefined;
  const alerts = (): AlertContext => {
    if (!context) {
      const data = loadClassifierData();
      const names = createNameIndex(data.places, data.actors);
      context = { names, cache: new AlertCache(names), mailer: createMailer(deps.config.SMTP_URL) };
    }
    return context;
  };
  return queues.map((name) => {
    const process = (PROCESSORS[name] as (d: Deps, a: () => AlertContext) => Processor<typeof name>)(deps, alerts);
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
      {
        connection,
        prefix: deps.config.QUEUE_PREFIX,
        concurrency: concurrency[name],
        autorun: true,
        lockDuration: deps.config.JOB_LOCK_MS,
        stalledInterval: deps.config.JOB_LOCK_MS,
        // a job whose worker died goes back to the queue; every stage is safe to run again, so a job
        // caught by several crashes is retried rather than failed (BullMQ's default gives up after one)
        maxStalledCount: MAX_STALLED,
      },
    );
    worker.on('failed', (job, error) => {
      deps.log.error({ queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed');
    });
    worker.on('error', (error) => deps.log.error({ queue: name, err: error.message }, 'worker error'));
    return worker;
  });
}
