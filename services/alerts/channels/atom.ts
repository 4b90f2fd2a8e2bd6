// Atom channel: a per-alert Atom 1.0 feed of notifications, with stable entry ids and every string
// escaped and stripped of characters XML 1.0 forbids.
import { escapeHtml, httpUrl, singleLine, truncateText } from './escape-text.ts';
import { itemFacts, itemHeadline, kindLabel } from './notification-facts.ts';
import type { AlertView, NotificationView } from './types.ts';

/** Options of `renderAtomFeed`: the feed's own URL, the alert's dashboard page and the feed's update time. */
export interface AtomFeedOptions {
  selfUrl: string;
  alertUrl: string;
  updated: Date;
}

// The tag URI date is part of every id and must never change.
const TAG_PREFIX = 'tag:frontier-watch,2026:';
const SNIPPET_MAX = 600;

/** The feed id of an alert: `tag:frontier-watch,2026:alert/<alertId>`. */
export function alertFeedId(alertId: number): string {
  return `${TAG_PREFIX}alert/${alertId}`;
}

/** The entry id of a notification: `tag:frontier-watch,2026:alert/<alertId>/notification/<id>`. */
export function notificationEntryId(item: NotificationView): string {
  return `${alertFeedId(item.alertId)}/notification/${item.id}`;
}

/** XML element content or attribute value (escapeHtml also strips XML-illegal characters). */
const xml = escapeHtml;

/** The entry's HTML content (as a string, escaped again when put into the feed). */
function entryHtml(item: NotificationView): string {
  const facts = itemFacts(item).map((f) => `<li><b>${escapeHtml(f.label)}:</b> ${escapeHtml(f.value)}</li>`);
  const parts = [`<p><b>${escapeHtml(kindLabel(item.kind))}</b>: ${escapeHtml(singleLine(item.title))}</p>`];
  if (facts.length > 0) parts.push(`<ul>${facts.join('')}</ul>`);
  if (item.snippet) parts.push(`<p>${escapeHtml(truncateText(singleLine(item.snippet), SNIPPET_MAX))}</p>`);
  const link = httpUrl(item.link);
  const url = httpUrl(item.url);
  if (link) parts.push(`<p><a href="${escapeHtml(link)}">Open in Frontier Watch</a></p>`);
  if (url) parts.push(`<p><a href="${escapeHtml(url)}">Source article</a></p>`);
  return parts.join('');
}

function renderEntry(item: NotificationView): string {
  const published = item.publishedAt && item.publishedAt <= item.createdAt ? item.publishedAt : item.createdAt;
  const link = httpUrl(item.link);
  const url = httpUrl(item.url);
  const lines = [
    '  <entry>',
    `    <id>${xml(notificationEntryId(item))}</id>`,
    `    <title type="text">${xml(itemHeadline(item))}</title>`,
    `    <updated>${item.createdAt.toISOString()}</updated>`,
    `    <published>${published.toISOString()}</published>`,
    link ? `    <link rel="alternate" type="text/html" href="${xml(link)}"/>` : '',
    url ? `    <link rel="related" type="text/html" href="${xml(url)}"/>` : '',
    ...item.categories.map((c) => `    <category term="${xml(singleLine(c))}"/>`),
    `    <content type="html">${xml(entryHtml(item))}</content>`,
    '  </entry>',
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * An Atom 1.0 feed (RFC 4287) of `items` for `alert`, one entry per notification in the given order.
 * Ids are `tag:` URIs stable across renders; entry content is escaped HTML with the same facts as the
 * email; all text is XML-escaped and stripped of characters XML 1.0 does not allow.
 */
export function renderAtomFeed(alert: AlertView, items: NotificationView[], opts: AtomFeedOptions): string {
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${alertFeedId(alert.id)}</id>`,
    `  <title type="text">Frontier Watch: ${xml(singleLine(alert.name))}</title>`,
    `  <subtitle type="text">Notifications for the query: ${xml(singleLine(alert.query))}</subtitle>`,
    `  <updated>${opts.updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(opts.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(opts.alertUrl)}"/>`,
    '  <author><name>Frontier Watch</name></author>',
    '  <generator>Frontier Watch</generator>',
  ];
  return [...head, ...items.map(renderEntry), '</feed>', ''].join('\n');
}
