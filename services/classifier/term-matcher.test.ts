import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatchEntry } from './term-matcher.ts';
import { phraseTokens, tokenize } from './tokenize.ts';

function entry(phrase: string, ns = 0, exactCase = false): MatchEntry {
  const prefix = phrase.endsWith('*');
  const text = prefix ? phrase.slice(0, -1) : phrase;
  const e: MatchEntry = { tokens: phraseTokens(text), prefix, ns };
  if (exactCase) e.caseForms = text.split(/[\s-]+/);
  return e;
}

function found(phrases: MatchEntry[], text: string): string[] {
  const tokens = tokenize(text);
  return compileMatcher(phrases).match(tokens).map((h) => `${h.ns}:${phraseTokens(text.slice(tokens.starts[h.start], tokens.ends[h.end - 1])).join(' ')}`);
}

describe('tokenize', () => {
  it('normalizes case, hyphens, possessives and apostrophes', () => {
    expect(phraseTokens("Pakistan's cross-border Da'esh D.I. Khan")).toEqual(['pakistan', 'cross', 'border', 'daesh', 'd', 'i', 'khan']);
  });
  it('keeps offsets into the original text', () => {
    const t = tokenize('  Torkham—closed');
    expect(t.text.slice(t.starts[1], t.ends[1])).toBe('closed');
  });
});

describe('compileMatcher', () => {
  it('matches phrases whatever the hyphenation and case', () => {
    expect(found([entry('cross-border firing')], 'Cross Border firing resumed')).toEqual(['0:cross border firing']);
  });
  it('matches a prefix term', () => {
    expect(found([entry('clash*')], 'Clashes erupted; they clashed again')).toEqual(['0:clashes', '0:clashed']);
  });
  it('keeps the longest match per namespace and lets namespaces overlap', () => {
    const list = [entry('Khyber', 0), entry('Khyber Pakhtunkhwa', 0), entry('Khyber', 1)];
    expect(found(list, 'in Khyber Pakhtunkhwa').sort()).toEqual(['0:khyber pakhtunkhwa', '1:khyber']);
  });
  it('honours exact case', () => {
    expect(found([entry('Swat', 0, true)], 'A SWAT team in Swat')).toEqual(['0:swat']);
  });
  it('rejects short prefixes', () => {
    expect(() => compileMatcher([entry('ab*')])).toThrow(/term-matcher: prefix/);
  });
});
