// The alerts' periodic work, run by the scheduler every ALERT_TICK: digests that have come due, surge
// detection, and deliveries whose job was lost. Every step takes the time as an argument (tests pass
// their own clock) and is safe to run twice for the same moment.
import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { inTransaction } from '../core/db.ts';
import { deliveryJobId, QUEUE } from '../core/queues.ts';
import {
  alertChannels,
  enabledAlerts,
  insertDeliveries,
  insertNotification,
  stuckDeliveries,
  takeDigestNotifications,
  type Alert,
} from '../core/store/alerts.ts';
import { storyMatches } from '../core/store/query-sql.ts';
import type { NameIndex } from '../classifier/names.ts';
import { latestDigestDue } from './digest-schedule.ts';
import { enqueueDeliveries } from './match-alerts.ts';
import { blankSnapshot } from './notify.ts';
import { parseQuery } from './query/index.ts';

function isQuiet(alert: Alert, now: Date): boolean {
  return alert.muted || (alert.snoozedUntil !== null && alert.snoozedUntil > now);
}

/**
 * Sends the digests that are due: for each digest alert whose latest due time is past its last digest,
 * takes its notifications up to that time into one delivery per channel (none when there were none, or
 * the alert is muted), and moves its last digest time on. One transaction per alert.
 */
export async function runDigests(deps: Deps, now: Date): Promise<{ digests: number; deliveries: number }> {
  const alerts = (await enabledAlerts(deps.sql, 'match')).filter((a) => a.mode !== 'instant');
  const queued: { id: number; retries: number }[] = [];
  let digests = 0;
  for (const alert of alerts) {
    const due = latestDigestDue(alert.mode as 'hourly' | 'daily', alert.digestAt, alert.timeZone, now);
    if (alert.lastDigestAt && alert.lastDigestAt >= due) continue;
    const ids = await inTransaction(deps.sql, async (tx) => {
      const moved = await tx`
        update alerts set last_digest_at = ${due}
        where id = ${alert.id} and (last_digest_at is null or last_digest_at < ${due}) returning id`;
      if (moved.length === 0) return []; // another scheduler took this period
      const taken = await takeDigestNotifications(tx, alert.id, due);
      if (taken.length === 0 || isQuiet(alert, now)) return [];
      return insertDeliveries(tx, alert.id, alertChannels(alert), { digestKey: due });
    });
    if (ids.length > 0) digests++;
    queued.push(...ids.map((id) => ({ id, retries: 0 })));
  }
  await enqueueDeliveries(deps.queues[QUEUE.deliverAlert], queued);
  return { digests, deliveries: queued.length };
}

export interface SurgeCounts {
  /** matching incidents first reported in the window that ends now */
  count: number;
  /** the mean per window over the baseline days before it */
  baseline: number;
}

/** The surge threshold: `factor` × baseline, and never below `min`. */
export function surgeThreshold(alert: Pick<Alert, 'surgeFactor' | 'surgeMin'>, baseline: number): number {
  return Math.max(alert.surgeMin, alert.surgeFactor * baseline);
}

/** Counts matching incidents in the current window and in the baseline period before it. */
export async function surgeCounts(deps: Deps, alert: Alert, names: NameIndex, now: Date): Promise<SurgeCounts> {
  const windowMs = alert.surgeWindowH * 3_600_000;
  const windowStart = new Date(now.getTime() - windowMs);
  const baseStart = new Date(windowStart.getTime() - alert.surgeBaselineDays * 86_400_000);
  const query = parseQuery(alert.query);
  const sql = deps.sql;
  const [row] = await sql<{ current: number; before: number }[]>`
    select count(*) filter (where s.first_seen >= ${windowStart})::int as current,
      count(*) filter (where s.first_seen < ${windowStart})::int as before
    from stories s
    where s.merged_into is null and s.dated and s.first_seen >= ${baseStart} and s.first_seen < ${now}
      and ${storyMatches(sql, query, baseStart, now, names)}`;
  const windows = (alert.surgeBaselineDays * 86_400_000) / windowMs;
  return { count: row!.current, baseline: row!.before / windows };
}

/**
 * Checks every surge alert: one notification when matching incidents in the window reach the
 * threshold (keyed by the hour it fired, so a second scheduler cannot fire it again), then quiet until
 * the count falls back below the threshold.
 */
export async function runSurges(deps: Deps, names: NameIndex, now: Date): Promise<{ fired: number }> {
  const alerts = await enabledAlerts(deps.sql, 'surge');
  const queued: { id: number; retries: number }[] = [];
  let fired = 0;
  for (const alert of alerts) {
    let counts: SurgeCounts;
    try {
      counts = await surgeCounts(deps, alert, names, now);
    } catch (error) {
      deps.log.warn({ alertId: alert.id, err: (error as Error).message }, 'surge check failed');
      continue;
    }
    const threshold = surgeThreshold(alert, counts.baseline);
    const surging = counts.count >= threshold;
    if (surging === alert.surgeActive) continue;
    if (!surging) {
      await deps.sql`update alerts set surge_active = false where id = ${alert.id}`;
      continue;
    }
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const snapshot = blankSnapshot(
      `${counts.count} incidents matching "${alert.query}" in ${alert.surgeWindowH} h (usually ${counts.baseline.toFixed(1)})`,
      {
        publishedAt: now,
        surge: { count: counts.count, baseline: Math.round(counts.baseline * 100) / 100, windowHours: alert.surgeWindowH, factor: alert.surgeFactor },
      },
    );
    const ids = await inTransaction(deps.sql, async (tx) => {
      const armed = await tx`update alerts set surge_active = true where id = ${alert.id} and not surge_active returning id`;
      if (armed.length === 0) return [];
      const id = await insertNotification(tx, { alertId: alert.id, kind: 'surge', surgeKey: hour, snapshot: snapshot as never });
      if (id === null) return [];
      fired++;
      return isQuiet(alert, now) ? [] : insertDeliveries(tx, alert.id, alertChannels(alert), { notificationId: id });
    });
    queued.push(...ids.map((id) => ({ id, retries: 0 })));
  }
  await enqueueDeliveries(deps.queues[QUEUE.deliverAlert], queued);
  return { fired };
}

/** Re-queues deliveries left pending past `olderThanS` whose job is gone (lost with Redis) or finished. */
export async function sweepDeliveries(deps: Deps, olderThanS: number): Promise<number> {
  const queue = deps.queues[QUEUE.deliverAlert] as Queue<{ deliveryId: number }>;
  const batch = 500;
  let n = 0;
  for (let after = 0; ; ) {
    const stuck = await stuckDeliveries(deps.sql, olderThanS, batch, after);
    for (const d of stuck) {
      const jobId = deliveryJobId(d.id, d.retries);
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed') await job!.retry('failed');
      else if (state === 'missing' || state === 'completed' || state === 'unknown') {
        if (job) await job.remove().catch(() => {});
        await queue.add(queue.name, { deliveryId: d.id }, { jobId });
      } else continue;
      n++;
    }
    if (stuck.length < batch) break;
    after = stuck.at(-1)!.id;
  }
  if (n > 0) deps.log.warn({ requeued: n }, 'sweep re-queued stuck alert deliveries');
  return n;
}
