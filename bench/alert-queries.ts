// Realistic alert queries for the alert benchmarks, generated deterministically from a seed: the places
// and actors users follow (from the gazetteer and the actor list, in the spellings users type), topic
// words and phrases, OR groups, NOT and -word exclusions, prefixes, category:, source:, place:, actor:,
// lang: and casualty thresholds. Most queries have words an article must contain (what the alert
// index keys on); about one in twenty is fields only (`category:attack killed>=5`) and must be
// evaluated against every article.
import { loadClassifierData } from '../services/classifier/load-data.ts';
import { compileAlertQuery } from '../services/alerts/alert-index.ts';
import { parseQuery } from '../services/alerts/query/index.ts';

const CATEGORIES = ['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees'];
const SOURCES = ['dawn.com', 'tribune.com.pk', 'geo.tv', 'thenews.com.pk', 'tolonews.com', 'khaama.com', 'reuters.com', 'aljazeera.com', 'voanews.com', 'pajhwok.com', 'ariananews.af', 'bbc.com'];
/** What users watch for, as typed: single words and quoted phrases. */
const KEYWORDS = [
  'attack', 'blast', 'explosion', 'suicide', '"suicide attack"', '"suicide bomber"', 'IED', 'drone', 'quadcopter', 'ambush',
  'checkpost', 'checkpoint', 'firing', 'shelling', 'mortar', 'clashes', 'militants', 'terrorists', 'soldiers', 'policemen',
  'martyred', 'killed', 'injured', 'kidnapped', 'abducted', 'operation', '"intelligence-based operation"', 'curfew',
  'ceasefire', 'talks', 'negotiations', 'jirga', 'delegation', 'refugees', 'deportation', 'returnees', 'repatriation',
  '"proof of registration"', 'border', 'crossing', 'closure', 'reopened', 'trade', 'trucks', 'fencing', 'airstrike',
  'airstrikes', '"cross-border"', 'infiltration', '"security forces"', 'convoy', 'polio', '"target killing"', 'extortion',
  'condemned', 'spokesperson', '"foreign office"', 'retaliation', 'khawarij', 'encounter', 'hideout', 'surrendered',
];
/** Words people exclude to keep out sport, weather and markets. */
const NEGATIVES = ['cricket', 'match', 'tournament', 'election', 'weather', 'flood', 'earthquake', 'rain', 'budget', 'IMF', 'stocks', 'film'];
const PREFIXES = ['drone*', 'milit*', 'terror*', 'kidnap*', 'abduct*', 'bomb*', 'martyr*', 'refugee*', 'deport*', 'talib*', 'waziri*', 'ceasefir*', 'negotiat*', 'infiltrat*', 'explo*'];
/** Queries of fields only: no word to index them by. */
const FIELD_ONLY = [
  (g: Gen) => `category:${g.pick(CATEGORIES)} killed>=${g.int(1, 10)}`,
  (g: Gen) => `place:${g.placeValue()} category:${g.pick(CATEGORIES)}`,
  (g: Gen) => `actor:${g.actorValue()} place:${g.placeValue()}`,
  (g: Gen) => `source:${g.pick(SOURCES)} category:${g.pick(CATEGORIES)}`,
  (g: Gen) => `category:${g.pick(CATEGORIES)} OR (actor:${g.actorValue()} injured>=${g.int(2, 20)})`,
];

/** Weighted query shapes; the weights add up to 100 (percent). */
const SHAPES: [number, (g: Gen) => string][] = [
  [12, (g) => g.place()],
  [12, (g) => `${g.place()} ${g.keyword()}`],
  [9, (g) => `${g.place()} (${g.keyword()} OR ${g.keyword()} OR ${g.keyword()})`],
  [8, (g) => `(${g.place()} OR ${g.place()} OR ${g.place()}) category:${g.pick(CATEGORIES)}`],
  [8, (g) => `${g.actor()} ${g.keyword()} -${g.pick(NEGATIVES)}`],
  [6, (g) => `${g.pick(PREFIXES)} ${g.place()}`],
  [6, (g) => `${g.place()} killed>=${g.int(1, 10)}`],
  [6, (g) => `${g.keyword()} ${g.keyword()} source:${g.pick(SOURCES)}`],
  [6, (g) => `${g.place()} NOT (${g.pick(NEGATIVES)} OR ${g.pick(NEGATIVES)})`],
  [6, (g) => `(${g.keyword()} OR ${g.keyword()}) AND (${g.place()} OR ${g.place()}) -${g.pick(NEGATIVES)}`],
  [5, (g) => `${g.keyword()} place:${g.placeValue()}`],
  [4, (g) => `${g.actor()} actor:${g.actorValue()} injured>=${g.int(1, 15)}`],
  [4, (g) => `${g.actor()} OR ${g.actor()}`],
  [3, (g) => `${g.keyword()} lang:en`],
  [5, (g) => g.pick(FIELD_ONLY)(g)],
];

/** A small seeded PRNG (uniform in [0, 1)): the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A name as a query leaf: quoted when it is more than one word. */
function leaf(name: string): string {
  return /^[\p{L}\p{N}'-]+$/u.test(name) ? name : `"${name}"`;
}

/** Spellings a user would type as a query word: not two-letter acronyms that are also words ("IS", "FC"). */
function typable(s: string): boolean {
  return s.length > 2 && !s.includes('"');
}

class Gen {
  readonly #rnd: () => number;
  readonly #places: string[];
  readonly #placeNames: string[];
  readonly #actors: string[];
  readonly #actorNames: string[];

  constructor(seed: number) {
    this.#rnd = mulberry32(seed);
    const data = loadClassifierData();
    const places = data.places.filter((p) => p.kind !== 'country');
    // every spelling a user might type; names first so the skew below favours them
    this.#places = [...places.map((p) => p.name), ...places.flatMap((p) => p.aliases ?? [])].filter(typable);
    this.#placeNames = places.map((p) => p.name);
    this.#actors = [...data.actors.map((a) => a.name), ...data.actors.flatMap((a) => [...a.aliases, ...a.case_aliases])].filter(typable);
    this.#actorNames = data.actors.map((a) => a.name);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#rnd() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.#rnd() * xs.length)]!;
  }

  /** Skewed towards the start of the list (the gazetteer lists the north-west first). */
  #skewed(xs: readonly string[]): string {
    return xs[Math.floor(this.#rnd() ** 1.6 * xs.length)]!;
  }

  place(): string {
    return leaf(this.#skewed(this.#places));
  }

  placeValue(): string {
    return leaf(this.#skewed(this.#placeNames));
  }

  actor(): string {
    return leaf(this.#skewed(this.#actors));
  }

  actorValue(): string {
    return leaf(this.pick(this.#actorNames));
  }

  keyword(): string {
    return this.pick(KEYWORDS);
  }

  query(): string {
    let r = this.#rnd() * 100;
    for (const [weight, shape] of SHAPES) {
      r -= weight;
      if (r < 0) return shape(this);
    }
    return SHAPES[0]![1](this);
  }
}

/** `count` distinct queries from `seed`, each checked to parse; the same seed gives the same list. */
export function generateAlertQueries(count: number, seed: number): string[] {
  const gen = new Gen(seed);
  const out = new Set<string>();
  for (let tries = 0; out.size < count; tries++) {
    if (tries > count * 20) throw new Error(`bench/alert-queries: only ${out.size} distinct queries from seed ${seed}`);
    out.add(gen.query());
  }
  for (const q of out) parseQuery(q); // a query the generator got wrong fails here, not in the timings
  return [...out];
}

/** How many of `queries` have no key word (evaluated against every article by the index). */
export function countUnindexed(queries: readonly string[]): number {
  return queries.filter((q) => compileAlertQuery(q).keys === null).length;
}
