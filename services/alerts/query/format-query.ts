// Prints a query tree back as query text, to show users how their query was understood.
import type { QueryNode } from './ast.ts';
import { isQuerySpace } from './lex-query.ts';

type Context = 'top' | 'and' | 'or' | 'not';

/** True when `value` can be written without quotes after `field:` and read back unchanged. */
function isBareValue(value: string): boolean {
  if (value === '') return false;
  for (const ch of value) {
    if (ch === '(' || ch === ')' || ch === '"' || isQuerySpace(ch)) return false;
  }
  return true;
}

function hasSpace(value: string): boolean {
  for (const ch of value) if (isQuerySpace(ch)) return true;
  return false;
}

function formatNode(node: QueryNode, context: Context): string {
  if ((node.type === 'and' || node.type === 'or') && node.children.length === 0) {
    throw new Error(`format-query: an empty "${node.type}" has no query text`);
  }
  switch (node.type) {
    case 'or': {
      const text = node.children.map((c) => formatNode(c, 'or')).join(' OR ');
      return context === 'and' || context === 'not' ? `(${text})` : text;
    }
    case 'and': {
      const text = node.children.map((c) => formatNode(c, 'and')).join(' ');
      // Parentheses inside an OR are not needed (AND binds tighter) but make the grouping plain to read.
      return context === 'or' || context === 'not' ? `(${text})` : text;
    }
    case 'not':
      return `-${formatNode(node.child, 'not')}`;
    case 'term':
      if (node.prefix) return `${node.value}*`;
      // A word holding a character the tokenizer treats as a space (U+FEFF) survives only in quotes.
      return hasSpace(node.value) ? `"${node.value}"` : node.value;
    case 'phrase':
      return `"${node.words.join(' ')}"`;
    case 'field': {
      // Quotes cannot be escaped inside a quoted value, so they are dropped.
      const value = node.value.replaceAll('"', '');
      return `${node.field}:${isBareValue(value) ? value : `"${value}"`}`;
    }
    case 'compare':
      return `${node.field}${node.op}${node.value}`;
  }
}

/**
 * The canonical text of a query: `parseQuery(formatQuery(node))` deep-equals `node` for any tree
 * `parseQuery` returns. AND is written as a space, OR and NOT as `OR` and `-`; ANDs inside an OR are
 * parenthesized for readability. Double quotes inside a field value cannot be written and are dropped.
 * Throws for an and/or without children, which has no query text.
 */
export function formatQuery(node: QueryNode): string {
  return formatNode(node, 'top');
}
