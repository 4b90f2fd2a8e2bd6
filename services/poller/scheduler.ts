import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { QUEUE } from '../core/queues.ts';

/** The repeating jobs the scheduler role keeps registered in Redis. */
const SCHEDULES = ['feeds-tick', 'stuck-sweep', 'alerts-tick'] as const;

/**
 * Registers the repeating jobs in Redis (idempotent upserts, so every scheduler replica can call
 * this and there is still one tick per period): `tick` claims due feeds, `sweep` re-queues stuck work,
 * `alerts` sends due digests and checks surges.
 */
export async function registerSchedules(deps: Deps): Promise<void> {
  const queue = deps.queues[QUEUE.schedule] as Queue<{ task: 'tick' | 'sweep' | 'alerts' }>;
  await queue.upsertJobScheduler('feeds-tick', { every: deps.config.SCHEDULER_TICK * 1000 }, { name: 'tick', data: { task: 'tick' } });
  await queue.upsertJobScheduler('stuck-sweep', { every: deps.config.SWEEP_INTERVAL * 1000 }, { name: 'sweep', data: { task: 'sweep' } });
  await queue.upsertJobScheduler('alerts-tick', { every: deps.config.ALERT_TICK * 1000 }, { name: 'alerts', data: { task: 'alerts' } });
}

/**
 * Puts the repeating jobs back when Redis lost them (FLUSHALL, a restart without persistence): checked
 * every SCHEDULER_TICK; only a loss re-registers, so the sweep's period is not pushed back. Returns a
 * function that stops the check.
 */
export function watchSchedules(deps: Deps): () => void {
  const queue = deps.queues[QUEUE.schedule];
  const check = async () => {
    const present = new Set((await queue.getJobSchedulers()).map((s) => s.key));
    const missing = SCHEDULES.filter((k) => !present.has(k));
    if (missing.length === 0) return;
    deps.log.warn({ missing }, 'job schedulers missing from Redis: registering them again');
    await registerSchedules(deps);
  };
  const timer = setInterval(() => {
    check().catch((error: Error) => deps.log.warn({ err: error.message }, 'could not check the job schedulers'));
  }, deps.config.SCHEDULER_TICK * 1000);
  return () => clearInterval(timer);
}
