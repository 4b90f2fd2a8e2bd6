export type DateSource = 'page' | 'feed' | 'url' | 'none';

export interface PublishedDate {
  publishedAt: Date | null;
  source: DateSource;
  /** False for dates in the future (beyond a day of clock skew) or before 1990, and for missing ones. */
  trusted: boolean;
}

const EARLIEST = Date.UTC(1990, 0, 1);
const SKEW_MS = 24 * 3600 * 1000;

/** A date in an article URL: /2025/06/14/, /2025-06-14/, /20250614/. */
export function dateFromUrl(url: string): Date | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = /\/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)/.exec(path);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

/** True when a date is plausible for a news article seen at `now`. */
export function isTrustedDate(date: Date, now: Date): boolean {
  const t = date.getTime();
  return t >= EARLIEST && t <= now.getTime() + SKEW_MS;
}

/**
 * Picks the publication date: the page's own metadata first, then the feed's date, then a date in the
 * URL; the first plausible one wins. When only implausible dates exist, the first is kept, untrusted.
 */
export function pickPublishedDate(
  candidates: { page: Date | null; feed: Date | null; url: Date | null },
  now: Date,
): PublishedDate {
  const order: [DateSource, Date | null][] = [['page', candidates.page], ['feed', candidates.feed], ['url', candidates.url]];
  for (const [source, date] of order) {
    if (date && isTrustedDate(date, now)) return { publishedAt: date, source, trusted: true };
  }
  const first = order.find(([, d]) => d);
  return first ? { publishedAt: first[1], source: first[0], trusted: false } : { publishedAt: null, source: 'none', trusted: false };
}
