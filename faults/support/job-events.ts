import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { STAGE_QUEUES } from './scenario.ts';

/**
 * Counts BullMQ's `stalled` events per stage queue — a job taken back from a worker that stopped
 * renewing its lock (a killed process) — read from the queues' event streams.
 */
export class JobEvents {
  readonly stalled = new Map<string, number>();
  /** when each stalled event arrived (ms since the epoch), with its queue and job id */
  readonly log: { at: number; queue: string; jobId: string }[] = [];
  readonly #events: QueueEvents[] = [];
  readonly #connections: Redis[] = [];

  private constructor() {}

  static async watch(redisUrl: string, prefix: string): Promise<JobEvents> {
    const watcher = new JobEvents();
    for (const name of STAGE_QUEUES) {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => {});
      const events = new QueueEvents(name, { connection, prefix });
      events.on('error', () => {});
      events.on('stalled', ({ jobId }) => {
        watcher.stalled.set(name, (watcher.stalled.get(name) ?? 0) + 1);
        watcher.log.push({ at: Date.now(), queue: name, jobId });
      });
      await events.waitUntilReady();
      watcher.#events.push(events);
      watcher.#connections.push(connection);
    }
    return watcher;
  }

  total(): number {
    return [...this.stalled.values()].reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#events.map((e) => e.close()));
    for (const c of this.#connections) c.disconnect();
  }
}
