import { Redis } from 'ioredis';

export type { Redis };

/**
 * Redis connection for workers: BullMQ needs `maxRetriesPerRequest: null` so blocking commands wait
 * through reconnects instead of failing.
 */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/**
 * Redis connection for producers (schedulers, the dashboard, the CLI): fails fast when Redis is down
 * instead of queueing commands in memory, so callers see the error.
 */
export function createProducerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: false, connectTimeout: 5_000 });
}
