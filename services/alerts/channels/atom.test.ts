import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderAtomFeed } from './atom.ts';
import { alert, HOSTILE_TITLE, notification, surge, update } from './test-notifications.ts';

const opts = {
  selfUrl: 'https://watch.example.org/alerts/7/feed.atom?token=a&b',
  alertUrl: 'https://watch.example.org/alerts/7',
  updated: new Date('2026-11-21T10:00:00Z'),
};

const items = [
  notification({
    id: 1,
    title: `${HOSTILE_TITLE} \u0000\u0008\u000B\uFFFE\uFFFF\uD800 lone`,
    snippet: 'bad \u001F control ]]> <![CDATA[ x',
    categories: ['attack', 'a"b<c>&'],
    url: 'javascript:alert(1)',
  }),
  update({ id: 2, title: 'بنوں میں حملہ', place: 'بنوں', snippet: 'د بنو پر برید 😀 emoji' }),
  surge({ id: 3 }),
];

const xml = renderAtomFeed({ ...alert, name: 'KP <attacks> & "more"' }, items, opts);

describe('renderAtomFeed', () => {
  it('is well-formed XML that rss-parser reads as an Atom feed', async () => {
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Frontier Watch: KP <attacks> & "more"');
    expect(feed.link).toBe('https://watch.example.org/alerts/7');
    expect(feed.feedUrl).toBe('https://watch.example.org/alerts/7/feed.atom?token=a&b');
    expect(feed.items).toHaveLength(3);
  });

  it('gives entries their headlines, links and stable tag ids', async () => {
    const feed = await new Parser().parseString(xml);
    const [first, second, third] = feed.items;
    expect(first?.title).toBe(`Bannu: attack, a"b<c>&, 12 killed, 5 injured — ${HOSTILE_TITLE} lone`);
    expect(second?.title).toBe('Update: بنوں: attack, border clash, 12 killed, 5 injured — بنوں میں حملہ');
    expect(third?.title).toBe('Surge: 9 incidents in 24 h (baseline 2.1)');
    expect(feed.items.map((i) => i.id)).toEqual([
      'tag:frontier-watch,2026:alert/7/notification/1',
      'tag:frontier-watch,2026:alert/7/notification/2',
      'tag:frontier-watch,2026:alert/7/notification/3',
    ]);
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://watch.example.org/stories/55',
      'https://watch.example.org/stories/55',
      'https://watch.example.org/alerts/7',
    ]);
  });

  it('carries the facts as escaped HTML content', async () => {
    const feed = await new Parser().parseString(xml);
    const content = feed.items[1]?.content ?? '';
    expect(content).toContain('<li><b>Casualties:</b> killed 12 (reports 8–12), injured 5</li>');
    expect(content).toContain('<li><b>What changed:</b> killed 8 → 12; confirmed by 3 more outlets</li>');
    expect(content).toContain('د بنو پر برید 😀 emoji');
    expect(content).toContain('<a href="https://www.dawn.com/news/1900001/militants-attack?utm=a&amp;b=c">Source article</a>');
    const hostile = feed.items[0]?.content ?? '';
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).not.toContain('<script');
    expect(hostile).not.toContain('javascript:');
  });

  it('has the required feed and entry elements', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(xml).toContain('<id>tag:frontier-watch,2026:alert/7</id>');
    expect(xml).toContain('<updated>2026-11-21T10:00:00.000Z</updated>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://watch.example.org/alerts/7/feed.atom?token=a&amp;b"/>');
    expect(xml).toContain('<author><name>Frontier Watch</name></author>');
    expect(xml).toContain('<updated>2026-11-21T09:30:00.000Z</updated>');
    expect(xml).toContain('<published>2026-11-21T09:12:00.000Z</published>');
    expect(xml).toContain('<category term="border_clash"/>');
    expect(xml).toContain('<category term="a&quot;b&lt;c&gt;&amp;"/>');
    expect(xml).toContain('<link rel="related" type="text/html" href="https://www.dawn.com/news/1900001/militants-attack?utm=a&amp;b=c"/>');
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    expect(xml.match(/rel="related"/g)).toHaveLength(1); // not for the javascript: URL, nor the surge
  });

  // rss-parser (sax, strict) rejects broken markup but lets illegal characters through: check those here.
  it('contains no character XML 1.0 forbids, and no raw markup from user text', () => {
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain(']]>');
  });

  it('renders an empty feed', async () => {
    const feed = await new Parser().parseString(renderAtomFeed(alert, [], opts));
    expect(feed.title).toBe('Frontier Watch: KP attacks');
    expect(feed.items).toEqual([]);
  });
});
