import { describe, expect, it } from 'vitest';
import { alert, HOSTILE_TITLE, notification, surge, update } from './test-notifications.ts';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookBody,
} from './webhook-body.ts';

interface SlackBlock {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}
interface SlackBody {
  text: string;
  blocks: SlackBlock[];
}

const digest = { periodStart: new Date('2026-11-21T09:00:00Z'), periodEnd: new Date('2026-11-21T10:00:00Z') };

function slack(items = [notification()], withDigest = false): SlackBody {
  return JSON.parse(webhookBody(alert, items, { format: 'slack', deliveryId: 1, digest: withDigest ? digest : null }));
}

function sectionTexts(body: SlackBody): string[] {
  return body.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
}

describe('webhookBody json', () => {
  it('describes one notification with ISO dates', () => {
    const body = JSON.parse(webhookBody(alert, [notification()], { format: 'json', deliveryId: 42 }));
    expect(body).toMatchObject({
      type: 'frontier.alert',
      deliveryId: 42,
      alert: { id: 7, name: 'KP attacks', query: 'category:attack place:KP' },
      digest: null,
    });
    expect(body.notifications).toHaveLength(1);
    expect(body.notifications[0]).toEqual({
      id: 101,
      kind: 'story-new',
      createdAt: '2026-11-21T09:30:00.000Z',
      title: 'Militants attack police post in Bannu',
      url: 'https://www.dawn.com/news/1900001/militants-attack?utm=a&b=c',
      link: 'https://watch.example.org/stories/55',
      source: 'dawn.com',
      publishedAt: '2026-11-21T09:12:00.000Z',
      categories: ['attack', 'border_clash'],
      place: 'Bannu',
      province: 'Khyber Pakhtunkhwa',
      killed: 12,
      injured: 5,
      killedRange: [8, 12],
      injuredRange: [5, 5],
      outletCount: 3,
      storyId: 55,
      storyVersion: 1,
      articleId: 9001,
      changes: [],
      snippet: 'Twelve people were killed when militants stormed a police post in Bannu district on Friday.',
      surge: null,
    });
  });

  it('is a digest with its period when one is given', () => {
    const items = [notification(), update(), surge()];
    const body = JSON.parse(webhookBody(alert, items, { format: 'json', deliveryId: 3, digest }));
    expect(body.type).toBe('frontier.digest');
    expect(body.digest).toEqual({ periodStart: '2026-11-21T09:00:00.000Z', periodEnd: '2026-11-21T10:00:00.000Z' });
    expect(body.notifications.map((n: { kind: string }) => n.kind)).toEqual(['story-new', 'story-update', 'surge']);
    expect(body.notifications[1].changes).toEqual(['killed 8 → 12', 'confirmed by 3 more outlets']);
    expect(body.notifications[2].surge).toEqual({ count: 9, baseline: 2.125, windowHours: 24, factor: 4.235 });
    expect(body.notifications[2].publishedAt).toBeNull();
  });

  it('caps snippets at 500 characters and keeps raw text (JSON escapes it)', () => {
    const item = notification({ snippet: 'word '.repeat(400), title: HOSTILE_TITLE });
    const body = JSON.parse(webhookBody(alert, [item], { format: 'json', deliveryId: 1 }));
    expect(body.notifications[0].snippet.length).toBeLessThanOrEqual(500);
    expect(body.notifications[0].snippet.endsWith('…')).toBe(true);
    expect(body.notifications[0].title).toBe(HOSTILE_TITLE);
  });
});

describe('webhookBody slack', () => {
  it('has a fallback text, a header and a mrkdwn section per item', () => {
    const body = slack();
    expect(body.text).toContain('KP attacks');
    expect(body.text).toContain('Bannu: attack, border clash, 12 killed, 5 injured — Militants attack');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Frontier Watch: KP attacks', emoji: false } });
    const [text] = sectionTexts(body);
    expect(text).toContain('*<https://watch.example.org/stories/55|Bannu: attack');
    expect(text).toContain('killed 12 (reports 8–12), injured 5');
    expect(text).toContain('<https://www.dawn.com/news/1900001/militants-attack?utm=a&amp;b=c|Source article (dawn.com)>');
  });

  it('escapes &, < and > in user text', () => {
    const body = slack([notification({ title: HOSTILE_TITLE, snippet: 'a <b> & c', place: null, province: null, categories: [], killed: null, injured: null })]);
    const [text] = sectionTexts(body);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"');
    expect(text).toContain('a &lt;b&gt; &amp; c');
    expect(text).not.toContain('<script>');
    expect(body.text).not.toMatch(/<script>| & /);
  });

  it('does not link javascript: URLs and keeps | out of link targets', () => {
    const body = slack([notification({ url: 'javascript:alert(1)', link: 'https://watch.example.org/s?a=1|b' })]);
    const [text] = sectionTexts(body);
    expect(text).not.toContain('javascript:');
    expect(text).toContain('<https://watch.example.org/s?a=1%7Cb|');
  });

  it('states the digest period and counts', () => {
    const body = slack([notification(), update()], true);
    expect(body.blocks[1]?.elements?.[0]?.text).toContain('1 incident, 1 update (21 Nov 09:00–10:00 UTC)');
    expect(body.text).toContain('1 incident, 1 update');
  });

  it('keeps 60 items within 50 blocks and says how many more', () => {
    const items = Array.from({ length: 60 }, (_, i) => notification({ id: i + 1, title: `Incident ${i + 1}` }));
    const body = slack(items, true);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    const texts = sectionTexts(body);
    const shown = texts.filter((t) => t.includes('Incident ')).length;
    expect(texts.at(-1)).toBe(`…and ${60 - shown} more`);
    expect(shown).toBe(47);
  });

  it('drops links whose escaped URL is too long, keeping the label', () => {
    const [text] = sectionTexts(slack([notification({ url: `https://x.example/?${'a&'.repeat(600)}` })]));
    expect(text).toContain('\nSource article (dawn.com)');
    expect(text).not.toContain('x.example');
  });

  it('keeps every section within 3000 characters', () => {
    const long = notification({ title: '&'.repeat(5000), snippet: '<'.repeat(5000), changes: Array(50).fill('x'.repeat(300)) });
    for (const text of sectionTexts(slack([long]))) expect(text.length).toBeLessThanOrEqual(3000);
  });
});

describe('webhook signatures', () => {
  const secret = 's3cret';
  const body = webhookBody(alert, [notification()], { format: 'json', deliveryId: 9 });
  const ts = 1_795_000_000;
  const now = ts * 1000 + 10_000;

  it('exports the header names', () => {
    expect([SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER]).toEqual([
      'x-frontier-signature',
      'x-frontier-timestamp',
      'x-frontier-delivery',
    ]);
  });

  it('signs as sha256=<hex HMAC of "timestamp.body">', () => {
    // Expected value computed with: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac key
    expect(signWebhook('key', 1_700_000_000, '{"a":1}')).toBe(
      'sha256=a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03',
    );
    expect(signWebhook(secret, ts, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('verifies its own signature (header and timestamp as strings too)', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now })).toBe(true);
    expect(verifyWebhookSignature(secret, String(ts), body, ` ${sig.toUpperCase().replace('SHA256=', 'sha256=')} `, { now })).toBe(true);
  });

  it('rejects a wrong secret, a tampered body or a different timestamp', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature('other', ts, body, sig, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body.replace('Bannu', 'Banu'), sig, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, ts + 1, body, sig, { now })).toBe(false);
  });

  it('rejects stale and future timestamps outside the tolerance', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now: ts * 1000 + 301_000 })).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now: ts * 1000 - 301_000 })).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now: ts * 1000 + 299_000 })).toBe(true);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now: ts * 1000 + 60_000, toleranceS: 30 })).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, { now: Number.NaN })).toBe(false);
  });

  it.each([
    [''],
    ['sha256='],
    ['sha256=abc'],
    ['sha1=' + 'a'.repeat(64)],
    ['sha256=' + 'g'.repeat(64)],
    ['sha256=' + 'a'.repeat(66)],
    ['a'.repeat(64)],
  ])('rejects the malformed header %j', (header) => {
    expect(verifyWebhookSignature(secret, ts, body, header, { now })).toBe(false);
  });

  it.each([['abc'], ['-1'], ['1.5'], [''], [Number.NaN], [1.5]])('rejects the malformed timestamp %j', (bad) => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature(secret, bad, body, sig, { now })).toBe(false);
  });
});
