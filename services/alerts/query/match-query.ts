// Evaluates a parsed query against one document in memory. The query is compiled once into closures
// (resolved names in sets, cheap tests first), so matching an article against many alerts is cheap.
import type { CompareField, CompareOp, QueryField, QueryNode } from './ast.ts';

/** What a query can look at in one article. */
export interface QueryDocument {
  /** Lower-cased word tokens of title + text, in order (for phrases); treated as immutable. */
  words: readonly string[];
  categories: readonly string[];
  /** Host of the article, e.g. "dawn.com" (a URL or "www." prefix is tolerated). */
  source: string;
  places: readonly { name: string; district?: string | null; province?: string | null; country?: string | null }[];
  /** Canonical actor names. */
  actors: readonly string[];
  lang: string | null;
  killed: number | null;
  injured: number | null;
}

/** Maps what a user typed to canonical names; may return [] (the value is then compared as typed). */
export interface QueryResolver {
  actor(value: string): string[];
  place(value: string): string[];
}

type Test = (doc: QueryDocument) => boolean;
interface Compiled {
  test: Test;
  /** Rough relative cost, to run cheap tests first inside and/or. */
  cost: number;
}

// Word sets keyed by the document's word array, shared by every compiled query: 1,000 alerts checked
// against one article build its set once. Weak, so it never keeps an article alive.
const wordSets = new WeakMap<readonly string[], Set<string>>();

function wordSetOf(words: readonly string[]): Set<string> {
  let set = wordSets.get(words);
  if (!set) {
    set = new Set(words);
    wordSets.set(words, set);
  }
  return set;
}

/** Case- and spacing-insensitive key for names of places and actors. */
function nameKey(name: string): string {
  return name.trim().toLowerCase().split(/\s+/).join(' ');
}

/** "https://www.Dawn.com:443/news" → "dawn.com". */
function hostOf(source: string): string {
  let host = source.trim().toLowerCase();
  const scheme = host.indexOf('://');
  if (scheme >= 0) host = host.slice(scheme + 3);
  for (const stop of ['/', '?', '#', ':']) {
    const at = host.indexOf(stop);
    if (at >= 0) host = host.slice(0, at);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** `dawn.com` matches dawn.com and any subdomain; a bare `dawn` matches a host with a "dawn" label. */
function sourceTest(value: string): Test {
  const want = hostOf(value);
  if (want.includes('.')) {
    return (doc) => {
      const host = hostOf(doc.source);
      return host === want || host.endsWith(`.${want}`);
    };
  }
  return (doc) => {
    const host = hostOf(doc.source);
    return host === want || host.split('.').slice(0, -1).includes(want);
  };
}

function fieldTest(field: QueryField, value: string, resolver: QueryResolver | undefined): Test {
  switch (field) {
    case 'category': {
      const want = value.toLowerCase();
      return (doc) => doc.categories.some((c) => c.toLowerCase() === want);
    }
    case 'source':
      return sourceTest(value);
    case 'lang': {
      const want = value.trim().toLowerCase();
      return (doc) => {
        const lang = doc.lang?.toLowerCase();
        return lang !== undefined && (lang === want || lang.startsWith(`${want}-`) || lang.startsWith(`${want}_`));
      };
    }
    case 'place': {
      const names = new Set([value, ...(resolver?.place(value) ?? [])].map(nameKey));
      const has = (name: string | null | undefined): boolean => typeof name === 'string' && names.has(nameKey(name));
      return (doc) => doc.places.some((p) => has(p.name) || has(p.district) || has(p.province) || has(p.country));
    }
    case 'actor': {
      const names = new Set([value, ...(resolver?.actor(value) ?? [])].map(nameKey));
      return (doc) => doc.actors.some((a) => names.has(nameKey(a)));
    }
  }
}

function compareTest(field: CompareField, op: CompareOp, value: number): Test {
  return (doc) => {
    const n = doc[field];
    if (typeof n !== 'number' || Number.isNaN(n)) return false;
    switch (op) {
      case '>=':
        return n >= value;
      case '>':
        return n > value;
      case '<=':
        return n <= value;
      case '<':
        return n < value;
      case '=':
        return n === value;
    }
  };
}

function phraseTest(phrase: readonly string[]): Test {
  const first = phrase[0]!;
  return (doc) => {
    const set = wordSetOf(doc.words);
    if (!phrase.every((w) => set.has(w))) return false;
    const words = doc.words;
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (words[i] !== first) continue;
      let k = 1;
      while (k < phrase.length && words[i + k] === phrase[k]) k++;
      if (k === phrase.length) return true;
    }
    return false;
  };
}

function compileNode(node: QueryNode, resolver: QueryResolver | undefined): Compiled {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => compileNode(c, resolver)).sort((a, b) => a.cost - b.cost);
      const tests = parts.map((p) => p.test);
      const cost = parts.reduce((sum, p) => sum + p.cost, 0);
      if (node.type === 'and') return { test: (doc) => tests.every((t) => t(doc)), cost };
      return { test: (doc) => tests.some((t) => t(doc)), cost };
    }
    case 'not': {
      const inner = compileNode(node.child, resolver);
      return { test: (doc) => !inner.test(doc), cost: inner.cost };
    }
    case 'term': {
      const value = node.value;
      if (!node.prefix) return { test: (doc) => wordSetOf(doc.words).has(value), cost: 3 };
      return {
        test: (doc) => {
          for (const w of wordSetOf(doc.words)) if (w.startsWith(value)) return true;
          return false;
        },
        cost: 8,
      };
    }
    case 'phrase':
      return { test: phraseTest(node.words), cost: 5 };
    case 'field':
      return { test: fieldTest(node.field, node.value, resolver), cost: 2 };
    case 'compare':
      return { test: compareTest(node.field, node.op, node.value), cost: 1 };
  }
}

/**
 * Compiles a query into a predicate over documents. Terms match whole words (a prefix term, words
 * starting with it); phrases match consecutive words; `category:` is exact; `place:` matches a place's
 * name, district, province or country; `actor:` a canonical actor; both compare case-insensitively with
 * the value and whatever `resolver` maps it to (called once per field, here). `source:` matches a host
 * suffix on a label boundary, `lang:` a language tag or its subtags (`en` matches `en-GB`); a
 * comparison with an unknown (null) count is false.
 */
export function compileQuery(node: QueryNode, resolver?: QueryResolver): (doc: QueryDocument) => boolean {
  return compileNode(node, resolver).test;
}
