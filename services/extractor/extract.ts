import { Readability } from '@mozilla/readability';
import { decodeHTML } from 'entities';
import { parseHTML } from 'linkedom';

export interface Extracted {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  excerpt: string | null;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** Publication date as the page states it (metadata, JSON-LD or a <time> element). */
  published: Date | null;
}

/** Not enough readable text on the page to call it an article. */
export class ExtractError extends Error {}

const MIN_TEXT_CHARS = 200;
// Readability ignores these, and dropping them before parsing halves the DOM work on real pages.
const NOISE = /<(script|style|noscript|svg|template|iframe)\b[\s\S]*?<\/\1\s*>/gi;

/**
 * Extracts an article from HTML with Readability over linkedom (no scripts run): title, byline,
 * site name, language, excerpt, text with paragraph breaks, and the page's own publication date.
 */
export function extractArticle(html: string, url: string): Extracted {
  const jsonLd = [...html.matchAll(/<script[^>]+application\/ld\+json[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
  const { document } = parseHTML(html.replace(NOISE, ''));
  const published = pageDate(document, jsonLd);
  const lang = normalizeLang(document.documentElement?.getAttribute('lang') ?? metaContent(document, 'og:locale'));
  const article = new Readability(document as unknown as Document, { charThreshold: 300, keepClasses: false }).parse();
  if (!article?.content) throw new ExtractError(`extract: no readable content at ${url}`);
  const text = htmlToText(article.content);
  if (text.length < MIN_TEXT_CHARS) throw new ExtractError(`extract: only ${text.length} characters of text at ${url}`);
  return {
    title: clean(article.title),
    byline: clean(article.byline),
    siteName: clean(article.siteName),
    lang: lang ?? normalizeLang(article.lang),
    excerpt: clean(article.excerpt),
    text,
    published: published ?? parseDate(article.publishedTime),
  };
}

const BLOCK_END = /<\/(p|div|h[1-6]|li|blockquote|pre|section|article|figcaption|tr|table|ul|ol)\s*>|<br\s*\/?>/gi;

/** Plain text of Readability's HTML: one paragraph per block, blank line between paragraphs. */
export function htmlToText(html: string): string {
  return decodeHTML(html.replace(BLOCK_END, '\n\n').replace(/<[^>]+>/g, ' '))
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

type Doc = ReturnType<typeof parseHTML>['document'];

function metaContent(document: Doc, key: string): string | null {
  for (const attr of ['property', 'name', 'itemprop']) {
    const el = document.querySelector(`meta[${attr}="${key}"]`);
    const value = el?.getAttribute('content');
    if (value) return value;
  }
  return null;
}

const DATE_META = ['article:published_time', 'og:article:published_time', 'datePublished', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'DC.date.issued', 'sailthru.date', 'parsely-pub-date'];

function pageDate(document: Doc, jsonLd: string[]): Date | null {
  for (const key of DATE_META) {
    const d = parseDate(metaContent(document, key));
    if (d) return d;
  }
  for (const block of jsonLd) {
    const m = /"datePublished"\s*:\s*"([^"]+)"/.exec(block);
    const d = parseDate(m?.[1]);
    if (d) return d;
  }
  const time = document.querySelector('article time[datetime], time[pubdate], time[datetime]');
  return parseDate(time?.getAttribute('datetime'));
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

function normalizeLang(value: string | null | undefined): string | null {
  const m = value && /^([a-z]{2,3})(?:[-_]|$)/i.exec(value.trim());
  return m ? m[1]!.toLowerCase() : null;
}

function clean(value: string | null | undefined): string | null {
  const s = value?.replace(/\s+/g, ' ').trim();
  return s || null;
}
