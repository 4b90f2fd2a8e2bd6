// English stemming for alert matching, the same as PostgreSQL's `english` text search (Snowball's
// Porter2, as in `to_tsvector('english', …)`), so that an alert, its preview and the dashboard's search
// agree: `attack` matches "attacks" and "attacked", `killing*` what `to_tsquery('killing:*')` matches.
import { stem } from 'porter2';
import type { QueryNode } from './query/index.ts';

const CACHE_LIMIT = 100_000;
const cache = new Map<string, string>();

/** The stem of one lower-cased word (memoized: news vocabulary repeats). */
export function stemWord(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, s);
  }
  return s;
}

/** Stems every word of a word list, in order. */
export function stemWords(words: readonly string[]): string[] {
  return words.map(stemWord);
}

/** The query with its words and phrases (and prefixes, as PostgreSQL does) reduced to stems. */
export function stemQuery(node: QueryNode): QueryNode {
  switch (node.type) {
    case 'term':
      return { ...node, value: stemWord(node.value) };
    case 'phrase':
      return { ...node, words: stemWords(node.words) };
    case 'and':
    case 'or':
      return { ...node, children: node.children.map(stemQuery) };
    case 'not':
      return { ...node, child: stemQuery(node.child) };
    default:
      return node;
  }
}
