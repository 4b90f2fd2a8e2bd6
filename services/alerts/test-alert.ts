// `alerts test`: sends a sample notification now, over every channel of an alert, and says how each
// went. The sample is the alert's latest notification when it has one, else a clearly marked example.
import type { Queue } from 'bullmq';
import type { Deps } from '../core/deps.ts';
import { inTransaction, type Sql } from '../core/db.ts';
import { alertChannels, getAlert, insertDeliveries, insertNotification, listNotifications, type Channel } from '../core/store/alerts.ts';
import { deliverAlert, type DeliveryOutcome, type Mailer } from './deliver-alert.ts';
import { enqueueDeliveries } from './match-alerts.ts';
import { blankSnapshot, type Snapshot } from './notify.ts';

function exampleSnapshot(query: string): Snapshot {
  return blankSnapshot(`Test notification from Frontier Watch for "${query}"`, {
    publishedAt: new Date(),
    categories: ['attack'],
    place: 'Bannu',
    province: 'Khyber Pakhtunkhwa',
    killed: 3,
    injured: 5,
    killedRange: [2, 3],
    injuredRange: [5, 5],
    outletCount: 4,
    snippet: 'This is a sample message: the figures are an example, not a report.',
  });
}

export interface TestResult {
  notificationId: number;
  channels: { channel: Channel; deliveryId: number; outcome: DeliveryOutcome }[];
}

/** Records a test notification and one delivery per channel; undefined when there is no such alert. */
async function createTestNotification(sql: Sql, alertId: number): Promise<{ notificationId: number; channels: Channel[]; deliveryIds: number[] } | undefined> {
  const alert = await getAlert(sql, alertId);
  if (!alert) return undefined;
  const [latest] = await listNotifications(sql, { alertId, limit: 1 });
  const snapshot = latest && latest.kind !== 'test'
    ? { ...(latest.snapshot as unknown as Snapshot), title: `[test] ${(latest.snapshot as { title?: string }).title ?? ''}` }
    : exampleSnapshot(alert.query);
  const channels = alertChannels(alert);
  return inTransaction(sql, async (tx) => {
    const id = await insertNotification(tx, { alertId, kind: 'test', snapshot: snapshot as never });
    return { notificationId: id!, channels, deliveryIds: await insertDeliveries(tx, alertId, channels, { notificationId: id! }) };
  });
}

/** Records a test notification for the alert and delivers it at once on each of its channels. */
export async function sendTestAlert(deps: Deps, mailer: Mailer | null, alertId: number): Promise<TestResult | undefined> {
  const test = await createTestNotification(deps.sql, alertId);
  if (!test) return undefined;
  const results: TestResult['channels'] = [];
  for (const [i, deliveryId] of test.deliveryIds.entries()) {
    results.push({ channel: test.channels[i]!, deliveryId, outcome: await deliverAlert(deps, mailer, deliveryId, true) });
  }
  return { notificationId: test.notificationId, channels: results };
}

/** Records a test notification and queues its deliveries for the workers (the dashboard's test button). */
export async function queueTestAlert(sql: Sql, queue: Queue<{ deliveryId: number }>, alertId: number): Promise<{ notificationId: number; deliveries: number }> {
  const test = await createTestNotification(sql, alertId);
  if (!test) throw new Error(`alert ${alertId} not found`);
  await enqueueDeliveries(queue, test.deliveryIds.map((id) => ({ id, retries: 0 })));
  return { notificationId: test.notificationId, deliveries: test.deliveryIds.length };
}
