import { describe, expect, it } from 'vitest';
import { parseOpml, toOpml } from './opml.ts';

describe('opml', () => {
  it('reads nested outlines and decodes entities', () => {
    const xml = `<?xml version="1.0"?><opml version="1.0"><body>
      <outline text="Pakistan"><outline text="Dawn &amp; co" type="rss" xmlUrl="https://dawn.com/feeds/home?a=1&amp;b=2"/>
      <outline title='Tolo' xmlUrl='https://tolonews.com/rss.xml'></outline></outline>
      <outline text="folder only"/></body></opml>`;
    expect(parseOpml(xml)).toEqual([
      { url: 'https://dawn.com/feeds/home?a=1&b=2', name: 'Dawn & co' },
      { url: 'https://tolonews.com/rss.xml', name: 'Tolo' },
    ]);
  });
  it('round-trips through export', () => {
    const feeds = [{ url: 'https://x.org/feed?a=1&b="2"', name: 'X <news>' }, { url: 'https://y.org/rss', name: null }];
    expect(parseOpml(toOpml(feeds))).toEqual([feeds[0], { url: 'https://y.org/rss', name: 'https://y.org/rss' }]);
  });
  it('rejects a document that is not OPML', () => {
    expect(() => parseOpml('<rss></rss>')).toThrow(/opml: not an OPML document/);
  });
});
