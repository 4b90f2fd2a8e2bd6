// Category scores: each matched term adds its weight, boosted in the title and lead, cut down in
// background sentences, subject to the category's context rules; repeats of one term add less and
// less. A category applies when its score passes the threshold and the article is relevant.
import { hasAny, hasNear, hitsOf, inBackground, type Analysis } from './analysis.ts';
import type { CompiledCategory, CompiledProfile } from './compile-profile.ts';
import { snippetAround, zoneOfToken } from './document.ts';
import type { Hit } from './term-matcher.ts';
import type { CategoryResult, Evidence, Zone } from './types.ts';

/** Evidence kept for a category that applies, and for one that does not (to explain a near miss). */
const MAX_EVIDENCE = 5;
const MAX_EVIDENCE_NOT_APPLIED = 2;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Sums one term's contributions: the largest counts fully, each next one `decay` times the previous. */
function sumRepeats(values: number[], decay: number, maxRepeats: number): number {
  if (values.length === 1) return values[0]!; // most phrases occur once
  const pos = values.filter((v) => v > 0).sort((a, b) => b - a).slice(0, maxRepeats);
  const neg = values.filter((v) => v < 0);
  let total = neg.length > 0 ? Math.min(...neg) : 0;
  let factor = 1;
  for (const v of pos) {
    total += v * factor;
    factor *= decay;
  }
  return total;
}

/** The unheadlined factor for an article of `words` words: in full up to `span`, fading to 1 at twice it. */
function unheadlinedFactor(factor: number, words: number, span: number): number {
  if (factor >= 1 || words <= span) return factor;
  return factor + (1 - factor) * Math.min(1, (words - span) / span);
}

/** A term that fired: where, and how much it weighed. */
interface Fired {
  entry: number;
  start: number;
  end: number;
  zone: Zone;
  weight: number;
}

function byWeight(x: Fired, y: Fired): number {
  return y.weight - x.weight;
}

function collect(byTerm: Map<number, number[]>, list: Fired[], titleFactor: number): void {
  for (const f of list) {
    if (f.zone === 'title') f.weight *= titleFactor;
    const values = byTerm.get(f.entry);
    if (values) values.push(f.weight);
    else byTerm.set(f.entry, [f.weight]);
  }
}

/** The category's requires and excludes of sentence or window scope, for one term hit. */
function contextAllows(a: Analysis, c: CompiledCategory, h: Hit): boolean {
  for (const r of c.requires) if (r.scope !== 'article' && !hasNear(a, r.groups, h, r.scope, r.window, r.reported, r.zones)) return false;
  for (const x of c.excludes) {
    if (x.scope === 'article' || !hasNear(a, x.groups, h, x.scope, x.window, x.reported, x.zones)) continue;
    if (!(x.unless && hasNear(a, x.unless, h, 'sentence', 0, false))) return false;
  }
  return true;
}

function scoreOne(compiled: CompiledProfile, a: Analysis, c: CompiledCategory, relevant: boolean): CategoryResult {
  const { doc } = a;
  const settings = compiled.settings;
  let articleOk = true;
  for (const r of c.requires) if (r.scope === 'article' && !hasAny(a, r.groups, r.reported, r.zones)) articleOk = false;
  for (const x of c.excludes) if (x.scope === 'article' && hasAny(a, x.groups, x.reported, x.zones)) articleOk = false;
  // Article-wide weakening is the same for every term: computed once.
  let articleFactor = 1;
  for (const w of c.weaken) if (w.scope === 'article' && hasAny(a, w.groups, w.reported, w.zones)) articleFactor *= w.factor;
  const fired: Fired[] = [];
  let negatives: Fired[] | null = null;
  // Reported (not background) hits in the text, and in the title or lead.
  let reportedInText = false;
  let headlined = false;
  for (const h of hitsOf(a, c.ns)) {
    const term = c.terms[compiled.payload[h.entry]!]!;
    const zone = zoneOfToken(doc, h.start);
    if (term.zones && !term.zones.includes(zone)) continue;
    if (term.near && !hasNear(a, term.near.groups, h, term.near.scope, term.near.window, false)) continue;
    if (term.notNear && hasNear(a, term.notNear.groups, h, term.notNear.scope, term.notNear.window, false)) continue;
    if (!contextAllows(a, c, h)) continue;
    const background = inBackground(a, h.start);
    const boost = zone === 'title' ? c.titleBoost : zone === 'lead' ? c.leadBoost : 1;
    let weight = term.weight * boost * (background ? c.backgroundFactor : 1) * articleFactor;
    for (const w of c.weaken) {
      if (w.scope !== 'article' && hasNear(a, w.groups, h, w.scope, w.window, w.reported, w.zones)) weight *= w.factor;
    }
    const f: Fired = { entry: h.entry, start: h.start, end: h.end, zone, weight };
    if (weight <= 0) {
      (negatives ??= []).push(f);
      continue;
    }
    fired.push(f);
    if (!background && zone !== 'title') reportedInText = true;
    if (!background && zone !== 'body') headlined = true;
  }
  // A headline term the text only recalls as background is a recap, not the news.
  const titleFactor = reportedInText ? 1 : settings.unsupported_title_factor;
  const byTerm = new Map<number, number[]>(); // per matcher entry (a phrase): its contributions
  collect(byTerm, fired, titleFactor);
  if (negatives) collect(byTerm, negatives, titleFactor);
  let raw = 0;
  let distinct = 0;
  for (const values of byTerm.values()) {
    const v = sumRepeats(values, settings.repeat_decay, settings.max_repeats);
    raw += v;
    if (v > 0) distinct++;
  }
  // What a news report reports is in its title or lead; terms only further down count for less.
  if (!headlined) raw *= unheadlinedFactor(c.unheadlinedFactor, doc.tokens.count, settings.headline_span);
  const applies = relevant && articleOk && raw >= c.threshold && distinct >= c.minTerms;
  let score = raw > 0 ? raw / (raw + c.threshold) : 0;
  if (!applies) score = Math.min(score, 0.49);
  // A category far from applying gets no evidence: there is nothing to explain.
  const max = applies ? MAX_EVIDENCE : score >= 0.35 ? MAX_EVIDENCE_NOT_APPLIED : 0;
  // Strongest evidence first, one entry per phrase; text and snippets only for what is shown.
  if (max > 0) fired.sort(byWeight);
  const shown = new Set<string>();
  const evidence: Evidence[] = [];
  for (const f of fired) {
    if (evidence.length >= max) break;
    const key = `${f.entry}:${f.zone}`; // a phrase once per zone
    if (shown.has(key)) continue;
    shown.add(key);
    evidence.push({
      term: doc.tokens.text.slice(doc.tokens.starts[f.start], doc.tokens.ends[f.end - 1]),
      where: f.zone,
      snippet: snippetAround(doc, f.start, f.end),
      weight: round(f.weight),
    });
  }
  return { name: c.name, score: round(score), applies, evidence };
}

/** Scores every category of the profile (in profile order). */
export function scoreCategories(compiled: CompiledProfile, a: Analysis, relevant: boolean): CategoryResult[] {
  return compiled.categories.map((c) => scoreOne(compiled, a, c, relevant));
}
