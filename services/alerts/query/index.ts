// The query language of keyword alerts and dashboard filters: parse, print, match, index.
export type { CompareField, CompareOp, QueryField, QueryNode } from './ast.ts';
export { COMPARE_FIELDS, QUERY_FIELDS } from './ast.ts';
export { MAX_DEPTH, MAX_QUERY_LENGTH, parseQuery, QueryError } from './parse-query.ts';
export { MAX_TERMS } from './lex-query.ts';
export { formatQuery } from './format-query.ts';
export { compileQuery, type QueryDocument, type QueryResolver } from './match-query.ts';
export { requiredTerms } from './required-terms.ts';
export { normalizeQuery } from './normalize-query.ts';
