// One article prepared for scoring: its Doc, every phrase match grouped by namespace, and which
// sentences are background (recaps of earlier events) rather than what the article reports.
import type { CompiledProfile } from './compile-profile.ts';
import { buildDoc, zoneOfToken, type Doc } from './document.ts';
import type { Hit } from './term-matcher.ts';
import { isWord, WordSet } from './tokenize.ts';
import type { ClassifyInput, Zone } from './types.ts';

/** One article after matching: the Doc, matches by namespace, background sentences. */
export interface Analysis {
  doc: Doc;
  /** Matches per namespace, each list sorted by position. */
  byNs: Hit[][];
  /** Per sentence: true when it recaps the past rather than reporting the news. */
  background: boolean[];
  /**
   * Background clauses inside sentences, as flat [start, end) token pairs: "…, days after talks broke
   * down", "despite the ceasefire". Usually empty or a few pairs.
   */
  clauses: number[];
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

/** True when the gap before token i holds a dateline or dash separator (":", "—", " - ") or a line break. */
function afterSeparator(doc: Doc, i: number): boolean {
  const t = doc.tokens;
  if (i === 0) return true;
  const from = t.ends[i - 1]!;
  const to = t.starts[i]!;
  for (let g = from; g < to; g++) {
    const c = t.lower.charCodeAt(g);
    if (c === 58 || c === 0x2014 || c === 0x2013 || c === 10) return true;
    if (c === 45 && to - from >= 3) return true; // " - ", not the hyphen of "cross-border"
  }
  return false;
}

/** True when the cue at token i opens its sentence, allowing two words before it ("Four months after…"). */
function opensSentence(doc: Doc, firstToken: number, i: number): boolean {
  for (let k = i; k >= Math.max(firstToken, i - 2); k--) if (k === firstToken || afterSeparator(doc, k)) return true;
  return false;
}

/**
 * Background clauses: from a clause cue to the end of its sentence, or, when the cue opens the
 * sentence ("Days after the talks collapsed, jets struck…"), to the first comma.
 */
function markClauses(compiled: CompiledProfile, doc: Doc, byNs: Hit[][]): number[] {
  const hits = byNs[compiled.ns.clause];
  if (!hits) return [];
  const out: number[] = [];
  const t = doc.tokens;
  for (const h of hits) {
    const s = doc.sentences[doc.tokenSentence[h.start]!]!;
    let end = s.endToken;
    if (opensSentence(doc, s.firstToken, h.start)) {
      const comma = t.lower.indexOf(',', t.ends[h.end - 1]!);
      if (comma >= 0 && comma < s.end) {
        end = h.end;
        while (end < s.endToken && t.starts[end]! < comma) end++;
      }
    }
    out.push(h.start, end);
  }
  return out;
}

/** Tokenizes, matches every phrase once, and marks background sentences and clauses. */
export function analyze(compiled: CompiledProfile, input: ClassifyInput): Analysis {
  const doc = buildDoc(input.title ?? '', input.text ?? '');
  const byNs: Hit[][] = new Array(compiled.nsCount);
  for (const h of compiled.matcher.match(doc.tokens)) (byNs[h.ns] ??= []).push(h);
  const background = markBackground(compiled, doc, byNs, input.published);
  return { doc, byNs, background, clauses: markClauses(compiled, doc, byNs) };
}

/** True when token i lies in a background sentence or a background clause. */
export function inBackground(a: Analysis, i: number): boolean {
  if (a.background[a.doc.tokenSentence[i]!]) return true;
  const c = a.clauses;
  if (c.length === 0) return false;
  for (let k = 0; k < c.length; k += 2) if (i >= c[k]! && i < c[k + 1]!) return true;
  return false;
}

function zoneOk(a: Analysis, zones: readonly Zone[] | undefined, i: number): boolean {
  return zones === undefined || zones.includes(zoneOfToken(a.doc, i));
}

/** The matches of a namespace (empty when none). */
export function hitsOf(a: Analysis, ns: number): Hit[] {
  return a.byNs[ns] ?? EMPTY;
}

/** Index of the first hit of a list (sorted by start) that starts at or after token `from`. */
function firstFrom(list: Hit[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Longest phrase, in tokens, a hit can span (a bound for searching hits that end near a position). */
const MAX_PHRASE = 12;

/**
 * True when some match of the namespaces lies in scope of `hit` (same sentence, or within `window`
 * words), outside background sentences when `reported`, and in one of `zones` when given. Hits are sorted by
 * position, so only those that can be in scope are looked at.
 */
export function hasNear(
  a: Analysis, groups: readonly number[], hit: Hit, scope: 'article' | 'sentence' | 'window', window: number, reported: boolean,
  zones?: readonly Zone[],
): boolean {
  const doc = a.doc;
  const sentence = doc.tokenSentence[hit.start]!;
  const first = doc.sentences[sentence]!.firstToken;
  for (const g of groups) {
    const list = hitsOf(a, g);
    if (list.length === 0) continue;
    let k = 0;
    if (scope === 'sentence') k = firstFrom(list, first);
    else if (scope === 'window') k = firstFrom(list, hit.start - window - MAX_PHRASE);
    for (; k < list.length; k++) {
      const h = list[k]!;
      if (scope === 'sentence') {
        const s = doc.tokenSentence[h.start]!;
        if (s > sentence) break;
        if (s < sentence) continue;
      } else if (scope === 'window') {
        if (h.start > hit.end + window) break;
        if (h.end + window < hit.start) continue;
      }
      if (reported && a.background[doc.tokenSentence[h.start]!]) continue;
      if (!zoneOk(a, zones, h.start)) continue;
      return true;
    }
  }
  return false;
}

/**
 * True when some match of the namespaces occurs anywhere (outside background sentences if `reported`;
 * in `zones` when given). Background clauses count as reported here: a context word in "…, amid
 * tensions, rejected…" still sets the scene of the sentence.
 */
export function hasAny(a: Analysis, groups: readonly number[], reported: boolean, zones?: readonly Zone[]): boolean {
  for (const g of groups) {
    for (const h of hitsOf(a, g)) if ((!reported || !a.background[a.doc.tokenSentence[h.start]!]) && zoneOk(a, zones, h.start)) return true;
  }
  return false;
}
