// Relevance: a weighted sum of profile features (e.g. "TTP named", "Pakistan and Afghanistan both
// named", "cricket vocabulary" with a negative weight), turned into a score in [0, 1] that is 0.5
// exactly at the profile's threshold.
import { hitsOf, type Analysis } from './analysis.ts';
import type { CompiledFeature, CompiledProfile } from './compile-profile.ts';
import { zoneOfToken } from './document.ts';

/** The relevance decision and the features behind it. */
export interface RelevanceResult {
  relevant: boolean;
  relevance: number;
  /** Features that fired, with their contribution (for explaining a decision). */
  features: Array<{ name: string; value: number }>;
}

/** The matches of a namespace that the feature counts, up to `limit` (when more would change nothing). */
function countHits(a: Analysis, ns: number, f: CompiledFeature, limit = Infinity): number {
  let n = 0;
  for (const h of hitsOf(a, ns)) {
    if (f.reported && a.background[a.doc.tokenSentence[h.start]!]) continue;
    if (f.zones && !f.zones.includes(zoneOfToken(a.doc, h.start))) continue;
    if (++n >= limit) break;
  }
  return n;
}

/** Scores relevance from the profile's features. */
export function scoreRelevance(compiled: CompiledProfile, a: Analysis): RelevanceResult {
  let raw = 0;
  const fired: Array<{ name: string; value: number }> = [];
  for (const f of compiled.relevance.features) {
    let hits = 0;
    if (f.any.length > 0) {
      for (const ns of f.any) hits += countHits(a, ns, f);
      if (hits < f.minHits) continue;
    }
    let allOk = true;
    // Only whether each group reaches min_each matters, unless the count of hits is the feature's value.
    const limit = f.any.length > 0 || (!f.perHit && f.minHits <= f.minEach) ? f.minEach : Infinity;
    for (const ns of f.all) {
      const n = countHits(a, ns, f, limit);
      if (n < f.minEach) {
        allOk = false;
        break; // the feature cannot fire: the other groups need not be counted
      }
      if (f.any.length === 0) hits += n;
    }
    if (!allOk) continue;
    if (f.any.length === 0 && hits < f.minHits) continue;
    if (f.none.some((ns) => hitsOf(a, ns).length > 0)) continue;
    const value = f.perHit ? f.weight * Math.min(hits, f.cap) : f.weight;
    raw += value;
    fired.push({ name: f.name, value });
  }
  const { threshold, scale } = compiled.relevance;
  const relevance = 1 / (1 + Math.exp(-(raw - threshold) / scale));
  return { relevant: raw >= threshold, relevance: Math.round(relevance * 1000) / 1000, features: fired };
}
