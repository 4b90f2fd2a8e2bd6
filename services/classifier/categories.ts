// Category scores: each matched term adds its weight, boosted in the title and lead, cut down in
// background sentences, subject to the category's context rules; repeats of one term add less and
// less. A category applies when its score passes the threshold and the article is relevant.
import { hasAny, hasNear, hitsOf, type Analysis } from './analysis.ts';
import type { CompiledCategory, CompiledProfile } from './compile-profile.ts';
import { snippetAround, zoneOfToken } from './document.ts';
import type { CategoryResult, Evidence, Zone } from './types.ts';

/** Evidence kept for a category that applies, and for one that does not (to explain a near miss). */
const MAX_EVIDENCE = 5;
const MAX_EVIDENCE_NOT_APPLIED = 2;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Sums one term's contributions: the largest counts fully, each next one `decay` times the previous. */
function sumRepeats(values: number[], decay: number, maxRepeats: number): number {
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

/** A term that fired: where, and how much it weighed. */
interface Fired {
  entry: number;
  start: number;
  end: number;
  zone: Zone;
  weight: number;
}

function scoreOne(compiled: CompiledProfile, a: Analysis, c: CompiledCategory, relevant: boolean): CategoryResult {
  const { doc } = a;
  const settings = compiled.settings;
  const articleOk = c.requires.every((r) => r.scope !== 'article' || hasAny(a, r.groups, r.reported)) &&
    !c.excludes.some((x) => x.scope === 'article' && hasAny(a, x.groups, x.reported));
  const byTerm = new Map<number, number[]>(); // per matcher entry (a phrase): its contributions
  const fired: Fired[] = [];
  for (const h of hitsOf(a, c.ns)) {
    const term = c.terms[compiled.payload[h.entry]!]!;
    const zone = zoneOfToken(doc, h.start);
    if (term.zones && !term.zones.includes(zone)) continue;
    if (term.near && !hasNear(a, term.near.groups, h, term.near.scope, term.near.window, false)) continue;
    if (term.notNear && hasNear(a, term.notNear.groups, h, term.notNear.scope, term.notNear.window, false)) continue;
    if (c.requires.some((r) => r.scope !== 'article' && !hasNear(a, r.groups, h, r.scope, r.window, r.reported))) continue;
    if (c.excludes.some((x) => x.scope !== 'article' && hasNear(a, x.groups, h, x.scope, x.window, x.reported))) continue;
    const inBackground = a.background[doc.tokenSentence[h.start]!]!;
    const boost = zone === 'title' ? c.titleBoost : zone === 'lead' ? c.leadBoost : 1;
    let weight = term.weight * boost * (inBackground ? c.backgroundFactor : 1);
    for (const w of c.weaken) {
      if (w.scope === 'article' ? hasAny(a, w.groups, w.reported) : hasNear(a, w.groups, h, w.scope, w.window, w.reported)) weight *= w.factor;
    }
    let list = byTerm.get(h.entry);
    if (!list) byTerm.set(h.entry, (list = []));
    list.push(weight);
    if (weight > 0) fired.push({ entry: h.entry, start: h.start, end: h.end, zone, weight });
  }
  let raw = 0;
  let distinct = 0;
  for (const values of byTerm.values()) {
    const v = sumRepeats(values, settings.repeat_decay, settings.max_repeats);
    raw += v;
    if (v > 0) distinct++;
  }
  const applies = relevant && articleOk && raw >= c.threshold && distinct >= c.minTerms;
  let score = raw > 0 ? raw / (raw + c.threshold) : 0;
  if (!applies) score = Math.min(score, 0.49);
  // Strongest evidence first, one entry per phrase; text and snippets only for what is shown.
  fired.sort((x, y) => y.weight - x.weight);
  // A category far from applying gets no evidence: there is nothing to explain.
  const max = applies ? MAX_EVIDENCE : score >= 0.35 ? MAX_EVIDENCE_NOT_APPLIED : 0;
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
