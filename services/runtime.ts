import { readFileSync } from 'node:fs';
import { createClassifier } from './classifier/index.ts';
import type { Config } from './core/config.ts';
import { createSql, ensureDatabase, type Sql } from './core/db.ts';
import type { Deps } from './core/deps.ts';
import { HttpClient } from './core/http.ts';
import type { Logger } from './core/log.ts';
import { migrate } from './core/migrate.ts';
import { closeQueues, createQueues } from './core/queues.ts';
import { createProducerRedis, createWorkerRedis, type Redis } from './core/redis.ts';
import { countFeeds, insertFeeds, type NewFeed } from './core/store/feeds.ts';

const DEFAULT_FEEDS: NewFeed[] = JSON.parse(
  readFileSync(new URL('./poller/default-feeds.json', import.meta.url), 'utf8'),
);

export interface Runtime {
  deps: Deps;
  /** Connection for workers (blocking commands); created on first use. */
  workerRedis: () => Redis;
  close: () => Promise<void>;
}

/** Prepares the database (created if missing, migrated under an advisory lock) and returns `sql`. */
export async function openDatabase(config: Config, log: Logger): Promise<Sql> {
  await ensureDatabase(config.DATABASE_URL);
  const sql = createSql(config.DATABASE_URL);
  const applied = await migrate(sql);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  return sql;
}

/** Seeds the default public feeds once, on a database that has no feeds yet. */
export async function seedDefaultFeeds(sql: Sql, config: Config, log: Logger): Promise<void> {
  if (!config.SEED_DEFAULT_FEEDS || (await countFeeds(sql)) > 0) return;
  const added = await insertFeeds(sql, DEFAULT_FEEDS, config.FEED_DEFAULT_INTERVAL);
  log.info({ feeds: added.length }, 'seeded the default feed list');
}

/** Builds every dependency of the pipeline; the caller owns `close()`. */
export async function createRuntime(config: Config, log: Logger): Promise<Runtime> {
  const sql = await openDatabase(config, log);
  const producer = createProducerRedis(config.REDIS_URL);
  producer.on('error', (error) => log.warn({ err: error.message }, 'redis (producer) error'));
  const queues = createQueues(producer, config.QUEUE_PREFIX, {
    attempts: config.JOB_ATTEMPTS,
    deliveryAttempts: config.ALERT_DELIVERY_ATTEMPTS,
    deliveryDelayMs: config.ALERT_RETRY_DELAY_MS,
  });
  const http = new HttpClient({
    allowHosts: config.FETCH_ALLOW_HOSTS,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    userAgent: config.FETCH_USER_AGENT,
  });
  const deps: Deps = { config, sql, queues, http, log, classifier: createClassifier() };
  let worker: Redis | undefined;
  return {
    deps,
    workerRedis: () => {
      if (!worker) {
        worker = createWorkerRedis(config.REDIS_URL);
        worker.on('error', (error) => log.warn({ err: error.message }, 'redis (worker) error'));
      }
      return worker;
    },
    close: async () => {
      // a command that never used Redis may close while the connection is still being made: let the
      // handshake finish first (closing mid-handshake hangs for ioredis's timeout, or errors)
      await Promise.allSettled(Object.values(queues).map((q) => q.waitUntilReady()));
      await closeQueues(queues);
      await http.close();
      await sql.end({ timeout: 5 });
      await worker?.quit().catch(() => worker?.disconnect());
      await producer.quit().catch(() => producer.disconnect());
    },
  };
}
