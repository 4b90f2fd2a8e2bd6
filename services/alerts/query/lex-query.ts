// Splits a query into tokens: parentheses, AND/OR/NOT, "-" (negation) and leaves (terms, phrases,
// field:value, comparisons). Hand-written and linear: every character is looked at a bounded number of
// times, so hostile input cannot make it backtrack.
import { phraseTokens } from '../../classifier/tokenize.ts';
import { COMPARE_FIELDS, QUERY_FIELDS, type CompareField, type CompareOp, type QueryField, type QueryNode } from './ast.ts';
import { QueryError } from './query-error.ts';

/** One token of a query; `pos` is the offset of its first character. */
export type QueryToken =
  | { kind: 'and' | 'or' | 'not' | 'neg' | 'open' | 'close'; pos: number }
  | { kind: 'leaf'; pos: number; node: QueryNode };

/** Most leaves (terms, phrases, fields, comparisons) a query may have. */
export const MAX_TERMS = 64;

const FIELD_NAMES = [...QUERY_FIELDS, ...COMPARE_FIELDS].join(', ');
const EXAMPLES: Record<QueryField, string> = {
  category: 'category:attack',
  source: 'source:dawn.com',
  place: 'place:Bannu',
  actor: 'actor:TTP',
  lang: 'lang:ur',
};

/** Whitespace as String.prototype.trim sees it, so trimming and splitting agree. */
export function isQuerySpace(ch: string): boolean {
  return ch.length > 0 && ch.trim() === '';
}

function endsChunk(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || isQuerySpace(ch);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function readQuoted(input: string, start: number): { text: string; end: number } {
  const close = input.indexOf('"', start + 1);
  if (close < 0) throw new QueryError(`query: unclosed quote starting at ${start}`, start);
  return { text: input.slice(start + 1, close), end: close + 1 };
}

/**
 * The words of query text, split and lower-cased exactly like article text. Each word is tokenized
 * once more because the classifier lower-cases per UTF-16 unit when a text holds a character that
 * grows when lower-cased ("İ"), which can leave an astral capital ("𐐀") as it was: the second pass
 * makes the words a fixed point, so a printed query parses back to the same words.
 */
function queryWords(text: string): string[] {
  return phraseTokens(text).flatMap((w) => phraseTokens(w));
}

/** A term for one word, a phrase for several, null for none (punctuation only). */
function wordsNode(words: string[]): QueryNode | null {
  if (words.length === 0) return null;
  if (words.length === 1) return { type: 'term', value: words[0]!, prefix: false };
  return { type: 'phrase', words };
}

/** A bare word such as `Bannu`, `tal*` or `al-qaeda` (inner punctuation splits it into a phrase). */
function bareWord(chunk: string, start: number): QueryNode | null {
  const star = chunk.indexOf('*');
  if (star < 0) return wordsNode(queryWords(chunk));
  if (star !== chunk.length - 1) {
    throw new QueryError(`query: "*" can only end a word, e.g. tal*, at ${start + star}`, start + star);
  }
  const words = queryWords(chunk.slice(0, -1));
  if (words.length > 1) throw new QueryError(`query: "*" works on a single word, e.g. tal*, at ${start}`, start);
  const word = words[0];
  if (word === undefined || [...word].length < 2) {
    throw new QueryError(`query: a prefix needs at least 2 characters before "*", e.g. tal*, at ${start}`, start);
  }
  return { type: 'term', value: word, prefix: true };
}

function comparison(field: CompareField, rest: string, start: number): QueryNode {
  const ops: [string, CompareOp][] = [['>=', '>='], ['<=', '<='], ['>', '>'], ['<', '<'], ['=', '='], [':', '>=']];
  const found = ops.find(([text]) => rest.startsWith(text));
  const digits = found ? rest.slice(found[0].length) : '';
  let allDigits = digits.length > 0 && digits.length <= 9;
  for (let k = 0; k < digits.length && allDigits; k++) {
    const c = digits.charCodeAt(k);
    allDigits = c >= 48 && c <= 57;
  }
  if (!found || !allDigits) {
    throw new QueryError(`query: "${field}" needs a number, e.g. ${field}>=5, at ${start}`, start);
  }
  return { type: 'compare', field, op: found[1], value: Number(digits) };
}

/**
 * The leaf for the chunk input[start, end): a field, a comparison or a bare word; also returns where
 * the leaf ends (past end when a quoted field value follows, as in `place:"Khyber Pakhtunkhwa"`).
 */
function readLeaf(input: string, start: number, end: number): { node: QueryNode | null; end: number } {
  const chunk = input.slice(start, end);
  let k = 0;
  while (k < chunk.length && isAsciiLetter(chunk.charCodeAt(k))) k++;
  const sep = chunk[k];
  if (k === 0 || sep === undefined || !':<>='.includes(sep)) return { node: bareWord(chunk, start), end };
  const name = chunk.slice(0, k).toLowerCase();
  const compareField = COMPARE_FIELDS.find((f) => f === name);
  if (compareField) return { node: comparison(compareField, chunk.slice(k), start), end };
  const field = QUERY_FIELDS.find((f) => f === name);
  if (!field) {
    // "Update:" is a word with a colon after it, not a field.
    if (sep === ':' && k === chunk.length - 1 && input[end] !== '"') return { node: bareWord(chunk, start), end };
    throw new QueryError(`query: unknown field "${chunk.slice(0, k)}" at ${start} (fields: ${FIELD_NAMES})`, start);
  }
  if (sep !== ':') throw new QueryError(`query: "${field}" takes ":", e.g. ${EXAMPLES[field]}, at ${start}`, start);
  let raw = chunk.slice(k + 1);
  let stop = end;
  if (raw === '' && input[end] === '"') {
    const quoted = readQuoted(input, end);
    raw = quoted.text;
    stop = quoted.end;
  }
  let value = raw.trim();
  if (value === '') throw new QueryError(`query: "${field}" needs a value, e.g. ${EXAMPLES[field]}, at ${start}`, start);
  if (field === 'category') value = value.toLowerCase().replace(/\s+/g, '_');
  return { node: { type: 'field', field, value }, end: stop };
}

/** Splits a query into tokens; throws QueryError for a malformed leaf or more than MAX_TERMS leaves. */
export function lexQuery(input: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let leaves = 0;
  const pushLeaf = (pos: number, node: QueryNode | null): void => {
    if (node === null) {
      // Punctuation only: nothing to search for, and a "-" right before it negates nothing.
      let at = pos;
      for (let last = tokens.at(-1); last?.kind === 'neg' && last.pos === at - 1; last = tokens.at(-1)) {
        tokens.pop();
        at--;
      }
      return;
    }
    if (++leaves > MAX_TERMS) throw new QueryError(`query: too many terms (max ${MAX_TERMS}) at ${pos}`, pos);
    tokens.push({ kind: 'leaf', pos, node });
  };
  const n = input.length;
  let i = 0;
  while (i < n) {
    const ch = input[i]!;
    if (isQuerySpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'open' : 'close', pos: i });
      i++;
    } else if (ch === '"') {
      const quoted = readQuoted(input, i);
      const node = wordsNode(queryWords(quoted.text));
      if (node === null) throw new QueryError(`query: empty phrase at ${i}`, i);
      pushLeaf(i, node);
      i = quoted.end;
    } else if (ch === '-') {
      const next = input[i + 1];
      if (next === undefined || next === ')' || isQuerySpace(next)) pushLeaf(i, null);
      else tokens.push({ kind: 'neg', pos: i });
      i++;
    } else {
      let end = i;
      while (end < n && !endsChunk(input[end]!)) end++;
      const chunk = input.slice(i, end);
      const last = tokens.at(-1);
      const negated = last?.kind === 'neg' && last.pos === i - 1;
      if (!negated && (chunk === 'AND' || chunk === 'OR' || chunk === 'NOT')) {
        tokens.push({ kind: chunk === 'AND' ? 'and' : chunk === 'OR' ? 'or' : 'not', pos: i });
        i = end;
      } else {
        const leaf = readLeaf(input, i, end);
        pushLeaf(i, leaf.node);
        i = leaf.end;
      }
    }
  }
  return tokens;
}
