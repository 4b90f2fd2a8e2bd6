// The query language's syntax tree, shared by the parser, the formatter, the matcher and the indexer.

/** Fields that take a text value: `category:attack`, `place:"Khyber Pakhtunkhwa"`. */
export type QueryField = 'category' | 'source' | 'place' | 'actor' | 'lang';
/** Fields compared with a number: `killed>=5`. */
export type CompareField = 'killed' | 'injured';
export type CompareOp = '>=' | '>' | '<=' | '<' | '=';

/**
 * A parsed query. `parseQuery` returns it normalized (see `normalizeQuery`): no and/or with a single
 * child, no and directly inside and (nor or inside or), no double negation, no one-word phrase.
 */
export type QueryNode =
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'term'; value: string; prefix: boolean } // word, or word* (prefix)
  | { type: 'phrase'; words: string[] } // "quoted phrase" (lower-cased words)
  | { type: 'field'; field: QueryField; value: string } // category:attack, place:"Khyber Pakhtunkhwa"
  | { type: 'compare'; field: CompareField; op: CompareOp; value: number }; // killed>=5

/** Text fields, in the order error messages list them. */
export const QUERY_FIELDS: readonly QueryField[] = ['category', 'source', 'place', 'actor', 'lang'];
/** Numeric fields. */
export const COMPARE_FIELDS: readonly CompareField[] = ['killed', 'injured'];
