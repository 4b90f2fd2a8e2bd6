import { describe, expect, it } from 'vitest';
import { formatQuery } from './format-query.ts';
import { parseQuery } from './parse-query.ts';
import { and, field, not, or, phrase, term } from './test-nodes.ts';

describe('formatQuery', () => {
  it.each([
    ['Bannu', 'bannu'],
    ['Bannu  AND attack', 'bannu attack'],
    ['a b OR c', '(a b) OR c'],
    ['a OR b c', 'a OR (b c)'],
    ['(a OR b) c', '(a OR b) c'],
    ['a OR (b OR c)', 'a OR b OR c'],
    ['NOT a b', '-a b'],
    ['x NOT (a OR b)', 'x -(a OR b)'],
    ['x -(a b)', 'x -(a b)'],
    ['x NOT NOT a', 'x a'],
    ['Tal*', 'tal*'],
    ['"Suicide  Bomber"', '"suicide bomber"'],
    ['"Bannu"', 'bannu'],
    ['al-qaeda', '"al qaeda"'],
    ['and or not', 'and or not'],
    ['Category:"Suicide Bombing"', 'category:suicide_bombing'],
    ['PLACE:"Khyber Pakhtunkhwa"', 'place:"Khyber Pakhtunkhwa"'],
    ['place:"Bannu"', 'place:Bannu'],
    ['place:"a(b)"', 'place:"a(b)"'],
    ['source:https://www.dawn.com/news', 'source:https://www.dawn.com/news'],
    ['killed:5 injured<3', 'killed>=5 injured<3'],
    ['Bannu -killed>=5', 'bannu -killed>=5'],
    ['طالبان OR "تحریک طالبان"', 'طالبان OR "تحریک طالبان"'],
    ['(a (b OR (c -d))) OR e', '(a (b OR (c -d))) OR e'],
  ])('%j → %j', (input, expected) => {
    const ast = parseQuery(input);
    const text = formatQuery(ast);
    expect(text).toBe(expected);
    expect(parseQuery(text)).toEqual(ast);
  });

  it('prints trees that were not normalized so they parse to the normal form', () => {
    expect(formatQuery(and(and(term('a'), term('b')), term('c')))).toBe('a b c');
    expect(formatQuery(or(or(term('a'), term('b')), term('c')))).toBe('a OR b OR c');
    expect(formatQuery(and(term('x'), not(not(term('a')))))).toBe('x --a');
    expect(parseQuery('x --a')).toEqual(and(term('x'), term('a')));
    expect(formatQuery(phrase('one'))).toBe('"one"');
  });

  it('quotes field values that need it and drops double quotes it cannot escape', () => {
    expect(formatQuery(field('actor', 'say "hi"'))).toBe('actor:"say hi"');
    expect(formatQuery(field('place', 'x\ty'))).toBe('place:"x\ty"');
    expect(formatQuery(term('a\ufeffb'))).toBe('"a\ufeffb"');
    expect(parseQuery('"a\ufeffb"')).toEqual(term('a\ufeffb'));
  });

  it('refuses an empty and/or', () => {
    expect(() => formatQuery(and())).toThrow(/^format-query: /);
    expect(() => formatQuery(or(term('a'), and()))).toThrow(/^format-query: /);
  });
});
