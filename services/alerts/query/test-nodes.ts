// Short builders for query trees, used by the tests of this folder to write expected results.
import type { CompareField, CompareOp, QueryField, QueryNode } from './ast.ts';

/** A word (or prefix) term. */
export const term = (value: string, prefix = false): QueryNode => ({ type: 'term', value, prefix });
/** A phrase of lower-cased words. */
export const phrase = (...words: string[]): QueryNode => ({ type: 'phrase', words });
/** An AND node (not normalized). */
export const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
/** An OR node (not normalized). */
export const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
/** A NOT node (not normalized). */
export const not = (child: QueryNode): QueryNode => ({ type: 'not', child });
/** A field:value node. */
export const field = (name: QueryField, value: string): QueryNode => ({ type: 'field', field: name, value });
/** A numeric comparison node. */
export const compare = (name: CompareField, op: CompareOp, value: number): QueryNode => ({
  type: 'compare',
  field: name,
  op,
  value,
});
