// Webhook channel: the JSON or Slack-compatible body POSTed for notifications, and its HMAC signature
// (sign on send, verify on receive).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { httpUrl, singleLine, truncateText } from './escape-text.ts';
import { digestSummary, itemFacts, itemHeadline } from './notification-facts.ts';
import type { AlertView, DigestInfo, NotificationView } from './types.ts';

/** Header carrying `sha256=<hex>` of `${timestamp}.${body}`. */
export const SIGNATURE_HEADER = 'x-frontier-signature';
/** Header carrying the signing time in unix seconds. */
export const TIMESTAMP_HEADER = 'x-frontier-timestamp';
/** Header carrying the delivery id (stable across retries, for receivers to deduplicate). */
export const DELIVERY_HEADER = 'x-frontier-delivery';

/** Options of `webhookBody`. */
export interface WebhookBodyOptions {
  format: 'json' | 'slack';
  deliveryId: number;
  digest?: DigestInfo | null;
}

const SNIPPET_MAX = 500;
// Slack limits: 50 blocks a message, 3000 characters a section, 150 a header.
const SLACK_MAX_BLOCKS = 50;
const SLACK_SECTION_MAX = 3000;
const SLACK_HEADER_MAX = 150;
const SLACK_URL_MAX = 1500;

function notificationJson(item: NotificationView) {
  return {
    id: item.id,
    kind: item.kind,
    createdAt: item.createdAt.toISOString(),
    title: item.title,
    url: item.url,
    link: item.link,
    source: item.source,
    publishedAt: item.publishedAt ? item.publishedAt.toISOString() : null,
    categories: item.categories,
    place: item.place,
    province: item.province,
    killed: item.killed,
    injured: item.injured,
    killedRange: item.killedRange,
    injuredRange: item.injuredRange,
    outletCount: item.outletCount,
    storyId: item.storyId,
    storyVersion: item.storyVersion,
    articleId: item.articleId,
    changes: item.changes,
    snippet: item.snippet === null ? null : truncateText(item.snippet, SNIPPET_MAX),
    surge: item.surge,
  };
}

function jsonBody(alert: AlertView, items: NotificationView[], opts: WebhookBodyOptions): string {
  const digest = opts.digest ?? null;
  return JSON.stringify({
    type: digest ? 'frontier.digest' : 'frontier.alert',
    deliveryId: opts.deliveryId,
    alert: { id: alert.id, name: alert.name, query: alert.query },
    digest: digest && { periodStart: digest.periodStart.toISOString(), periodEnd: digest.periodEnd.toISOString() },
    notifications: items.map(notificationJson),
  });
}

/** Escapes the three characters Slack treats as markup in text. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>` for an http(s) URL, or the escaped label alone when the URL is unusable or huge. */
export function slackLink(url: string | null, label: string): string {
  // A normalized URL has < > and spaces percent-encoded already; | would end the URL part early.
  const href = httpUrl(url)?.replace(/&/g, '&amp;').replace(/\|/g, '%7C');
  if (!href || href.length > SLACK_URL_MAX) return slackEscape(label);
  return `<${href}|${slackEscape(label)}>`;
}

/** Joins lines while they fit in `max` characters (the first line always goes in). */
function fitLines(lines: string[], max: number): string {
  let text = '';
  for (const line of lines) {
    const next = text === '' ? line : `${text}\n${line}`;
    if (next.length > max) break;
    text = next;
  }
  return text === '' ? truncateText(lines[0] ?? '', max) : text;
}

function slackItemText(item: NotificationView): string {
  const title = truncateText(itemHeadline(item), 200);
  const lines = [`*${slackLink(item.link, title)}*`];
  for (const fact of itemFacts(item)) lines.push(`*${fact.label}:* ${slackEscape(fact.value)}`);
  if (item.snippet) lines.push(`>${slackEscape(truncateText(singleLine(item.snippet), 300))}`);
  const source = item.source ? singleLine(item.source) : '';
  if (httpUrl(item.url)) lines.push(slackLink(item.url, source ? `Source article (${source})` : 'Source article'));
  return fitLines(lines, SLACK_SECTION_MAX);
}

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function slackSummary(alert: AlertView, items: NotificationView[], digest: DigestInfo | null): string {
  const name = singleLine(alert.name);
  const only = items[0];
  if (!digest && items.length === 1 && only) return `[Frontier Watch] ${name}: ${itemHeadline(only)}`;
  return `[Frontier Watch] ${name}: ${digestSummary(items, digest)}`;
}

function slackBody(alert: AlertView, items: NotificationView[], opts: WebhookBodyOptions): string {
  const digest = opts.digest ?? null;
  const header = truncateText(`Frontier Watch: ${singleLine(alert.name)}`, SLACK_HEADER_MAX);
  const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: header, emoji: false } }];
  const context = `Query: ${slackEscape(truncateText(singleLine(alert.query), 300))}`;
  const intro = digest ? `*Digest:* ${slackEscape(digestSummary(items, digest))} · ${context}` : context;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: intro }] });
  const room = SLACK_MAX_BLOCKS - blocks.length;
  const shown = items.length <= room ? items : items.slice(0, room - 1);
  for (const item of shown) blocks.push(section(slackItemText(item)));
  if (shown.length < items.length) blocks.push(section(`…and ${items.length - shown.length} more`));
  const text = slackEscape(truncateText(slackSummary(alert, items, digest), 500));
  return JSON.stringify({ text, blocks });
}

/**
 * The webhook request body for `items` of `alert`, as a JSON string. `json`: a `frontier.alert`
 * (or `frontier.digest` when `digest` is given) document with ISO dates and snippets capped at 500
 * characters. `slack`: a Slack incoming-webhook body (`text` fallback plus mrkdwn blocks, escaped, within
 * Slack's block and length limits; items beyond the limit are summarized as "and N more").
 */
export function webhookBody(alert: AlertView, items: NotificationView[], opts: WebhookBodyOptions): string {
  return opts.format === 'slack' ? slackBody(alert, items, opts) : jsonBody(alert, items, opts);
}

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`; `timestamp` in unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The timestamp as whole unix seconds, or null when it is not a plain non-negative integer. */
function parseTimestamp(timestamp: string | number): number | null {
  if (typeof timestamp === 'number') return Number.isSafeInteger(timestamp) && timestamp >= 0 ? timestamp : null;
  return /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : null;
}

/**
 * True when `header` is a valid `sha256=<hex>` signature of `body` at `timestamp` under `secret` and the
 * timestamp is within `toleranceS` seconds (default 300) of `now` (ms, default the current time).
 * Compares in constant time; malformed headers and timestamps are rejected.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string,
  opts: { now?: number; toleranceS?: number } = {},
): boolean {
  if (typeof header !== 'string') return false;
  const ts = parseTimestamp(timestamp);
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (ts === null || !match?.[1]) return false;
  const nowS = (opts.now ?? Date.now()) / 1000;
  // Written so that a NaN `now` or tolerance rejects rather than accepts.
  if (!(Math.abs(nowS - ts) <= (opts.toleranceS ?? 300))) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = Buffer.from(signWebhook(secret, ts, body).slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
