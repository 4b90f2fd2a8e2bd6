import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { QUEUE } from '../core/queues.ts';

const SWEEP_EVERY_MS = 60_000;

/**
 * Registers the repeating jobs in Redis (idempotent upserts, so every scheduler replica can call
 * this and there is still one tick per period): `tick` claims due feeds, `sweep` re-queues stuck work,
 * `alerts` sends due digests and checks surges.
 */
export async function registerSchedules(deps: Deps): Promise<void> {
  const queue = deps.queues[QUEUE.schedule] as Queue<{ task: 'tick' | 'sweep' | 'alerts' }>;
  await queue.upsertJobScheduler('feeds-tick', { every: deps.config.SCHEDULER_TICK * 1000 }, { name: 'tick', data: { task: 'tick' } });
  await queue.upsertJobScheduler('stuck-sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', data: { task: 'sweep' } });
  await queue.upsertJobScheduler('alerts-tick', { every: deps.config.ALERT_TICK * 1000 }, { name: 'alerts', data: { task: 'alerts' } });
}
