// Casualties of an article's main incident: the dead and injured as reported, with the split between
// security forces, civilians and militants when the text gives it. Background totals ("more than 500
// killed since 2021") and other incidents ("in a separate attack…") are left out; a toll that rose
// takes the latest figure; vague amounts ("dozens") give null with a flag, never a guess.
import { CASUALTY_CUES, SENTENCE_CUES, YEAR_LEAD, ZERO_INJURED, ZERO_KILLED } from './casualty-lexicon.ts';
import { mentionsInWords, type CasualtyGroup, type CasualtyKind, type CasualtyMention } from './casualty-mentions.ts';
import { wordsFromTokens } from './casualty-words.ts';
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

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const NO_DAYS: string[] = [];

function weekdaysIn(words: string[]): string[] {
  let out: string[] | null = null;
  for (const w of words) {
    const n = w.length;
    // cheap test first: "…day"
    if (n >= 6 && w.charCodeAt(n - 1) === 121 && w.charCodeAt(n - 2) === 97 && w.charCodeAt(n - 3) === 100 && WEEKDAYS.includes(w)) {
      (out ??= []).push(w);
    }
  }
  return out ?? NO_DAYS;
}

/** True when a mention repeats a figure of an earlier event (same kind, value and group). */
function restates(mentions: CasualtyMention[], earlier: CasualtyMention[]): boolean {
  for (const m of mentions) for (const e of earlier) if (e.kind === m.kind && e.value === m.value && e.group === m.group) return true;
  return false;
}

/** True when `days` names weekdays and none of them is one of `mainDays`. */
function otherDay(days: string[], mainDays: string[]): boolean {
  if (days.length === 0) return false;
  for (const d of days) if (mainDays.includes(d)) return false;
  return true;
}

/** True when a mention updates or adds to the main figures ("rose to 14", "two more died", "…were also killed"). */
function updates(mentions: CasualtyMention[]): boolean {
  for (const m of mentions) if (m.rose || m.more || m.also) return true;
  return false;
}

const INCIDENT_NOUNS = ['attack', 'blast', 'bombing', 'explosion', 'assault', 'ambush', 'raid', 'operation', 'clash', 'clashes', 'strike', 'strikes', 'firing', 'shelling', 'incident'];

/** "during the attack on Monday night": a definite reference to the incident already reported. */
function namesTheIncident(words: string[]): boolean {
  for (let i = 1; i < words.length; i++) if (words[i - 1] === 'the' && INCIDENT_NOUNS.includes(words[i]!)) return true;
  return false;
}

/**
 * The words of tokens [first, end), leaving out background clauses ("…, days after a blast killed
 * nine"); the words of those clauses are added to `clauseWords`.
 */
function reportedWords(doc: Doc, first: number, end: number, clauses: readonly number[], clauseWords: string[][]): string[] {
  let words: string[] | null = null;
  let from = first;
  for (let k = 0; k < clauses.length; k += 2) {
    const cs = Math.max(clauses[k]!, from);
    const ce = Math.min(clauses[k + 1]!, end);
    if (ce <= cs) continue;
    words ??= [];
    if (cs > from) words.push(...wordsFromTokens(doc.tokens, from, cs), ';');
    clauseWords.push(wordsFromTokens(doc.tokens, cs, ce));
    from = ce;
  }
  if (words === null) return wordsFromTokens(doc.tokens, first, end);
  if (from < end) words.push(...wordsFromTokens(doc.tokens, from, end));
  return words;
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
  // "killing five of them … Five of the militants were killed": the same figure again, now with its group.
  const headUnsaid = head.every((f) => f.group === 'unspecified');
  const counted = new Set(whole.map((f) => f.group));
  // Per group, the sides of the border already counted (undefined when not said).
  const sides: Array<[CasualtyGroup, string | undefined]> = whole.map((f) => [f.group, f.side]);
  for (const f of numeric) {
    if (f.sentence === first || f.including || f.rose) continue;
    // "a passer-by was also killed", "three other people were also killed": said to add to the figure.
    if (!f.also) {
      if (f.group === 'unspecified' || (headUnsaid && f.value === headValue)) continue;
      // Figures from the other side of the border ("four Afghan border guards") add to the same group.
      const otherSide = f.side !== undefined && !sides.some(([g, side]) => g === f.group && side === f.side);
      if (counted.has(f.group) && !f.more && !otherSide) continue;
      // After a "people" total, later counts are its breakdown or a restatement.
      if (headHasTotal) continue;
    }
    counted.add(f.group);
    sides.push([f.group, f.side]);
    addTo(breakdown, f.group, f.value!);
    total += f.value!;
    sentences.add(f.sentence);
  }
  const rose = numeric.filter((f) => f.rose);
  if (rose.length > 0) {
    const last = rose[rose.length - 1]!;
    sentences.add(last.sentence);
    return { value: risenValue(rose, breakdown), headValue: last.value, vague: false, sentences: [...sentences] };
  }
  const groups = Object.keys(breakdown).length;
  return { value: total, headValue, vague: false, breakdown: groups > 0 ? breakdown : undefined, sentences: [...sentences] };
}

const GROUPS = ['security', 'civilians', 'militants'] as const;

/**
 * The figure after a rise: the latest total, or, when the rises are of one group each ("the number of
 * policemen martyred rose to five", "…khwarij killed to twenty one"), the latest figure of each group
 * plus the groups that did not rise.
 */
function risenValue(rose: Found[], breakdown: CasualtyBreakdown): number {
  const last = rose[rose.length - 1]!;
  if (last.group !== 'security' && last.group !== 'civilians' && last.group !== 'militants') return last.value!;
  const latest = new Map<CasualtyGroup, number>();
  for (const f of rose) if (f.group === 'security' || f.group === 'civilians' || f.group === 'militants') latest.set(f.group, f.value!);
  let value = 0;
  for (const g of GROUPS) value += latest.get(g) ?? breakdown[g] ?? 0;
  return value;
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
export function extractCasualties(
  doc: Doc, background: readonly boolean[], cues: CasualtyCues, publishedYear: number | null = null, clauses: readonly number[] = [],
): Casualties {
  const text = doc.tokens.text;
  const byKind: Record<CasualtyKind, Found[]> = { killed: [], injured: [] };
  const zero = { killed: false, injured: false };
  const earlier: CasualtyMention[] = [];
  let mainSeen = false;
  // Weekdays named in the main incident's first sentence ("on Tuesday"): a later sentence about another
  // day ("On Sunday, a roadside bomb killed two") reports another incident.
  let mainDays: string[] = [];
  const ordered = [...cues.candidate].sort((x, y) => x - y);
  for (const i of ordered) {
    const s = doc.sentences[i]!;
    // "The bombing, the deadliest since 2023, killed 17": a superlative keeps a "since" in the news.
    const superlative = cues.superlative.has(i);
    // The classifier's background cues ("had", "amid", "recent"…) do not overrule a lead sentence that reports a toll.
    const recap = (background[i] && (mainSeen || s.zone !== 'lead')) || cues.background.has(i) || hasPastYear(doc, i, publishedYear);
    if (recap && !superlative) continue;
    // Another incident matters only once the main one has been seen.
    if (mainSeen && cues.other.has(i)) continue;
    if (cues.zero.has(i)) {
      const lower = doc.tokens.lower.slice(s.start, s.end);
      if (ZERO_KILLED.test(lower)) zero.killed = true;
      if (ZERO_INJURED.test(lower)) zero.injured = zero.killed = true;
    }
    const clauseWords: string[][] | null = clauses.length > 0 ? [] : null;
    const words = clauseWords ? reportedWords(doc, s.firstToken, s.endToken, clauses, clauseWords) : wordsFromTokens(doc.tokens, s.firstToken, s.endToken);
    const all = mentionsInWords(words);
    // A toll update stays news even inside such a clause ("the toll from last week's bombing rose to 30").
    if (clauseWords) {
      for (const cw of clauseWords) {
        for (const m of mentionsInWords(cw)) {
          m.earlier = !m.rose;
          all.push(m);
        }
      }
    }
    const mentions: CasualtyMention[] = [];
    for (const m of all) if (!m.earlier) mentions.push(m);
    // A later sentence restating the earlier event's figures ("Two FC soldiers were martyred…") is about it.
    if (earlier.length > 0 && restates(mentions, earlier)) continue;
    for (const m of all) if (m.earlier) earlier.push(m);
    if (mentions.length === 0) continue;
    if (mainDays.length > 0 && otherDay(weekdaysIn(words), mainDays) && !updates(mentions) && !namesTheIncident(words)) {
      earlier.push(...mentions);
      continue;
    }
    if (s.zone !== 'title') {
      if (!mainSeen) mainDays = weekdaysIn(words);
      mainSeen = true;
    }
    const title = s.zone === 'title';
    for (const m of mentions) {
      byKind[m.kind].push({
        kind: m.kind, value: m.value, group: m.group, rose: m.rose, including: m.including, earlier: m.earlier, more: m.more,
        also: m.also, side: m.side, sentence: i, title,
      });
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
