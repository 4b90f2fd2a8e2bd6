import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompareOp, QueryNode } from './ast.ts';
import { formatQuery } from './format-query.ts';
import { compileQuery, type QueryDocument } from './match-query.ts';
import { hasPositive, normalizeQuery } from './normalize-query.ts';
import { parseQuery, QueryError } from './parse-query.ts';
import { requiredTerms } from './required-terms.ts';
import { and, compare, field, not, or, phrase, term } from './test-nodes.ts';

/** Parses, requiring the result to be a node or a QueryError, and the call to be quick. */
function parseOrQueryError(input: string): QueryNode | QueryError {
  const started = performance.now();
  let result: QueryNode | QueryError;
  try {
    result = parseQuery(input);
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(input.length);
    expect(e.message).toMatch(/^query: /);
    result = e;
  }
  expect(performance.now() - started).toBeLessThan(250);
  return result;
}

const soupPieces = [
  'AND', 'OR', 'NOT', 'and', 'or', '-', '--', '(', ')', '"', '*', ':', '>=', '<', '=', ' ', '  ', '\t', '\n',
  'bannu', 'Bannu', 'tal*', 't*', 'ta*l', 'al-qaeda', 'd.i.', "Da'esh", 'طالبان', 'حملہ', '\u200c', '\ufeff',
  'killed', 'killed>=5', 'killed:', 'injured<3', 'killed>=x', 'place:', 'place:"Khyber Pakhtunkhwa"',
  'category:attack', 'Category:"Suicide Bombing"', 'source:dawn.com', 'actor:TTP', 'lang:ur', 'foo:bar',
  '"suicide bomber"', '""', ',', '!', '.', '9', '\u0130', '\ud801', '\ud801\udc00',
];
// Mostly well-formed pieces, so that many soups parse and the round trip is exercised often.
const cleanPieces = [
  'AND', 'OR', 'NOT', '-', '(', ')', 'bannu', 'tal*', 'al-qaeda', 'طالبان', 'killed>=5', 'injured=0',
  'place:"Khyber Pakhtunkhwa"', 'category:attack', 'source:dawn.com', '"suicide bomber"', 'and',
];
const soup = (pieces: string[]) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).chain((ps) => fc.constantFrom(ps.join(''), ps.join(' ')));
const tokenSoup = fc.oneof(soup(soupPieces), soup(cleanPieces));

describe('parseQuery on arbitrary input', () => {
  it('returns a node or throws QueryError for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 100 })),
        (input) => {
          parseOrQueryError(input);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts only anchored queries from token soups, and prints them back to the same tree', () => {
    fc.assert(
      fc.property(tokenSoup, (input) => {
        const result = parseOrQueryError(input);
        if (result instanceof QueryError) return;
        expect(hasPositive(result)).toBe(true);
        expect(normalizeQuery(result)).toEqual(result);
        expect(parseQuery(formatQuery(result))).toEqual(result);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    '('.repeat(1000),
    ')'.repeat(1000),
    '"'.repeat(999),
    '-'.repeat(1000),
    `${'-('.repeat(499)}a`,
    'NOT '.repeat(250),
    'a OR '.repeat(200),
    `${'a'.repeat(999)}*`,
    `killed>=${'9'.repeat(990)}`,
    'x:'.repeat(500),
    'place:"'.repeat(142),
    `${'"a" '.repeat(250)}`,
    '\u200c'.repeat(1000),
    'طالبان '.repeat(142),
  ])('finishes quickly on hostile input #%#', (input) => {
    parseOrQueryError(input);
  });
});

const letters = [...'abcdefghijklmnopqrstuvwxyz0123456789', 'ط', 'ا', 'ل', 'ب', 'ن', 'é'];
const word = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const valueText = fc
  .string({ unit: fc.constantFrom('a', 'B', 'z', ' ', '-', ':', '(', ')', '*', '/', '.', 'ط', '\t'), minLength: 1, maxLength: 12 })
  .map((v) => v.trim())
  .filter((v) => v !== '');
const ops: CompareOp[] = ['>=', '>', '<=', '<', '='];

const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
  word.map((w) => term(w)),
  word.filter((w) => [...w].length >= 2).map((w) => term(w, true)),
  fc.array(word, { minLength: 2, maxLength: 4 }).map((ws) => phrase(...ws)),
  valueText.map((v) => field('category', v.toLowerCase().replace(/\s+/g, '_'))),
  fc.tuple(fc.constantFrom('source', 'place', 'actor', 'lang') as fc.Arbitrary<'source' | 'place' | 'actor' | 'lang'>, valueText)
    .map(([f, v]) => field(f, v)),
  fc.tuple(fc.constantFrom('killed', 'injured') as fc.Arbitrary<'killed' | 'injured'>, fc.constantFrom(...ops), fc.nat(100000))
    .map(([f, op, n]) => compare(f, op, n)),
);

// Trees the parser accepts: every AND has a positive child, every OR branch is positive.
const positive: fc.Memo<QueryNode> = fc.memo((n) =>
  n <= 1
    ? leaf
    : fc.oneof(
        leaf,
        fc.tuple(positive(n - 1), fc.array(anyNode(n - 1), { minLength: 1, maxLength: 2 }), fc.nat())
          .map(([p, rest, at]) => and(...rest.slice(0, at % (rest.length + 1)), p, ...rest.slice(at % (rest.length + 1)))),
        fc.array(positive(n - 1), { minLength: 2, maxLength: 3 }).map((cs) => or(...cs)),
      ),
);
const anyNode: fc.Memo<QueryNode> = fc.memo((n) =>
  n <= 1 ? fc.oneof(leaf, leaf.map(not)) : fc.oneof(positive(n), anyNode(n - 1).map(not)),
);

function leafCount(node: QueryNode): number {
  if (node.type === 'and' || node.type === 'or') return node.children.reduce((s, c) => s + leafCount(c), 0);
  return node.type === 'not' ? leafCount(node.child) : 1;
}
const validTree = positive(4).filter((t) => leafCount(t) <= 64 && formatQuery(t).length <= 1000);

describe('formatQuery and parseQuery', () => {
  it('parse(format(tree)) equals the normalized tree for generated trees', () => {
    fc.assert(
      fc.property(validTree, (tree) => {
        expect(parseQuery(formatQuery(tree))).toEqual(normalizeQuery(tree));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('requiredTerms', () => {
  const vocabulary = ['a', 'b', 'c', 'ab', 'abc', 'ط'];
  const smallWord = fc.constantFrom(...vocabulary);
  const smallLeaf: fc.Arbitrary<QueryNode> = fc.oneof(
    smallWord.map((w) => term(w)),
    fc.constantFrom('ab', 'ط').map((w) => term(w, true)),
    fc.array(smallWord, { minLength: 2, maxLength: 3 }).map((ws) => phrase(...ws)),
    fc.nat(3).map((n) => compare('killed', '>=', n)),
  );
  const tree: fc.Memo<QueryNode> = fc.memo((n) =>
    n <= 1
      ? smallLeaf
      : fc.oneof(
          smallLeaf,
          fc.array(tree(n - 1), { minLength: 2, maxLength: 3 }).map((cs) => and(...cs)),
          fc.array(tree(n - 1), { minLength: 2, maxLength: 3 }).map((cs) => or(...cs)),
          tree(n - 1).map(not),
        ),
  );
  const doc = fc.record({ words: fc.array(smallWord, { maxLength: 8 }), killed: fc.option(fc.nat(4)) }).map(
    ({ words, killed }): QueryDocument => ({
      words, categories: [], source: '', places: [], actors: [], lang: null, killed, injured: null,
    }),
  );

  it('every matching document contains one of the required words', () => {
    fc.assert(
      fc.property(tree(4), doc, (query, d) => {
        const required = requiredTerms(query);
        if (required === null || !compileQuery(query)(d)) return;
        expect(required.some((w) => d.words.includes(w))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
