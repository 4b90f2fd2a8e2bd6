import { describe, expect, it } from 'vitest';
import { emailMessage } from './email-body.ts';
import { alert, HOSTILE_TITLE, notification, surge, update } from './test-notifications.ts';

const digest = { periodStart: new Date('2026-11-21T09:00:00Z'), periodEnd: new Date('2026-11-21T10:00:00Z') };

describe('emailMessage subject', () => {
  it.each([
    ['a new incident', notification(), '[Frontier Watch] Bannu: attack, border clash, 12 killed, 5 injured — Militants attack police post in Bannu'],
    ['an update', update(), '[Frontier Watch] Update: Bannu: attack, border clash, 12 killed, 5 injured — Militants attack police post in Bannu'],
    ['a surge', surge(), '[Frontier Watch] Surge: 9 incidents in 24 h (baseline 2.1) — KP attacks'],
    ['a test', notification({ kind: 'test', title: 'Test notification' }), '[Frontier Watch] Test: Test notification'],
    ['an item without facts', notification({ place: null, province: null, categories: [], killed: null, injured: null }), '[Frontier Watch] Militants attack police post in Bannu'],
    ['province when no place', notification({ place: null, categories: ['attack'], killed: 0, injured: null }), '[Frontier Watch] Khyber Pakhtunkhwa: attack — Militants attack police post in Bannu'],
  ])('names %s', (_name, item, subject) => {
    expect(emailMessage(alert, [item]).subject).toBe(subject);
  });

  it('summarizes a digest with counts and period', () => {
    const items = [notification(), notification({ id: 2 }), update(), surge()];
    expect(emailMessage(alert, items, { digest }).subject).toBe(
      '[Frontier Watch] KP attacks: 2 incidents, 1 update, 1 surge (21 Nov 09:00–10:00 UTC)',
    );
  });

  it('writes a period across days in full', () => {
    const long = { periodStart: new Date('2026-11-21T08:00:00Z'), periodEnd: new Date('2026-11-22T08:00:00Z') };
    expect(emailMessage(alert, [notification()], { digest: long }).subject).toBe(
      '[Frontier Watch] KP attacks: 1 incident (21 Nov 08:00 – 22 Nov 08:00 UTC)',
    );
  });

  it('is one header-safe line of at most 200 characters', () => {
    const item = notification({ title: `${HOSTILE_TITLE}\r\nBcc: victim@example.com\n${'long '.repeat(100)}` });
    const { subject } = emailMessage({ ...alert, name: 'x\r\ny' }, [item]);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject).toContain('<script>alert(1)</script> & "quotes" Bcc: victim@example.com');
  });
});

describe('emailMessage text', () => {
  it('lists the facts, changes and links of each item', () => {
    const { text } = emailMessage(alert, [update({ outletCount: 1 })]);
    expect(text).toContain('1. [Update] Militants attack police post in Bannu');
    expect(text).toContain('Place: Bannu, Khyber Pakhtunkhwa');
    expect(text).toContain('Categories: attack, border clash');
    expect(text).toContain('Casualties: killed 12 (reports 8–12), injured 5');
    expect(text).toContain('Reported by: 1 outlet');
    expect(text).toContain('What changed: killed 8 → 12; confirmed by 3 more outlets');
    expect(text).toContain('Source: dawn.com, published 21 Nov 2026 09:12 UTC');
    expect(text).toContain('Frontier Watch: https://watch.example.org/stories/55');
    expect(text).toContain('Source article: https://www.dawn.com/news/1900001/militants-attack?utm=a&b=c');
  });

  it('shows a range alone when no single count is known', () => {
    const { text } = emailMessage(alert, [notification({ killed: null, killedRange: [6, 8], injured: null, injuredRange: null })]);
    expect(text).toContain('Casualties: killed 6–8\n');
  });

  it('describes a surge', () => {
    expect(emailMessage(alert, [surge()]).text).toContain('Surge: 9 incidents in 24 h (baseline 2.1), 4.2× usual');
  });

  it('truncates long snippets and omits non-http URLs', () => {
    const { text } = emailMessage(alert, [notification({ snippet: 'x '.repeat(2000), url: 'javascript:alert(1)' })]);
    expect(text).not.toContain('javascript:');
    expect(text).not.toContain('Source article:');
    expect(text.length).toBeLessThan(2000);
  });

  it('says so when a digest is empty', () => {
    expect(emailMessage(alert, [], { digest }).text).toContain('No new notifications.');
  });
});

describe('emailMessage html', () => {
  const hostile = notification({
    title: HOSTILE_TITLE,
    snippet: `<img src=x onerror=alert(1)> 'single' & "double"`,
    place: '<b>Bannu</b>',
    categories: ['<i>attack</i>'],
    url: 'javascript:alert(document.cookie)',
  });
  const { html } = emailMessage({ ...alert, name: 'KP <attacks> & "more"' }, [hostile]);

  it('escapes every user-provided string', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &#39;single&#39; &amp; &quot;double&quot;');
    expect(html).toContain('&lt;b&gt;Bannu&lt;/b&gt;');
    expect(html).toContain('KP &lt;attacks&gt; &amp; &quot;more&quot;');
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
  });

  it('links only http(s) URLs', () => {
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://watch.example.org/stories/55"');
    expect(html).not.toContain('Source article');
  });

  it('links the source article and escapes & in the href', () => {
    const { html: ok } = emailMessage(alert, [notification()]);
    expect(ok).toContain('href="https://www.dawn.com/news/1900001/militants-attack?utm=a&amp;b=c"');
    expect(ok).toContain('killed 12 (reports 8–12), injured 5');
  });

  it('is self-contained: no scripts or external resources', () => {
    const { html: page } = emailMessage(alert, [notification(), update(), surge()], { digest });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(page).toContain('Digest: 1 incident, 1 update, 1 surge (21 Nov 09:00–10:00 UTC)');
  });

  it('keeps Urdu text intact with automatic direction', () => {
    const { html: page, text } = emailMessage(alert, [notification({ title: 'بنوں میں حملہ' })]);
    expect(page).toContain('>بنوں میں حملہ</a>');
    expect(page).toContain('dir="auto"');
    expect(text).toContain('بنوں میں حملہ');
  });

  it('lists at most 100 items in a digest and counts the rest', () => {
    const items = Array.from({ length: 130 }, (_, i) => notification({ id: i }));
    const { html: page, text } = emailMessage(alert, items, { digest });
    expect(page).toContain('…and 30 more');
    expect(text).toContain('…and 30 more');
  });
});
