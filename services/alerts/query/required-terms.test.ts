import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse-query.ts';
import { requiredTerms } from './required-terms.ts';

describe('requiredTerms', () => {
  it.each([
    ['bannu', ['bannu']],
    ['bannu attack', ['bannu']],
    ['tal* attack', ['attack']],
    ['tal*', null],
    ['"suicide bomber"', ['suicide']],
    ['"suicide bomber" bannu', ['suicide']],
    ['bannu OR lakki', ['bannu', 'lakki']],
    ['bannu OR bannu', ['bannu']],
    ['(bannu OR lakki) attack', ['attack']],
    ['(bannu OR lakki) (attack OR raid OR blast)', ['bannu', 'lakki']],
    ['bannu OR tal*', null],
    ['bannu OR category:attack', null],
    ['category:attack', null],
    ['killed>=5', null],
    ['category:attack killed>=5', null],
    ['category:attack bannu', ['bannu']],
    ['bannu -cricket', ['bannu']],
    ['-cricket bannu', ['bannu']],
    ['(a b) OR (c "d e") OR ff*', null],
    ['(a b) OR (c "d e") OR f', ['a', 'c', 'f']],
    ['طالبان OR taliban', ['طالبان', 'taliban']],
  ])('%j → %j', (query, expected) => {
    expect(requiredTerms(parseQuery(query))).toEqual(expected);
  });
});
