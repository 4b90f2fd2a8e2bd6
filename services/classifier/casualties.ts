// Casualties of an article's main incident: the dead and injured as reported, with the split between
// security forces, civilians and militants when the text gives it. Background totals ("more than 500
// killed since 2021") and other incidents ("in a separate attack…") are left out; a toll that rose
// takes the latest figure; vague amounts ("dozens") give null with a flag, never a guess.
import { CASUALTY_CUES, SENTENCE_CUES, YEAR_LEAD, ZERO_INJURED, ZERO_KILLED } from './casualty-lexicon.ts';
import { mentionsInWords, wordsFromTokens, type CasualtyGroup, type CasualtyKind, type CasualtyMention } from './casualty-mentions.ts';
import { buildDoc, type Doc } from './document.ts';
import { compileMatcher, type MatchEntry } from './term-matcher.ts';
import { phraseTokens, wordAt } from './tokenize.ts';
import type { Casualties, CasualtyBreakdown } from './types.ts';

/** Sentences (by index) that carry each kind of cue, found by the matcher. */
export interface CasualtyCues {
  /** Sentences with a casualty word: the only ones read. */
  candidate: ReadonlySet<number>;
  background: ReadonlySet<number>;
  other: ReadonlySet<number>;
  superlative: ReadonlySet<number>;
  zero: ReadonlySet<number>;
}

/** The cue phrases per role, for the classifier's matcher. */
export const CASUALTY_CUE_PHRASES: Record<keyof CasualtyCues, readonly string[]> = {
  candidate: CASUALTY_CUES,
  ...SENTENCE_CUES,
};

interface Found extends CasualtyMention {
  sentence: number;
  title: boolean;
}

/** True when the sentence dates something to a past year ("since 2021", "in 2023"). */
function hasPastYear(doc: Doc, sentence: number, publishedYear: number | null): boolean {
  const s = doc.sentences[sentence]!;
  const t = doc.tokens;
  for (let k = s.firstToken + 1; k < s.endToken; k++) {
    const start = t.starts[k]!;
    const c = t.lower.charCodeAt(start);
    if (t.ends[k]! - start !== 4 || c < 49 || c > 50) continue;
    const year = Number(t.lower.slice(start, start + 4));
    const prev = wordAt(t, k - 1);
    if (YEAR_LEAD.has(prev) && (prev === 'since' || publishedYear === null || year < publishedYear)) return true;
  }
  return false;
}

function addTo(b: CasualtyBreakdown, group: CasualtyGroup, value: number): void {
  const key = group === 'others' ? 'unspecified' : group;
  b[key] = (b[key] ?? 0) + value;
}

/**
 * Combines the mentions of one kind into the main incident's figure: the first sentence that gives
 * one sets the figure (its groups summed, "including" counts kept as breakdown only); later sentences
 * add groups not yet counted (militants killed in the exchange, civilians also hurt); a toll that rose
 * replaces the figure.
 */
interface Combined {
  value: number | null;
  /** The figure of the first sentence alone, before later sentences added groups. */
  headValue: number | null;
  vague: boolean;
  breakdown?: CasualtyBreakdown;
  sentences: number[];
}

function combine(found: Found[]): Combined {
  const numeric = found.filter((f) => f.value !== null);
  if (numeric.length === 0) return { value: null, headValue: null, vague: found.length > 0, sentences: found.slice(0, 1).map((f) => f.sentence) };
  const first = numeric[0]!.sentence;
  const breakdown: CasualtyBreakdown = {};
  const sentences = new Set<number>([first]);
  const head = numeric.filter((f) => f.sentence === first);
  const whole = head.filter((f) => !f.including);
  for (const f of whole) addTo(breakdown, f.group, f.value!);
  let total = whole.reduce((s, f) => s + f.value!, 0);
  const headHasTotal = whole.some((f) => f.group === 'unspecified');
  if (whole.length === 0) {
    // Only "including" counts: take them as the figure.
    for (const f of head) addTo(breakdown, f.group, f.value!);
    total = head.reduce((s, f) => s + f.value!, 0);
  } else if (headHasTotal) {
    for (const f of head.filter((x) => x.including && x.group !== 'unspecified')) addTo(breakdown, f.group, f.value!);
    delete breakdown.unspecified;
    const parts = (breakdown.security ?? 0) + (breakdown.civilians ?? 0) + (breakdown.militants ?? 0);
    if (total > parts) breakdown.unspecified = total - parts;
  }
  const headValue = total;
  const counted = new Set(whole.map((f) => f.group));
  for (const f of numeric) {
    if (f.sentence === first || f.including || f.rose || f.group === 'unspecified') continue;
    if (counted.has(f.group) && !f.more) continue;
    // After a "people" total, later counts are its breakdown or a restatement.
    if (headHasTotal) continue;
    counted.add(f.group);
    addTo(breakdown, f.group, f.value!);
    total += f.value!;
    sentences.add(f.sentence);
  }
  const rose = numeric.filter((f) => f.rose);
  if (rose.length > 0) {
    const last = rose[rose.length - 1]!;
    sentences.add(last.sentence);
    return { value: last.value, headValue: last.value, vague: false, sentences: [...sentences] };
  }
  const groups = Object.keys(breakdown).length;
  return { value: total, headValue, vague: false, breakdown: groups > 0 ? breakdown : undefined, sentences: [...sentences] };
}

/** The figure of one kind: from the body's sentences, else the title's; a stated zero when nothing else. */
function pickFigure(list: Found[], isZero: boolean): Combined {
  const body = list.filter((f) => !f.title);
  const fromBody = combine(body.some((f) => f.value !== null) ? body : list);
  if (fromBody.value === null && isZero) return { ...fromBody, value: 0, vague: false };
  return fromBody;
}

/**
 * Reads the casualties of the main incident from a prepared Doc. `background[i]` marks sentence i as
 * background (set by the classifier's cue words); `cues` gives the sentences with casualty words and
 * with the casualty reader's own signs of background totals, other incidents and superlatives.
 */
export function extractCasualties(doc: Doc, background: readonly boolean[], cues: CasualtyCues, publishedYear: number | null = null): Casualties {
  const text = doc.tokens.text;
  const byKind: Record<CasualtyKind, Found[]> = { killed: [], injured: [] };
  const zero = { killed: false, injured: false };
  const earlier: CasualtyMention[] = [];
  let mainSeen = false;
  const ordered = [...cues.candidate].sort((x, y) => x - y);
  for (const i of ordered) {
    const s = doc.sentences[i]!;
    // "The bombing, the deadliest since 2023, killed 17": a superlative keeps a "since" in the news.
    const superlative = cues.superlative.has(i);
    if ((background[i] || cues.background.has(i) || hasPastYear(doc, i, publishedYear)) && !superlative) continue;
    // Another incident matters only once the main one has been seen.
    if (mainSeen && cues.other.has(i)) continue;
    if (cues.zero.has(i)) {
      const lower = doc.tokens.lower.slice(s.start, s.end);
      if (ZERO_KILLED.test(lower)) zero.killed = true;
      if (ZERO_INJURED.test(lower)) zero.injured = zero.killed = true;
    }
    const all = mentionsInWords(wordsFromTokens(doc.tokens, s.firstToken, s.endToken));
    const mentions = all.filter((m) => !m.earlier);
    // A later sentence restating the earlier event's figures ("Two FC soldiers were martyred…") is about it.
    if (mentions.some((m) => earlier.some((e) => e.kind === m.kind && e.value === m.value && e.group === m.group))) continue;
    earlier.push(...all.filter((m) => m.earlier));
    if (mentions.length === 0) continue;
    if (s.zone !== 'title') mainSeen = true;
    const title = s.zone === 'title';
    for (const m of mentions) {
      byKind[m.kind].push({ kind: m.kind, value: m.value, group: m.group, rose: m.rose, including: m.including, earlier: m.earlier, more: m.more, sentence: i, title });
    }
  }
  const killed = pickFigure(byKind.killed, zero.killed);
  const injured = pickFigure(byKind.injured, zero.injured);
  const result: Casualties = { killed: killed.value, injured: injured.value };
  if (killed.vague) result.killedVague = true;
  if (injured.vague) result.injuredVague = true;
  if (killed.breakdown) result.killedBreakdown = killed.breakdown;
  if (injured.breakdown) result.injuredBreakdown = injured.breakdown;
  const evidence = [...new Set([...killed.sentences, ...injured.sentences])].sort((a, b) => a - b);
  if (evidence.length > 0) {
    result.evidence = evidence.map((i) => text.slice(doc.sentences[i]!.start, doc.sentences[i]!.end).trim());
  }
  return result;
}

/** Finds the casualty cue sentences of a Doc with a small matcher of its own (for standalone use). */
function findCues(doc: Doc): CasualtyCues {
  const roles = Object.keys(CASUALTY_CUE_PHRASES) as Array<keyof CasualtyCues>;
  const entries: MatchEntry[] = [];
  roles.forEach((role, ns) => {
    for (const phrase of CASUALTY_CUE_PHRASES[role]) {
      const prefix = phrase.endsWith('*');
      entries.push({ tokens: phraseTokens(prefix ? phrase.slice(0, -1) : phrase), prefix, ns });
    }
  });
  const sets = roles.map(() => new Set<number>());
  for (const h of compileMatcher(entries).match(doc.tokens)) sets[h.ns]!.add(doc.tokenSentence[h.start]!);
  return { candidate: sets[0]!, background: sets[1]!, other: sets[2]!, superlative: sets[3]!, zero: sets[4]! };
}

/**
 * Reads the casualties of the main incident from a title and text, on their own (for tests and tools;
 * the classifier shares its single matcher instead).
 */
export function parseCasualties(title: string, text: string, publishedYear: number | null = null): Casualties {
  const doc = buildDoc(title, text);
  return extractCasualties(doc, doc.sentences.map(() => false), findCues(doc), publishedYear);
}
