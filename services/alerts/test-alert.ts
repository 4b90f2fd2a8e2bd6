// `alerts test`: sends a sample notification now, over every channel of an alert, and says how each
// went. The sample is the alert's latest notification when it has one, else a clearly marked example.
import type { Deps } from '../core/deps.ts';
import { inTransaction } from '../core/db.ts';
import { alertChannels, getAlert, insertDeliveries, insertNotification, listNotifications, type Channel } from '../core/store/alerts.ts';
import { deliverAlert, type DeliveryOutcome, type Mailer } from './deliver-alert.ts';
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

/** Records a test notification for the alert and delivers it at once on each of its channels. */
export async function sendTestAlert(deps: Deps, mailer: Mailer | null, alertId: number): Promise<TestResult | undefined> {
  const alert = await getAlert(deps.sql, alertId);
  if (!alert) return undefined;
  const [latest] = await listNotifications(deps.sql, { alertId, limit: 1 });
  const snapshot = latest && latest.kind !== 'test'
    ? { ...(latest.snapshot as unknown as Snapshot), title: `[test] ${(latest.snapshot as { title?: string }).title ?? ''}` }
    : exampleSnapshot(alert.query);
  const channels = alertChannels(alert);
  const { notificationId, deliveryIds } = await inTransaction(deps.sql, async (tx) => {
    const id = await insertNotification(tx, { alertId, kind: 'test', snapshot: snapshot as never });
    return { notificationId: id!, deliveryIds: await insertDeliveries(tx, alertId, channels, { notificationId: id! }) };
  });
  const results: TestResult['channels'] = [];
  for (const [i, deliveryId] of deliveryIds.entries()) {
    results.push({ channel: channels[i]!, deliveryId, outcome: await deliverAlert(deps, mailer, deliveryId, true) });
  }
  return { notificationId, channels: results };
}
