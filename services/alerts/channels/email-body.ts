// Email channel: subject, plain-text and HTML bodies for one notification or a digest of several.
// Every user-provided string is escaped in HTML, links are http(s) only, and the subject is header-safe.
import { escapeHtml, httpUrl, singleLine, truncateText } from './escape-text.ts';
import { digestSummary, itemFacts, itemHeadline, kindLabel } from './notification-facts.ts';
import type { AlertView, DigestInfo, NotificationView } from './types.ts';

/** A rendered email. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_MAX = 200;
const SNIPPET_MAX = 400;
// A digest mail lists at most this many items; the rest are counted ("and N more").
const MAX_ITEMS = 100;

/** "[Frontier Watch] …", one line (no CR/LF), at most 200 characters. */
export function emailSubject(alert: AlertView, items: NotificationView[], digest: DigestInfo | null): string {
  const only = items[0];
  const name = singleLine(alert.name);
  let line: string;
  if (!digest && items.length === 1 && only) {
    line = only.kind === 'surge' ? `${itemHeadline(only)} — ${name}` : itemHeadline(only);
  } else {
    line = `${name}: ${digestSummary(items, digest)}`;
  }
  return truncateText(singleLine(`[Frontier Watch] ${line}`), SUBJECT_MAX);
}

function snippetOf(item: NotificationView): string | null {
  return item.snippet ? truncateText(singleLine(item.snippet), SNIPPET_MAX) : null;
}

function textItem(item: NotificationView, n: number): string {
  const lines = [`${n}. [${kindLabel(item.kind)}] ${singleLine(item.title)}`];
  for (const fact of itemFacts(item)) lines.push(`   ${fact.label}: ${fact.value}`);
  const snippet = snippetOf(item);
  if (snippet) lines.push(`   "${snippet}"`);
  const link = httpUrl(item.link);
  if (link) lines.push(`   Frontier Watch: ${link}`);
  const url = httpUrl(item.url);
  if (url) lines.push(`   Source article: ${url}`);
  return lines.join('\n');
}

function emailText(alert: AlertView, items: NotificationView[], digest: DigestInfo | null): string {
  const head = [`Frontier Watch alert: ${singleLine(alert.name)}`, `Query: ${singleLine(alert.query)}`];
  if (digest) head.push(`Digest: ${digestSummary(items, digest)}`);
  const shown = items.slice(0, MAX_ITEMS);
  const body = shown.map((item, i) => textItem(item, i + 1));
  if (items.length > shown.length) body.push(`…and ${items.length - shown.length} more`);
  if (items.length === 0) body.push('No new notifications.');
  const foot = `--\nYou receive this because of the alert "${singleLine(alert.name)}" in Frontier Watch.`;
  return `${head.join('\n')}\n\n${body.join('\n\n')}\n\n${foot}\n`;
}

const S = {
  body: 'margin:0;padding:16px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#222;',
  card: 'max-width:640px;margin:0 auto;background:#ffffff;padding:16px 20px;',
  muted: 'margin:0 0 4px;font-size:12px;color:#666666;',
  h1: 'margin:0 0 6px;font-size:20px;',
  item: 'border-top:1px solid #dddddd;padding:12px 0;',
  h2: 'margin:0 0 8px;font-size:16px;',
  a: 'color:#0b57d0;',
  table: 'border-collapse:collapse;font-size:14px;',
  label: 'padding:2px 10px 2px 0;color:#666666;vertical-align:top;white-space:nowrap;',
  value: 'padding:2px 0;vertical-align:top;',
  snippet: 'margin:8px 0;font-size:14px;color:#444444;',
  links: 'margin:8px 0 0;font-size:14px;',
};

/** `<a>` for an http(s) URL; otherwise the escaped label alone (javascript: and the like never link). */
function htmlLink(url: string | null, label: string): string {
  const href = httpUrl(url);
  if (!href) return escapeHtml(label);
  return `<a href="${escapeHtml(href)}" style="${S.a}">${escapeHtml(label)}</a>`;
}

function htmlFacts(item: NotificationView): string {
  const rows = itemFacts(item).map((f) => {
    const label = `<td style="${S.label}">${escapeHtml(f.label)}</td>`;
    return `<tr>${label}<td style="${S.value}" dir="auto">${escapeHtml(f.value)}</td></tr>`;
  });
  if (rows.length === 0) return '';
  return `<table role="presentation" style="${S.table}">${rows.join('')}</table>`;
}

function htmlItem(item: NotificationView): string {
  const snippet = snippetOf(item);
  const links = [
    httpUrl(item.link) ? htmlLink(item.link, 'Open in Frontier Watch') : '',
    httpUrl(item.url) ? htmlLink(item.url, 'Source article') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    `<div style="${S.item}">`,
    `<p style="${S.muted}">${escapeHtml(kindLabel(item.kind))}</p>`,
    `<h2 style="${S.h2}" dir="auto">${htmlLink(item.link, singleLine(item.title))}</h2>`,
    htmlFacts(item),
    snippet ? `<p style="${S.snippet}" dir="auto">${escapeHtml(snippet)}</p>` : '',
    links ? `<p style="${S.links}">${links}</p>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function emailHtml(alert: AlertView, items: NotificationView[], digest: DigestInfo | null, subject: string): string {
  const shown = items.slice(0, MAX_ITEMS);
  const more = items.length - shown.length;
  const name = escapeHtml(singleLine(alert.name));
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="${S.body}"><div style="${S.card}">`,
    `<p style="${S.muted}">Frontier Watch alert</p>`,
    `<h1 style="${S.h1}" dir="auto">${name}</h1>`,
    `<p style="${S.muted}" dir="auto">Query: ${escapeHtml(singleLine(alert.query))}</p>`,
    digest ? `<p style="${S.muted}">Digest: ${escapeHtml(digestSummary(items, digest))}</p>` : '',
    ...shown.map(htmlItem),
    more > 0 ? `<p style="${S.item}">…and ${more} more</p>` : '',
    items.length === 0 ? `<p style="${S.item}">No new notifications.</p>` : '',
    `<p style="${S.muted}">You receive this because of the alert “${name}” in Frontier Watch.</p>`,
    '</div></body></html>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The email for `items` of `alert`: a single-notification mail, or a digest when `opts.digest` is given
 * (or several items are passed). Subject is one header-safe line of at most 200 characters; the text body
 * is plain; the HTML body is self-contained inline-styled HTML with every user string escaped and only
 * http(s) links. Lists at most 100 items, counting the rest.
 */
export function emailMessage(
  alert: AlertView,
  items: NotificationView[],
  opts: { digest?: DigestInfo | null } = {},
): EmailMessage {
  const digest = opts.digest ?? null;
  const subject = emailSubject(alert, items, digest);
  return { subject, text: emailText(alert, items, digest), html: emailHtml(alert, items, digest, subject) };
}
