import { describe, expect, it } from 'vitest';
import { buildDoc, sentenceEnds } from './document.ts';

function sentences(text: string): string[] {
  let start = 0;
  return sentenceEnds(text).map((end) => {
    const s = text.slice(start, end).trim();
    start = end;
    return s;
  }).filter(Boolean);
}

describe('sentenceEnds', () => {
  it('splits on full stops before a capital, not inside initials or abbreviations', () => {
    expect(sentences('Police in D.I. Khan said so. Two were hurt. Lt. Col. Khan arrived. U.S. officials agreed.')).toEqual([
      'Police in D.I. Khan said so.',
      'Two were hurt.',
      'Lt. Col. Khan arrived.',
      'U.S. officials agreed.',
    ]);
  });
  it('splits on quotes and newlines', () => {
    expect(sentences('"We will respond." The FO said.\nNext line')).toEqual(['"We will respond."', 'The FO said.', 'Next line']);
  });
});

describe('buildDoc', () => {
  it('finds title, lead and body zones, skipping a repeated title', () => {
    const doc = buildDoc('Blast in Bannu', 'Blast in Bannu\n\nA bomb exploded in Bannu on Monday, killing two people and injuring five others, police said.\n\nMore later.');
    expect(doc.sentences.map((s) => s.zone)).toEqual(['title', 'body', 'lead', 'body']);
  });
});
