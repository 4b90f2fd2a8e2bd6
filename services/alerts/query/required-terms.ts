// Index keys for queries: which words an article must contain before a query is worth evaluating.
import type { QueryNode } from './ast.ts';

/**
 * A small set of plain words at least one of which appears (as a whole word) in every document the
 * query matches, or null when no such set can be read off the query. Used to index many alerts by word
 * so that an article is evaluated only against alerts whose key words it contains; alerts with a null
 * key must be evaluated against every article.
 *
 * - a term gives itself, a prefix term null (a prefix is not a word);
 * - a phrase gives its first word;
 * - a field, a comparison and a NOT give null;
 * - an AND gives the shortest list among its children (the first on a tie), null if all are null;
 * - an OR gives the union of its children's lists, null if any child gives null.
 */
export function requiredTerms(node: QueryNode): string[] | null {
  switch (node.type) {
    case 'term':
      return node.prefix ? null : [node.value];
    case 'phrase':
      return node.words.length > 0 ? [node.words[0]!] : null;
    case 'field':
    case 'compare':
    case 'not':
      return null;
    case 'and': {
      let best: string[] | null = null;
      for (const child of node.children) {
        const terms = requiredTerms(child);
        if (terms !== null && (best === null || terms.length < best.length)) best = terms;
      }
      return best;
    }
    case 'or': {
      if (node.children.length === 0) return null;
      const union = new Set<string>();
      for (const child of node.children) {
        const terms = requiredTerms(child);
        if (terms === null) return null;
        for (const t of terms) union.add(t);
      }
      return [...union];
    }
  }
}
