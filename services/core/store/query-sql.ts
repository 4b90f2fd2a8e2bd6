// The alert query language in SQL: a parsed query becomes a where-clause over one article (`a`), built
// from postgres.js fragments only — user text travels as parameters, never as SQL.

import type postgres from 'postgres';
import type { CompareOp, QueryNode } from '../../alerts/query/ast.ts';
import type { NameIndex, PlaceRef } from '../../classifier/names.ts';
import type { Db } from '../db.ts';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** Escapes LIKE wildcards so that user text matches literally. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function compare(sql: Db, value: Fragment, op: CompareOp, n: number): Fragment {
  switch (op) {
    case '>=': return sql`${value} >= ${n}`;
    case '>': return sql`${value} > ${n}`;
    case '<=': return sql`${value} <= ${n}`;
    case '<': return sql`${value} < ${n}`;
    case '=': return sql`${value} = ${n}`;
  }
}

/** Articles at a place: a country, a province (its districts included), a counting unit, or one place. */
export function placeMatch(sql: Db, ref: PlaceRef | null, value: string): Fragment {
  if (!ref) {
    return sql`exists (select 1 from jsonb_array_elements(coalesce(a.places, '[]')) p
      where lower(${value}) in (lower(p->>'name'), lower(p->>'district'), lower(p->>'province'), lower(p->>'country')))`;
  }
  if (ref.level === 'country') return sql`a.places @> ${sql.json([{ country: ref.name }])}`;
  if (ref.level === 'province') return sql`a.places @> ${sql.json([{ province: ref.name }])}`;
  if (ref.level === 'unit') return sql`(a.places @> ${sql.json([{ district: ref.name }])} or a.places @> ${sql.json([{ name: ref.name }])})`;
  return sql`a.places @> ${sql.json([{ name: ref.name }])}`;
}

/** Words of a term reduced to what tsquery syntax accepts (letters and digits). */
function lexemes(word: string): string[] {
  return word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function textMatch(sql: Db, node: Extract<QueryNode, { type: 'term' | 'phrase' }>): Fragment {
  if (node.type === 'phrase') return sql`a.search @@ phraseto_tsquery('english', ${node.words.join(' ')})`;
  if (!node.prefix) return sql`a.search @@ phraseto_tsquery('english', ${node.value})`;
  const parts = lexemes(node.value);
  const last = parts.pop() ?? '';
  // "al-qae*": the leading parts as a phrase, the last as a prefix
  return parts.length === 0
    ? sql`a.search @@ to_tsquery('english', ${last + ':*'})`
    : sql`a.search @@ (phraseto_tsquery('english', ${parts.join(' ')}) && to_tsquery('english', ${last + ':*'}))`;
}

/** The query as a boolean SQL expression over the article `a` (stored text and classified fields). */
export function articleMatches(sql: Db, node: QueryNode, names?: NameIndex): Fragment {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => articleMatches(sql, c, names));
      const joined = parts.slice(1).reduce((acc, p) => (node.type === 'and' ? sql`${acc} and ${p}` : sql`${acc} or ${p}`), parts[0]!);
      return sql`(${joined})`;
    }
    case 'not':
      return sql`not coalesce(${articleMatches(sql, node.child, names)}, false)`;
    case 'term':
    case 'phrase':
      return textMatch(sql, node);
    case 'compare':
      return compare(sql, node.field === 'killed' ? sql`(a.casualties->>'killed')::int` : sql`(a.casualties->>'injured')::int`, node.op, node.value);
    case 'field': {
      const v = node.value;
      switch (node.field) {
        case 'category':
          return sql`exists (select 1 from article_categories c where c.article_id = a.id and c.category = ${v.toLowerCase()})`;
        case 'source': {
          const host = likeLiteral(v.toLowerCase());
          return sql`(a.source = ${v.toLowerCase()} or a.source like ${'%.' + host} or a.source like ${host + '.%'} or a.source like ${'%.' + host + '.%'})`;
        }
        case 'place':
          return placeMatch(sql, names?.place(v) ?? null, v);
        case 'actor': {
          const canonical = names?.actor(v);
          return canonical
            ? sql`a.actors @> ${sql.json([{ name: canonical }])}`
            : sql`exists (select 1 from jsonb_array_elements(coalesce(a.actors, '[]')) x where lower(x->>'name') = lower(${v}))`;
        }
        case 'lang':
          return sql`lower(a.lang) like ${likeLiteral(v.toLowerCase()) + '%'}`;
      }
    }
  }
}

/**
 * Stories with at least one report matching the query. Reports are looked up by publication date
 * around the stories' range (a story's reports come within days of its first report).
 */
export function storyMatches(sql: Db, node: QueryNode, from: Date, to: Date, names?: NameIndex): Fragment {
  const slack = 3 * 86_400_000;
  return sql`s.id in (select a.story_id from articles a
    where a.story_id is not null and a.published_at >= ${new Date(from.getTime() - slack)} and a.published_at < ${new Date(to.getTime() + slack)}
      and ${articleMatches(sql, node, names)})`;
}

/** The query's positive words and phrases as one tsquery (any of them), for highlighting; null if none. */
export function highlightTsquery(sql: Db, node: QueryNode): Fragment | null {
  const parts: Fragment[] = [];
  const walk = (n: QueryNode) => {
    if (n.type === 'and' || n.type === 'or') n.children.forEach(walk);
    else if (n.type === 'phrase') parts.push(sql`phraseto_tsquery('english', ${n.words.join(' ')})`);
    else if (n.type === 'term') {
      const words = lexemes(n.value);
      if (n.prefix && words.length === 1) parts.push(sql`to_tsquery('english', ${words[0] + ':*'})`);
      else parts.push(sql`phraseto_tsquery('english', ${words.join(' ')})`);
    }
  };
  walk(node);
  if (parts.length === 0) return null;
  return parts.slice(1).reduce((acc, p) => sql`${acc} || ${p}`, parts[0]!);
}
