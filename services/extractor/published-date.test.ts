import { describe, expect, it } from 'vitest';
import { dateFromUrl, pickPublishedDate } from './published-date.ts';

const now = new Date('2026-11-21T12:00:00Z');
const d = (s: string) => new Date(s);

describe('dateFromUrl', () => {
  it.each([
    ['https://x.com/2025/06/14/bannu-attack', '2025-06-14'],
    ['https://x.com/news/2025-06-14-bannu', '2025-06-14'],
    ['https://x.com/20250614/story.html', '2025-06-14'],
    ['https://x.com/news/1890123/title', null],
    ['https://x.com/2025/13/40/x', null],
    ['https://x.com/2025/02/30/x', null],
  ])('%s → %s', (url, expected) => {
    expect(dateFromUrl(url)?.toISOString().slice(0, 10) ?? null).toBe(expected);
  });
});

describe('pickPublishedDate', () => {
  it('prefers the page date', () => {
    expect(pickPublishedDate({ page: d('2026-01-02T03:00:00Z'), feed: d('2026-01-01T00:00:00Z'), url: null }, now))
      .toEqual({ publishedAt: d('2026-01-02T03:00:00Z'), source: 'page', trusted: true });
  });
  it('falls back to the feed, then the URL', () => {
    expect(pickPublishedDate({ page: null, feed: d('2026-01-01T00:00:00Z'), url: null }, now).source).toBe('feed');
    expect(pickPublishedDate({ page: null, feed: null, url: d('2025-06-14') }, now).source).toBe('url');
  });
  it('skips an implausible page date for a plausible feed date', () => {
    const r = pickPublishedDate({ page: d('2031-01-01T00:00:00Z'), feed: d('2026-03-01T00:00:00Z'), url: null }, now);
    expect(r).toMatchObject({ source: 'feed', trusted: true });
  });
  it('flags future and pre-1990 dates as untrusted when nothing better exists', () => {
    expect(pickPublishedDate({ page: d('2027-06-01T00:00:00Z'), feed: null, url: null }, now)).toMatchObject({ source: 'page', trusted: false });
    expect(pickPublishedDate({ page: null, feed: d('1970-01-01T00:00:00Z'), url: null }, now)).toMatchObject({ source: 'feed', trusted: false });
  });
  it('allows a day of clock skew', () => {
    expect(pickPublishedDate({ page: d('2026-11-22T06:00:00Z'), feed: null, url: null }, now).trusted).toBe(true);
  });
  it('reports a missing date as none, untrusted', () => {
    expect(pickPublishedDate({ page: null, feed: null, url: null }, now)).toEqual({ publishedAt: null, source: 'none', trusted: false });
  });
});
