// The deliver-alert queue: sends one delivery (a notification, or a digest of several) over one
// channel. The delivery row is locked for the send and its outcome recorded in the same transaction;
// every message carries the delivery id (webhook header, email Message-ID) so that the one case no
// sender can rule out — a worker killed after the receiver got the message but before the commit,
// which makes the retry send it again — is recognised by the receiver as the same message.
import { UnrecoverableError } from 'bullmq';
import nodemailer from 'nodemailer';
import type { Deps } from '../core/deps.ts';
import { inTransaction } from '../core/db.ts';
import { FetchError } from '../core/http.ts';
import {
  deliveryNotifications,
  getAlert,
  getDelivery,
  lockDeliveryForSend,
  recordDeliveryAttempt,
  type Alert,
  type Delivery,
} from '../core/store/alerts.ts';
import { emailMessage } from './channels/email-body.ts';
import type { DigestInfo, NotificationView } from './channels/types.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, webhookBody } from './channels/webhook-body.ts';
import { notificationView } from './notify.ts';

/** Sends mail; one per process, over SMTP_URL. */
export interface Mailer {
  send(message: { from: string; to: string[]; subject: string; text: string; html: string; messageId: string; headers: Record<string, string> }): Promise<void>;
  close(): void;
}

/** A pooled SMTP transport for SMTP_URL, or null when no mail server is configured. */
export function createMailer(smtpUrl: string | undefined): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl, {});
  return {
    send: async (m) => {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: m.headers });
    },
    close: () => transport.close(),
  };
}

/** The address links in messages point at. */
export function publicUrl(config: Deps['config']): string {
  return config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
}

export type DeliveryOutcome =
  | { status: 'sent'; responseStatus: number | null }
  | { status: 'skipped'; reason: string }
  | { status: 'retry' | 'failed'; error: string };

/** A receiver gets this long to answer (the delivery's row stays locked meanwhile). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** A failure that no retry will fix (a 4xx, a refused address, a removed channel). */
class PermanentDeliveryError extends Error {}

/** The digest period a digest delivery covers. */
function digestInfo(alert: Alert, key: Date): DigestInfo {
  const hours = alert.mode === 'hourly' ? 1 : 24;
  return { periodStart: new Date(key.getTime() - hours * 3_600_000), periodEnd: key };
}

/** Renders and sends one delivery's message; resolves with the receiver's status (webhook). */
async function send(deps: Deps, mailer: Mailer | null, alert: Alert, d: Delivery, items: NotificationView[]): Promise<number | null> {
  const digest = d.digestKey ? digestInfo(alert, d.digestKey) : null;
  const view = { id: alert.id, name: alert.name, query: alert.query };
  if (d.channel === 'webhook') {
    if (!alert.webhookUrl) throw new PermanentDeliveryError('the alert has no webhook URL any more');
    const body = webhookBody(view, items, { format: alert.webhookFormat, deliveryId: d.id, digest });
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await deps.http.post(alert.webhookUrl, body, {
        'content-type': 'application/json',
        [DELIVERY_HEADER]: String(d.id),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(alert.webhookSecret, timestamp, body),
      }, { timeoutMs: WEBHOOK_TIMEOUT_MS, slotHeld: true });
      return res.status;
    } catch (error) {
      if (error instanceof FetchError && error.permanent) throw new PermanentDeliveryError(error.message);
      throw error;
    }
  }
  if (alert.emailTo.length === 0) throw new PermanentDeliveryError('the alert has no email address any more');
  if (!mailer) throw new PermanentDeliveryError('no mail server configured (set SMTP_URL)');
  const message = emailMessage(view, items, { digest });
  try {
    await mailer.send({
      from: deps.config.SMTP_FROM,
      to: alert.emailTo,
      ...message,
      messageId: `<delivery-${d.id}@frontier-watch>`,
      headers: { 'X-Frontier-Delivery': String(d.id), 'X-Frontier-Alert': String(alert.id) },
    });
  } catch (error) {
    // 5xx SMTP replies (mailbox unknown, message refused) will not change on a retry
    const code = (error as { responseCode?: number }).responseCode;
    if (code !== undefined && code >= 500) throw new PermanentDeliveryError((error as Error).message);
    throw error;
  }
  return null;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 1000 ? `${message.slice(0, 999)}…` : message;
}

/**
 * Sends one delivery unless it was sent already or another worker holds it; `final` says this is the
 * last attempt the queue will make (a failure then stays as `failed`, visible and retryable).
 */
export async function deliverAlert(deps: Deps, mailer: Mailer | null, deliveryId: number, final: boolean): Promise<DeliveryOutcome> {
  // a webhook waits for a free slot on its host before taking a database connection: a slow receiver
  // then holds at most its host's few slots, not every connection of the pool
  const peek = await getDelivery(deps.sql, deliveryId);
  const url = peek?.channel === 'webhook' ? (await getAlert(deps.sql, peek.alertId))?.webhookUrl : null;
  return url ? deps.http.withHostSlot(url, () => deliverLocked(deps, mailer, deliveryId, final)) : deliverLocked(deps, mailer, deliveryId, final);
}

/** The send itself, with the delivery's row locked for its length and the outcome recorded in it. */
async function deliverLocked(deps: Deps, mailer: Mailer | null, deliveryId: number, final: boolean): Promise<DeliveryOutcome> {
  return inTransaction(deps.sql, async (tx): Promise<DeliveryOutcome> => {
    const d = await lockDeliveryForSend(tx, deliveryId);
    if (!d) return { status: 'skipped', reason: 'sent, given up, or being sent by another worker' };
    const alert = await getAlert(tx, d.alertId);
    if (!alert) return { status: 'skipped', reason: 'alert removed' };
    const items = (await deliveryNotifications(tx, d)).map((n) => notificationView(n, publicUrl(deps.config)));
    if (items.length === 0) {
      await recordDeliveryAttempt(tx, d.id, { status: 'failed', error: 'nothing to deliver: its notifications were removed' });
      return { status: 'failed', error: 'nothing to deliver' };
    }
    try {
      const responseStatus = await send(deps, mailer, alert, d, items);
      await recordDeliveryAttempt(tx, d.id, { status: 'sent', responseStatus });
      return { status: 'sent', responseStatus };
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const text = `${d.channel}: ${errorText(error)}`;
      const giveUp = permanent || final;
      const responseStatus = error instanceof FetchError ? (error.status ?? null) : null;
      await recordDeliveryAttempt(tx, d.id, { status: giveUp ? 'failed' : 'pending', error: text, responseStatus });
      return { status: giveUp ? 'failed' : 'retry', error: text };
    }
  });
}

/** The queue processor: a retryable failure is thrown for BullMQ's backoff, a final one is not retried. */
export async function deliverAlertJob(deps: Deps, mailer: Mailer | null, deliveryId: number, final: boolean): Promise<DeliveryOutcome> {
  const outcome = await deliverAlert(deps, mailer, deliveryId, final);
  if (outcome.status === 'retry') throw new Error(outcome.error);
  if (outcome.status === 'failed') throw new UnrecoverableError(outcome.error);
  return outcome;
}
