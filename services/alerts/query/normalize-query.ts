// Builders that keep a query tree in normal form, used by the parser and by tests on generated trees.
import type { QueryNode } from './ast.ts';

/** An AND of `children`: nested ANDs flattened, a single child returned as itself. */
export function makeAnd(children: readonly QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const c of children) {
    if (c.type === 'and') flat.push(...c.children);
    else flat.push(c);
  }
  return flat.length === 1 ? flat[0]! : { type: 'and', children: flat };
}

/** An OR of `children`: nested ORs flattened, a single child returned as itself. */
export function makeOr(children: readonly QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const c of children) {
    if (c.type === 'or') flat.push(...c.children);
    else flat.push(c);
  }
  return flat.length === 1 ? flat[0]! : { type: 'or', children: flat };
}

/** NOT `child`, with a double negation removed. */
export function makeNot(child: QueryNode): QueryNode {
  return child.type === 'not' ? child.child : { type: 'not', child };
}

/**
 * The normal form `parseQuery` returns: nested and/or of the same type flattened, single-child and/or
 * collapsed, double negations removed, a one-word phrase turned into a term.
 */
export function normalizeQuery(node: QueryNode): QueryNode {
  switch (node.type) {
    case 'and':
      return makeAnd(node.children.map(normalizeQuery));
    case 'or':
      return makeOr(node.children.map(normalizeQuery));
    case 'not':
      return makeNot(normalizeQuery(node.child));
    case 'phrase':
      return node.words.length === 1 ? { type: 'term', value: node.words[0]!, prefix: false } : node;
    default:
      return node;
  }
}

/**
 * True when every document the node matches must match some positive leaf (a term, phrase, field or
 * comparison): an AND needs one such child, an OR needs it in every branch, a NOT never has it.
 */
export function hasPositive(node: QueryNode): boolean {
  switch (node.type) {
    case 'and':
      return node.children.some(hasPositive);
    case 'or':
      return node.children.length > 0 && node.children.every(hasPositive);
    case 'not':
      return false;
    default:
      return true;
  }
}
