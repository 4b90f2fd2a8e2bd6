// Many alert queries, compiled once and indexed by the words an article must contain for each to
// match: an article is evaluated only against the alerts whose key words it has (plus the few whose
// query has no such word, e.g. `category:attack killed>=5`).
import { phraseTokens } from '../classifier/tokenize.ts';
import type { NameIndex } from '../classifier/names.ts';
import { compileQuery, parseQuery, requiredTerms, type QueryDocument, type QueryResolver } from './query/index.ts';
import { stemQuery, stemWords } from './stemming.ts';

export interface IndexedAlert<A> {
  alert: A;
  test: (doc: QueryDocument) => boolean;
}

/** Resolves what users type in `place:` and `actor:` to the names the classifier stores. */
export function nameResolver(names: NameIndex): QueryResolver {
  return {
    place: (value) => {
      const ref = names.place(value);
      return ref ? [ref.name] : [];
    },
    actor: (value) => {
      const actor = names.actor(value);
      return actor ? [actor] : [];
    },
  };
}

/** The words of an article as alerts match them: title then text, stemmed like PostgreSQL's `english`. */
export function documentWords(title: string, text: string): string[] {
  return stemWords(phraseTokens(`${title}\n${text}`));
}

/**
 * An alert query compiled for matching documents from `documentWords`: parsed (throws QueryError),
 * stemmed, compiled, with its index keys (stems, or null when the query has none).
 */
export function compileAlertQuery(query: string, resolver?: QueryResolver): { test: (doc: QueryDocument) => boolean; keys: string[] | null } {
  const ast = stemQuery(parseQuery(query));
  return { test: compileQuery(ast, resolver), keys: requiredTerms(ast) };
}

export class AlertIndex<A extends { id: number; query: string }> {
  /** The alerts that compiled, in the order given. */
  readonly alerts: A[] = [];
  /** Alerts whose query gives no key word: evaluated against every article. */
  readonly #always: IndexedAlert<A>[] = [];
  readonly #byWord = new Map<string, IndexedAlert<A>[]>();
  /** Alerts whose stored query no longer parses (kept out of matching, reported by `invalid`). */
  readonly invalid: { alert: A; error: string }[] = [];

  constructor(alerts: readonly A[], resolver?: QueryResolver) {
    for (const alert of alerts) {
      let entry: IndexedAlert<A>;
      let keys: string[] | null;
      try {
        const compiled = compileAlertQuery(alert.query, resolver);
        entry = { alert, test: compiled.test };
        keys = compiled.keys;
        this.alerts.push(alert);
      } catch (error) {
        this.invalid.push({ alert, error: (error as Error).message });
        continue;
      }
      if (keys === null) {
        this.#always.push(entry);
        continue;
      }
      for (const key of keys) {
        const list = this.#byWord.get(key);
        if (list) list.push(entry);
        else this.#byWord.set(key, [entry]);
      }
    }
  }

  get size(): number {
    return this.alerts.length;
  }

  /** The alerts whose query matches the document, each once, in the order they were given. */
  match(doc: QueryDocument): A[] {
    const seen = new Set<IndexedAlert<A>>();
    const hits: A[] = [];
    const consider = (entry: IndexedAlert<A>) => {
      if (seen.has(entry)) return;
      seen.add(entry);
      if (entry.test(doc)) hits.push(entry.alert);
    };
    for (const entry of this.#always) consider(entry);
    if (this.#byWord.size > 0) {
      // walk whichever side is smaller: the article's distinct words or the index's keys
      const words = new Set(doc.words);
      if (words.size <= this.#byWord.size) {
        for (const w of words) for (const entry of this.#byWord.get(w) ?? []) consider(entry);
      } else {
        for (const [w, entries] of this.#byWord) if (words.has(w)) for (const entry of entries) consider(entry);
      }
    }
    return hits.sort((a, b) => a.id - b.id);
  }
}
