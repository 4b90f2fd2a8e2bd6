// Evaluation metrics (pure): precision/recall/F1 per category, micro and macro F1, relevance F1,
// casualty exact-match rate, place accuracy, seed checks and the worst errors.
import type { Classification } from '../types.ts';
import type { EvalItem, SeedItem } from './corpus.ts';

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ItemError {
  id: string;
  cost: number;
  expected: string;
  got: string;
}

export interface EvalReport {
  split: string;
  items: number;
  categories: Record<string, Prf>;
  microF1: number;
  macroF1: number;
  relevance: Prf;
  casualties: { exact: number; total: number; rate: number };
  place: { correct: number; total: number; rate: number };
  seeds: Array<{ id: string; ok: boolean; problems: string[] }>;
  worst: ItemError[];
}

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

function applied(c: Classification): string[] {
  return c.categories.filter((x) => x.applies).map((x) => x.name);
}

/** The predicted incident place matches when its name or its counting unit equals the expected place. */
export function placeMatches(c: Classification, expected: string): boolean {
  const first = c.locations[0];
  return first !== undefined && (first.name === expected || first.district === expected);
}

function describe(relevant: boolean, cats: string[], killed: number | null, injured: number | null, place: string | null | undefined): string {
  return `rel=${relevant} [${cats.join(',')}] k=${killed} i=${injured} place=${place ?? null}`;
}

/** Computes the report for corpus items and their predictions (same order), plus the seed checks. */
export function evaluate(
  split: string,
  categoryNames: string[],
  items: EvalItem[],
  predictions: Classification[],
  seeds: SeedItem[],
  seedPredictions: Classification[],
  worstCount = 15,
): EvalReport {
  const counts = new Map(categoryNames.map((n) => [n, { tp: 0, fp: 0, fn: 0 }]));
  const rel = { tp: 0, fp: 0, fn: 0 };
  const cas = { exact: 0, total: 0 };
  const place = { correct: 0, total: 0 };
  const errors: ItemError[] = [];
  items.forEach((item, i) => {
    const p = predictions[i]!;
    const e = item.expected;
    const got = new Set(applied(p));
    const want = new Set(e.categories);
    let cost = 0;
    for (const [name, c] of counts) {
      if (got.has(name) && want.has(name)) c.tp++;
      else if (got.has(name)) (c.fp++, cost++);
      else if (want.has(name)) (c.fn++, cost++);
    }
    if (p.relevant && e.relevant) rel.tp++;
    else if (p.relevant) (rel.fp++, (cost += 2));
    else if (e.relevant) (rel.fn++, (cost += 2));
    if (e.killed !== null || e.injured !== null) {
      cas.total++;
      if (p.casualties.killed === e.killed && p.casualties.injured === e.injured) cas.exact++;
      else cost += 1;
    }
    if (e.place) {
      place.total++;
      if (placeMatches(p, e.place)) place.correct++;
      else cost += 1;
    }
    if (cost > 0) {
      errors.push({
        id: item.id,
        cost,
        expected: describe(e.relevant, e.categories, e.killed, e.injured, e.place),
        got: describe(p.relevant, applied(p), p.casualties.killed, p.casualties.injured, p.locations[0]?.district ?? p.locations[0]?.name),
      });
    }
  });
  const categories: Record<string, Prf> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [name, c] of counts) {
    categories[name] = prf(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  const f1s = Object.values(categories).map((c) => c.f1);
  const seedChecks = seeds.map((s, i) => {
    const p = seedPredictions[i]!;
    const got = applied(p);
    const problems: string[] = [];
    if (p.relevant !== s.expected.relevant) problems.push(`relevant=${p.relevant}, expected ${s.expected.relevant}`);
    for (const c of s.expected.categories) if (!got.includes(c)) problems.push(`missing ${c}`);
    for (const c of s.expected.never) if (got.includes(c)) problems.push(`forbidden ${c}`);
    return { id: s.id, ok: problems.length === 0, problems };
  });
  return {
    split,
    items: items.length,
    categories,
    microF1: prf(tp, fp, fn).f1,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    relevance: prf(rel.tp, rel.fp, rel.fn),
    casualties: { ...cas, rate: cas.total ? cas.exact / cas.total : 1 },
    place: { ...place, rate: place.total ? place.correct / place.total : 1 },
    seeds: seedChecks,
    worst: errors.sort((a, b) => b.cost - a.cost || a.id.localeCompare(b.id)).slice(0, worstCount),
  };
}
