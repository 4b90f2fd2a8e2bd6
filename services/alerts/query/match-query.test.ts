import { describe, expect, it } from 'vitest';
import { phraseTokens } from '../../classifier/tokenize.ts';
import { compileQuery, type QueryDocument, type QueryResolver } from './match-query.ts';
import { parseQuery } from './parse-query.ts';
import { and, compare, field, or, phrase, term } from './test-nodes.ts';

const title = 'Militants attack police station in Bannu';
const text =
  "Five policemen were martyred when TTP militants stormed a check post near D.I. Khan road; Pakistan's " +
  'cross-border tensions rose. کالعدم تحریک طالبان نے ذمہ داری قبول کی';

const doc: QueryDocument = {
  words: phraseTokens(`${title}\n\n${text}`),
  categories: ['attack', 'suicide_bombing'],
  source: 'www.dawn.com',
  places: [
    { name: 'Bannu', district: 'Bannu', province: 'Khyber Pakhtunkhwa', country: 'Pakistan' },
    { name: 'Mir Ali', district: 'North Waziristan', province: null, country: null },
  ],
  actors: ['Tehrik-i-Taliban Pakistan'],
  lang: 'en-GB',
  killed: 5,
  injured: null,
};

const resolver: QueryResolver = {
  actor: (v) => (v.toLowerCase() === 'ttp' ? ['Tehrik-i-Taliban Pakistan'] : []),
  place: (v) => (v.toLowerCase() === 'kp' ? ['Khyber Pakhtunkhwa'] : []),
};

describe('compileQuery', () => {
  it.each([
    ['bannu', true],
    ['BANNU attack', true],
    ['bannu lakki', false],
    ['bannu OR lakki', true],
    ['lakki OR quetta', false],
    ['bannu -cricket', true],
    ['bannu -police', false],
    ['bannu -(cricket OR hockey)', true],
    ['bannu -(police lakki)', true],
    ['milit*', true],
    ['milis*', false],
    ['bann', false],
    ['"police station"', true],
    ['"station police"', false],
    ['"attack police station in bannu"', true],
    ['"d.i. khan"', true],
    ['cross-border', true],
    ["pakistan's", true],
    ['طالبان', true],
    ['"تحریک طالبان"', true],
    ['طالب*', true],
    ['category:attack', true],
    ['category:"Suicide Bombing"', true],
    ['category:kidnapping', false],
    ['source:dawn', true],
    ['source:dawn.com', true],
    ['source:www.dawn.com', true],
    ['source:https://dawn.com/news', true],
    ['source:awn.com', false],
    ['source:com', false],
    ['source:tribune.com.pk', false],
    ['place:Bannu', true],
    ['place:bannu', true],
    ['place:"Khyber Pakhtunkhwa"', true],
    ['place:"khyber  pakhtunkhwa"', true],
    ['place:KP', true],
    ['place:Pakistan', true],
    ['place:"North Waziristan"', true],
    ['place:Balochistan', false],
    ['actor:TTP', true],
    ['actor:"tehrik-i-taliban pakistan"', true],
    ['actor:ISKP', false],
    ['lang:en', true],
    ['lang:EN-gb', true],
    ['lang:e', false],
    ['lang:ur', false],
    ['killed>=5', true],
    ['killed>5', false],
    ['killed=5', true],
    ['killed<5', false],
    ['killed<=5', true],
    ['killed:1', true],
    ['injured>=0', false],
    ['bannu -injured>=0', true],
    ['(bannu OR lakki) killed>=3 -category:sports', true],
  ])('%j → %s', (query, expected) => {
    expect(compileQuery(parseQuery(query), resolver)(doc)).toBe(expected);
  });

  it('compares as typed when there is no resolver or it knows nothing', () => {
    expect(compileQuery(field('actor', 'TTP'))(doc)).toBe(false);
    expect(compileQuery(field('actor', 'Tehrik-i-Taliban Pakistan'))(doc)).toBe(true);
    expect(compileQuery(field('place', 'mir ali'), resolver)(doc)).toBe(true);
  });

  it('calls the resolver once per field when compiling, not per document', () => {
    let calls = 0;
    const counting: QueryResolver = { actor: (v) => (calls++, resolver.actor(v)), place: () => [] };
    const match = compileQuery(field('actor', 'ttp'), counting);
    for (let i = 0; i < 5; i++) expect(match(doc)).toBe(true);
    expect(calls).toBe(1);
  });

  it('handles empty documents and missing values', () => {
    const empty: QueryDocument = {
      words: [], categories: [], source: '', places: [], actors: [], lang: null, killed: null, injured: null,
    };
    for (const node of [term('a'), term('ab', true), phrase('a', 'b'), field('lang', 'en'), field('source', 'dawn'),
      field('place', 'x'), compare('killed', '>=', 0), compare('injured', '<', 1)]) {
      expect(compileQuery(node)(empty)).toBe(false);
    }
  });

  it('matches a phrase whose first word repeats', () => {
    const d = { ...doc, words: ['a', 'a', 'a', 'b'] };
    expect(compileQuery(phrase('a', 'a', 'b'))(d)).toBe(true);
    expect(compileQuery(phrase('a', 'b', 'b'))(d)).toBe(false);
  });

  it('gives the same answers whatever order the children are run in', () => {
    const q = or(and(term('bannu'), compare('killed', '>', 1)), and(term('nope'), field('lang', 'en')));
    expect(compileQuery(q)(doc)).toBe(true);
  });
});
