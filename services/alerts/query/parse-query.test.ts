import { describe, expect, it } from 'vitest';
import type { QueryNode } from './ast.ts';
import { parseQuery, QueryError } from './parse-query.ts';
import { and, compare, field, not, or, phrase, term } from './test-nodes.ts';

const t = (v: string) => term(v);

describe('parseQuery', () => {
  const cases: [string, QueryNode][] = [
    // words, implicit AND, case
    ['Bannu', t('bannu')],
    ['  Bannu  ', t('bannu')],
    ['Bannu attack', and(t('bannu'), t('attack'))],
    ['Bannu\tattack\npolice', and(t('bannu'), t('attack'), t('police'))],
    ['BANNU', t('bannu')],
    ['Bannu, attack!', and(t('bannu'), t('attack'))],
    ['(Bannu)', t('bannu')],
    ['((Bannu attack))', and(t('bannu'), t('attack'))],
    // operators and precedence: NOT > AND > OR
    ['Bannu AND attack', and(t('bannu'), t('attack'))],
    ['Bannu OR Lakki', or(t('bannu'), t('lakki'))],
    ['a b OR c', or(and(t('a'), t('b')), t('c'))],
    ['a OR b c', or(t('a'), and(t('b'), t('c')))],
    ['a AND b OR c AND d', or(and(t('a'), t('b')), and(t('c'), t('d')))],
    ['a OR b OR c', or(t('a'), t('b'), t('c'))],
    ['(a OR b) OR c', or(t('a'), t('b'), t('c'))],
    ['a (b c) d', and(t('a'), t('b'), t('c'), t('d'))],
    ['(a OR b) c', and(or(t('a'), t('b')), t('c'))],
    ['a (b OR c)', and(t('a'), or(t('b'), t('c')))],
    ['NOT a b', and(not(t('a')), t('b'))],
    ['b NOT a', and(t('b'), not(t('a')))],
    ['b AND NOT a', and(t('b'), not(t('a')))],
    ['a NOT b OR c', or(and(t('a'), not(t('b'))), t('c'))],
    ['x NOT (a OR b)', and(t('x'), not(or(t('a'), t('b'))))],
    ['a OR (b OR (c OR d))', or(t('a'), t('b'), t('c'), t('d'))],
    ['NOT(a) b', and(not(t('a')), t('b'))],
    // lower-case and/or/not are words
    ['and or not', and(t('and'), t('or'), t('not'))],
    ['rock and roll', and(t('rock'), t('and'), t('roll'))],
    ['Or And Not', and(t('or'), t('and'), t('not'))],
    // "-" forms
    ['Bannu -cricket', and(t('bannu'), not(t('cricket')))],
    ['Bannu -"cricket match"', and(t('bannu'), not(phrase('cricket', 'match')))],
    ['Bannu -category:sports', and(t('bannu'), not(field('category', 'sports')))],
    ['Bannu -(cricket OR hockey)', and(t('bannu'), not(or(t('cricket'), t('hockey'))))],
    ['Bannu -killed>=5', and(t('bannu'), not(compare('killed', '>=', 5)))],
    ['Bannu -tal*', and(t('bannu'), not(term('tal', true)))],
    ['Bannu --cricket', and(t('bannu'), t('cricket'))],
    ['Bannu NOT -cricket', and(t('bannu'), t('cricket'))],
    ['Bannu -(-cricket)', and(t('bannu'), t('cricket'))],
    ['Bannu - cricket', and(t('bannu'), t('cricket'))],
    ['Bannu -& cricket', and(t('bannu'), t('cricket'))],
    ['Bannu -OR', and(t('bannu'), not(t('or')))],
    ['cross-border', phrase('cross', 'border')],
    ['Bannu (x -)', and(t('bannu'), t('x'))],
    // prefixes
    ['tal*', term('tal', true)],
    ['Tal*', term('tal', true)],
    ['ta*', term('ta', true)],
    ['طا*', term('طا', true)],
    ['tal* attack*', and(term('tal', true), term('attack', true))],
    // phrases
    ['"suicide bomber"', phrase('suicide', 'bomber')],
    ['"Suicide  Bomber" Bannu', and(phrase('suicide', 'bomber'), t('bannu'))],
    ['"Bannu"', t('bannu')],
    ['"Bannu,"', t('bannu')],
    ['"tal*"', t('tal')],
    ['"a OR b"', phrase('a', 'or', 'b')],
    ['"a (b)"c', and(phrase('a', 'b'), t('c'))],
    // Unicode
    ['طالبان', t('طالبان')],
    ['طالبان حملہ', and(t('طالبان'), t('حملہ'))],
    ['"تحریک طالبان"', phrase('تحریک', 'طالبان')],
    ['طالبان OR Taliban', or(t('طالبان'), t('taliban'))],
    ['Peshawar -طالبان', and(t('peshawar'), not(t('طالبان')))],
    ['Zürich', t('zürich')],
    // inner punctuation splits words like the article tokenizer does
    ['al-qaeda', phrase('al', 'qaeda')],
    ['d.i.', phrase('d', 'i')],
    ['D.I. Khan', and(phrase('d', 'i'), t('khan'))],
    ["Da'esh", t('daesh')],
    ["Pakistan's", t('pakistan')],
    ['10:30', phrase('10', '30')],
    ['Update: Bannu', and(t('update'), t('bannu'))],
    // fields
    ['category:attack', field('category', 'attack')],
    ['Category:Attack', field('category', 'attack')],
    ['category:"Suicide  Bombing"', field('category', 'suicide_bombing')],
    ['CATEGORY:Cross_Border', field('category', 'cross_border')],
    ['place:Bannu', field('place', 'Bannu')],
    ['place:"Khyber Pakhtunkhwa"', field('place', 'Khyber Pakhtunkhwa')],
    ['place:" Khyber Pakhtunkhwa "', field('place', 'Khyber Pakhtunkhwa')],
    ['place:D.I.Khan', field('place', 'D.I.Khan')],
    ['source:dawn.com', field('source', 'dawn.com')],
    ['source:https://www.dawn.com/news', field('source', 'https://www.dawn.com/news')],
    ['actor:TTP', field('actor', 'TTP')],
    ['Actor:"Tehrik-i-Taliban Pakistan"', field('actor', 'Tehrik-i-Taliban Pakistan')],
    ['lang:ur', field('lang', 'ur')],
    ['place:پشاور', field('place', 'پشاور')],
    ['(place:Bannu OR place:Lakki) attack', and(or(field('place', 'Bannu'), field('place', 'Lakki')), t('attack'))],
    ['place:"Bannu"attack', and(field('place', 'Bannu'), t('attack'))],
    // comparisons
    ['killed>=5', compare('killed', '>=', 5)],
    ['killed>5', compare('killed', '>', 5)],
    ['killed<=5', compare('killed', '<=', 5)],
    ['killed<5', compare('killed', '<', 5)],
    ['killed=5', compare('killed', '=', 5)],
    ['killed:5', compare('killed', '>=', 5)],
    ['Injured>=10', compare('injured', '>=', 10)],
    ['KILLED>0', compare('killed', '>', 0)],
    ['killed=007', compare('killed', '=', 7)],
    ['attack killed>=5 -injured>100', and(t('attack'), compare('killed', '>=', 5), not(compare('injured', '>', 100)))],
    // the positive-term rule is met by any positive leaf, anywhere under an AND
    ['-cricket category:attack', and(not(t('cricket')), field('category', 'attack'))],
    ['(a -b) OR c', or(and(t('a'), not(t('b'))), t('c'))],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it('accepts 16 levels of nesting, 64 terms and 1,000 characters', () => {
    expect(parseQuery(`${'('.repeat(16)}a${')'.repeat(16)}`)).toEqual(t('a'));
    expect(parseQuery(`x ${'NOT '.repeat(15)}a`)).toEqual(and(t('x'), not(t('a'))));
    const words = Array.from({ length: 64 }, (_, i) => `w${i}`);
    expect(parseQuery(words.join(' '))).toEqual(and(...words.map(t)));
    expect(parseQuery('a'.repeat(1000))).toEqual(t('a'.repeat(1000)));
  });
});

describe('parseQuery errors', () => {
  const sixtyFive = Array.from({ length: 65 }, (_, i) => `w${i}`).join(' ');
  const cases: [string, RegExp, number][] = [
    ['', /^query: empty query$/, 0],
    ['   \n\t', /^query: empty query$/, 0],
    ['!!! ,,,', /^query: empty query$/, 0],
    ['-cricket', /^query: a query needs at least one positive term, e.g. Bannu -cricket$/, 0],
    ['  NOT cricket', /positive term/, 2],
    ['-cricket -hockey', /positive term/, 0],
    ['-(Bannu attack)', /positive term/, 0],
    ['Bannu OR -cricket', /each side of OR needs at least one positive term/, 9],
    ['(Bannu -x) OR (-y)', /each side of OR/, 14],
    ['x (-a OR b)', /each side of OR/, 3],
    ['bannu (attack)) x', /^query: unexpected "\)" at 14$/, 14],
    [')', /unexpected "\)" at 0/, 0],
    ['a (b', /^query: missing "\)" for "\(" at 2$/, 2],
    ['a (b (c) d', /missing "\)" for "\(" at 2/, 2],
    ['()', /^query: empty parentheses at 0$/, 0],
    ['a ( ) b', /empty parentheses at 2/, 2],
    ['"abc', /^query: unclosed quote starting at 0$/, 0],
    ['Bannu "suicide attack', /^query: unclosed quote starting at 6$/, 6],
    ['place:"Khyber', /unclosed quote starting at 6/, 6],
    ['""', /^query: empty phrase at 0$/, 0],
    ['x "!!"', /empty phrase at 2/, 2],
    ['foo:bar', /^query: unknown field "foo" at 0 \(fields: category, source, place, actor, lang, killed, injured\)$/, 0],
    ['Bannu Foo:"x"', /unknown field "Foo" at 6/, 6],
    ['http://dawn.com', /unknown field "http" at 0/, 0],
    ['x deaths>5', /unknown field "deaths" at 2/, 2],
    ['killed>=x', /^query: "killed" needs a number, e.g. killed>=5, at 0$/, 0],
    ['x killed:', /"killed" needs a number/, 2],
    ['killed>=-1', /"killed" needs a number/, 0],
    ['injured>5.5', /"injured" needs a number, e.g. injured>=5/, 0],
    ['killed=>5', /"killed" needs a number/, 0],
    ['killed>=9999999999', /"killed" needs a number/, 0],
    ['category:', /^query: "category" needs a value, e.g. category:attack, at 0$/, 0],
    ['x place:""', /"place" needs a value/, 2],
    ['place:"   "', /"place" needs a value/, 0],
    ['place=Bannu', /^query: "place" takes ":", e.g. place:Bannu, at 0$/, 0],
    ['t*', /^query: a prefix needs at least 2 characters before "\*", e.g. tal\*, at 0$/, 0],
    ['x *', /prefix needs at least 2 characters/, 2],
    ['x ,*', /prefix needs at least 2 characters/, 2],
    ['ta*l', /^query: "\*" can only end a word, e.g. tal\*, at 2$/, 2],
    ['tal**', /"\*" can only end a word/, 3],
    ['al-qa*', /^query: "\*" works on a single word, e.g. tal\*, at 0$/, 0],
    ['a AND', /^query: "AND" needs a term after it, at 2$/, 2],
    ['a OR', /"OR" needs a term after it, at 2/, 2],
    ['a NOT', /"NOT" needs a term after it, at 2/, 2],
    ['a -(', /"\(" needs a term after it, at 3/, 3],
    ['OR a', /^query: unexpected "OR" at 0$/, 0],
    ['a OR OR b', /unexpected "OR" at 5/, 5],
    ['a AND OR b', /unexpected "OR" at 6/, 6],
    ['a AND AND b', /unexpected "AND" at 6/, 6],
    ['a (OR b)', /unexpected "OR" at 3/, 3],
    ['a NOT)', /unexpected "\)" at 5/, 5],
    ['a '.repeat(501), /^query: too long \(1002 characters, max 1000\)$/, 1000],
    [sixtyFive, /^query: too many terms \(max 64\) at 246$/, sixtyFive.indexOf('w64')],
    [`${'('.repeat(17)}a${')'.repeat(17)}`, /^query: nested more than 16 levels deep at 16$/, 16],
    [`x ${'-'.repeat(17)}a`, /nested more than 16 levels deep at 18/, 18],
    [`x ${'NOT '.repeat(17)}a`, /nested more than 16 levels deep at 66/, 66],
    [`x ${'-('.repeat(9)}a`, /nested more than 16 levels deep at 18/, 18],
  ];
  it.each(cases)('%j', (input, message, position) => {
    let error: unknown;
    try {
      parseQuery(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toMatch(message);
    expect((error as QueryError).position).toBe(position);
  });

  it('refuses a non-string with a QueryError', () => {
    expect(() => parseQuery(undefined as unknown as string)).toThrow(QueryError);
  });
});
