import Parser from 'rss-parser';
import { decodeHTML } from 'entities';

export interface FeedItem {
  /** Absolute link to the article, resolved against the feed. */
  link: string;
  guid: string | null;
  title: string | null;
  summary: string | null;
  published: Date | null;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
  /** Items that could not become articles, with the reason (no link, bad link). */
  skipped: { title: string | null; reason: string }[];
}

/** The feed could not be read: not XML, malformed, or not RSS/Atom/RDF. Permanent for this body. */
export class FeedParseError extends Error {}

const parser = new Parser();
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const MAX_SUMMARY = 2_000;

/**
 * Parses RSS 2.0, Atom and RDF (RSS 1.0) text into items with absolute links, plain-text titles and
 * summaries and dates. Items without a usable link are listed in `skipped`, never silently dropped.
 */
export async function parseFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const text = xml.replace(/^\uFEFF/, '').replace(ILLEGAL_XML_CHARS, '');
  const start = text.trimStart().slice(0, 1);
  if (start !== '<') {
    throw new FeedParseError(`parse-feed: not XML (body starts with ${JSON.stringify(text.trimStart().slice(0, 40))})`);
  }
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    // rss-parser dispatches on <rss version="…">; some real feeds omit the attribute
    feed = await parser.parseString(text.replace(/<rss(?![^>]*\bversion=)([\s>])/, '<rss version="2.0"$1'));
  } catch (error) {
    if (/^\s*<(!doctype html|html|head|body)\b/i.test(text)) {
      const title = /<title[^>]*>([^<]*)/i.exec(text)?.[1]?.trim();
      throw new FeedParseError(`parse-feed: not a feed but an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''}`);
    }
    throw new FeedParseError(`parse-feed: ${(error as Error).message.split('\n')[0]}`);
  }
  const base = absolute(feed.link ?? '', feedUrl) ?? feedUrl;
  const items: FeedItem[] = [];
  const skipped: ParsedFeed['skipped'] = [];
  for (const raw of feed.items ?? []) {
    const item = raw as Parser.Item & { id?: string; summary?: string };
    const title = cleanText(item.title);
    const guid = stringOrNull(item.guid) ?? stringOrNull(item.id);
    const candidate = stringOrNull(item.link) ?? (guid && /^https?:\/\//i.test(guid) ? guid : null);
    if (!candidate) {
      skipped.push({ title, reason: 'no link' });
      continue;
    }
    const link = absolute(candidate, base);
    if (!link) {
      skipped.push({ title, reason: `unusable link ${JSON.stringify(candidate.slice(0, 120))}` });
      continue;
    }
    items.push({
      link,
      guid,
      title,
      summary: truncate(cleanText(item.contentSnippet ?? item.summary ?? item.content), MAX_SUMMARY),
      published: parseDate(item.isoDate ?? item.pubDate),
    });
  }
  return { title: cleanText(feed.title), link: feed.link ?? null, items, skipped };
}

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && '_' in value) return stringOrNull((value as { _: unknown })._);
  return null;
}

/** Plain text from a feed field: tags removed, entities (even double-encoded ones) decoded, spaces folded. */
export function cleanText(value: unknown): string | null {
  const s = stringOrNull(value);
  if (!s) return null;
  let out = s.replace(/<[^>]*>/g, ' ');
  for (let i = 0; i < 2 && /&[#a-z0-9]+;/i.test(out); i++) out = decodeHTML(out);
  out = out.replace(/\s+/g, ' ').trim();
  return out || null;
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

function truncate(s: string | null, max: number): string | null {
  return s && s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
