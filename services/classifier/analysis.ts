// One article prepared for scoring: its Doc, every phrase match grouped by namespace, and which
// sentences are background (recaps of earlier events) rather than what the article reports.
import type { CompiledProfile } from './compile-profile.ts';
import { buildDoc, type Doc } from './document.ts';
import type { Hit } from './term-matcher.ts';
import { isWord, WordSet } from './tokenize.ts';
import type { ClassifyInput } from './types.ts';

/** One article after matching: the Doc, matches by namespace, background sentences. */
export interface Analysis {
  doc: Doc;
  /** Matches per namespace, each list sorted by position. */
  byNs: Hit[][];
  /** Per sentence: true when it recaps the past rather than reporting the news. */
  background: boolean[];
}

const EMPTY: Hit[] = [];

/** Month names and abbreviations with their number (the classifier's matcher finds them). */
export const MONTHS = new Map<string, number>([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6],
  ['july', 7], ['august', 8], ['aug', 8], ['september', 9], ['sept', 9], ['october', 10], ['oct', 10],
  ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);
const YEAR_LEAD = new WordSet(['in', 'since', 'of', 'during', 'until']);
const MONTH_LEAD = new WordSet(['in', 'since', 'until', 'during', 'early', 'late', 'mid', 'from', 'last', 'between']);

function publishedDate(published: string | undefined): { year: number | null; month: number | null } {
  const m = published ? /^(\d{4})-(\d{2})/.exec(published) : null;
  return m ? { year: Number(m[1]), month: Number(m[2]) } : { year: null, month: null };
}

/** Adds a cue's weight to the score of the sentence of a token. */
function addScore(score: number[], doc: Doc, token: number, value: number): void {
  const s = doc.tokenSentence[token]!;
  score[s] = score[s]! + value;
}

// No closures in per-article code: the TypeScript loader wraps each named closure (keepNames), which
// costs far more than the closure itself.

/**
 * Marks background sentences: the weights of background cues ("since 2021", "last year", "have
 * risen") minus those of current-news cues ("on Tuesday", "deadliest"), plus a year before the year of
 * publication ("in 2023") or another month than the month of publication ("in March", "last October"),
 * at or above the profile's threshold.
 */
function markBackground(compiled: CompiledProfile, doc: Doc, byNs: Hit[][], published: string | undefined): boolean[] {
  // Plain arrays, not typed arrays: small per-article typed arrays are slow to allocate in V8.
  const score: number[] = new Array<number>(doc.sentences.length).fill(0);
  const bg = compiled.background;
  for (const h of byNs[compiled.ns.cue] ?? EMPTY) addScore(score, doc, h.start, bg.cueWeights[compiled.payload[h.entry]!]!);
  for (const h of byNs[compiled.ns.current] ?? EMPTY) addScore(score, doc, h.start, -bg.currentWeights[compiled.payload[h.entry]!]!);
  const { year, month } = publishedDate(published);
  const t = doc.tokens;
  for (let i = 1; i < t.count; i++) {
    const s = t.starts[i]!;
    const c = t.lower.charCodeAt(s);
    const len = t.ends[i]! - s;
    if (len === 4 && c >= 49 && c <= 57 && bg.olderYearWeight > 0) {
      const y = Number(t.lower.slice(s, s + 4));
      if (!(y >= 1947 && y <= 2100)) continue;
      const older = year === null ? isWord(t, i - 1, 'since') : y < year;
      if (older && YEAR_LEAD.hasToken(t, i - 1)) addScore(score, doc, i, bg.olderYearWeight);
    }
  }
  if (bg.olderMonthWeight > 0) {
    for (const h of byNs[compiled.ns.month] ?? EMPTY) {
      const m = compiled.payload[h.entry]!;
      if (!MONTH_LEAD.hasToken(t, h.start - 1)) continue;
      if (isWord(t, h.start - 1, 'last') || (month !== null && m !== month)) addScore(score, doc, h.start, bg.olderMonthWeight);
    }
  }
  return score.map((v, i) => v >= bg.threshold && doc.sentences[i]!.zone !== 'title');
}

/** Tokenizes, matches every phrase once, and marks background sentences. */
export function analyze(compiled: CompiledProfile, input: ClassifyInput): Analysis {
  const doc = buildDoc(input.title ?? '', input.text ?? '');
  const byNs: Hit[][] = new Array(compiled.nsCount);
  for (const h of compiled.matcher.match(doc.tokens)) (byNs[h.ns] ??= []).push(h);
  const background = markBackground(compiled, doc, byNs, input.published);
  return { doc, byNs, background };
}

/** The matches of a namespace (empty when none). */
export function hitsOf(a: Analysis, ns: number): Hit[] {
  return a.byNs[ns] ?? EMPTY;
}

/** True when some match of the namespaces lies in scope of `hit` (same sentence, or within `window` words). */
export function hasNear(a: Analysis, groups: readonly number[], hit: Hit, scope: 'article' | 'sentence' | 'window', window: number, reported: boolean): boolean {
  const sentence = a.doc.tokenSentence[hit.start]!;
  for (const g of groups) {
    for (const h of hitsOf(a, g)) {
      const s = a.doc.tokenSentence[h.start]!;
      if (reported && a.background[s]) continue;
      if (scope === 'article') return true;
      if (scope === 'sentence' ? s === sentence : h.end + window >= hit.start && h.start <= hit.end + window) return true;
    }
  }
  return false;
}

/** True when some match of the namespaces occurs anywhere (outside background sentences if `reported`). */
export function hasAny(a: Analysis, groups: readonly number[], reported: boolean): boolean {
  for (const g of groups) {
    for (const h of hitsOf(a, g)) if (!reported || !a.background[a.doc.tokenSentence[h.start]!]) return true;
  }
  return false;
}
