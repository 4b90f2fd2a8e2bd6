// Recursive-descent parser for the alert and filter query language (grammar in `parseQuery`).
import type { QueryNode } from './ast.ts';
import { lexQuery, type QueryToken } from './lex-query.ts';
import { hasPositive, makeAnd, makeNot, makeOr } from './normalize-query.ts';
import { QueryError } from './query-error.ts';

export { QueryError } from './query-error.ts';

/** Longest query accepted, in characters (UTF-16 code units). */
export const MAX_QUERY_LENGTH = 1000;
/** Deepest nesting of parentheses and negations accepted. */
export const MAX_DEPTH = 16;

const POSITIVE_HINT = 'a query needs at least one positive term, e.g. Bannu -cricket';

const LABELS: Record<Exclude<QueryToken['kind'], 'leaf'>, string> = {
  and: 'AND',
  or: 'OR',
  not: 'NOT',
  neg: '-',
  open: '(',
  close: ')',
};

function labelOf(t: QueryToken): string {
  return t.kind === 'leaf' ? 'term' : LABELS[t.kind];
}

class Parser {
  private k = 0;
  private depth = 0;

  constructor(private readonly tokens: QueryToken[]) {}

  parse(): QueryNode {
    const node = this.parseOr();
    const extra = this.tokens[this.k];
    if (extra) throw new QueryError(`query: unexpected "${labelOf(extra)}" at ${extra.pos}`, extra.pos);
    if (!hasPositive(node)) throw new QueryError(`query: ${POSITIVE_HINT}`, this.tokens[0]?.pos ?? 0);
    return node;
  }

  private parseOr(): QueryNode {
    const branches: { node: QueryNode; pos: number }[] = [];
    for (;;) {
      const pos = this.tokens[this.k]?.pos ?? 0;
      branches.push({ node: this.parseAnd(), pos });
      if (this.tokens[this.k]?.kind !== 'or') break;
      this.k++;
    }
    if (branches.length === 1) return branches[0]!.node;
    for (const b of branches) {
      if (!hasPositive(b.node)) {
        throw new QueryError(
          `query: each side of OR needs at least one positive term, e.g. (Bannu -cricket) OR Lakki, at ${b.pos}`,
          b.pos,
        );
      }
    }
    return makeOr(branches.map((b) => b.node));
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const t = this.tokens[this.k];
      if (t?.kind === 'and') {
        this.k++;
        children.push(this.parseUnary());
      } else if (t && t.kind !== 'or' && t.kind !== 'close') {
        children.push(this.parseUnary()); // implicit AND
      } else {
        return makeAnd(children);
      }
    }
  }

  private parseUnary(): QueryNode {
    const t = this.tokens[this.k];
    if (!t) {
      const prev = this.tokens[this.k - 1]!;
      throw new QueryError(`query: "${labelOf(prev)}" needs a term after it, at ${prev.pos}`, prev.pos);
    }
    switch (t.kind) {
      case 'leaf':
        this.k++;
        return t.node;
      case 'not':
      case 'neg': {
        this.enter(t);
        const child = this.parseUnary();
        this.depth--;
        return makeNot(child);
      }
      case 'open': {
        this.enter(t);
        if (this.tokens[this.k]?.kind === 'close') throw new QueryError(`query: empty parentheses at ${t.pos}`, t.pos);
        const inner = this.parseOr();
        if (this.tokens[this.k]?.kind !== 'close') throw new QueryError(`query: missing ")" for "(" at ${t.pos}`, t.pos);
        this.k++;
        this.depth--;
        return inner;
      }
      default:
        throw new QueryError(`query: unexpected "${labelOf(t)}" at ${t.pos}`, t.pos);
    }
  }

  private enter(t: QueryToken): void {
    this.k++;
    if (++this.depth > MAX_DEPTH) {
      throw new QueryError(`query: nested more than ${MAX_DEPTH} levels deep at ${t.pos}`, t.pos);
    }
  }
}

/**
 * Parses a keyword-alert or dashboard-filter query into a normalized tree. Grammar, loosest first:
 *
 *     query  := or
 *     or     := and ("OR" and)*
 *     and    := unary (["AND"] unary)*          items side by side are AND-ed
 *     unary  := ("NOT" | "-") unary | "(" or ")" | leaf
 *     leaf   := word | word* | "quoted phrase" | field:value | field:"quoted value" | killed>=5 …
 *
 * AND, OR and NOT are operators only in upper case. Words are lower-cased and split like article text
 * (classifier `phraseTokens`), so `al-qaeda` becomes the phrase "al qaeda" and `Da'esh` the word
 * "daesh". Every OR branch, and the query itself, needs a positive leaf (`-cricket` alone is refused).
 * Throws QueryError — and nothing else — for anything it cannot accept, with the offending offset.
 */
export function parseQuery(input: string): QueryNode {
  if (typeof input !== 'string') throw new QueryError('query: the query must be a string', 0);
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`query: too long (${input.length} characters, max ${MAX_QUERY_LENGTH})`, MAX_QUERY_LENGTH);
  }
  const tokens = lexQuery(input);
  if (tokens.length === 0) throw new QueryError('query: empty query', 0);
  return new Parser(tokens).parse();
}
