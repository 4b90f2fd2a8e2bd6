// Casualties of an article's main incident: the dead and injured as reported, with the split between
// security forces, civilians and militants when the text gives it. Background totals ("more than 500
// killed since 2021") and other incidents ("in a separate attack…") are left out; a toll that rose
// takes the latest figure; vague amounts ("dozens") give null with a flag, never a guess.
import { BACKGROUND_SENTENCE, OTHER_INCIDENT, SUPERLATIVE_SINCE } from './casualty-lexicon.ts';
import { findCasualtyMentions, type CasualtyKind, type CasualtyMention } from './casualty-mentions.ts';
import { buildDoc, type Doc } from './document.ts';
import type { Casualties, CasualtyBreakdown } from './types.ts';

const CANDIDATE = /kill|dead|die|death|martyr|shahadat|injur|wound|hurt|lives|hell|neutrali|eliminat|perish|toll|slain|gunned|fatalit|casualt|murder|behead/;

interface Found extends CasualtyMention {
  sentence: number;
  title: boolean;
}

/** Whether a sentence reads as background or as another incident, by its own words. */
function sentenceRole(lower: string): 'background' | 'other' | 'main' {
  if (BACKGROUND_SENTENCE.test(lower) && !SUPERLATIVE_SINCE.test(lower)) return 'background';
  if (OTHER_INCIDENT.test(lower)) return 'other';
  return 'main';
}

function addTo(b: CasualtyBreakdown, group: keyof CasualtyBreakdown, value: number): void {
  b[group] = (b[group] ?? 0) + value;
}

/**
 * Combines the mentions of one kind into the main incident's figure: the first sentence that gives
 * one sets the figure (its groups summed, "including" counts kept as breakdown only); later sentences
 * add groups not yet counted (militants killed in the exchange, civilians also hurt); a toll that rose
 * replaces the figure.
 */
function combine(found: Found[]): { value: number | null; vague: boolean; breakdown?: CasualtyBreakdown; sentences: number[] } {
  const numeric = found.filter((f) => f.value !== null);
  if (numeric.length === 0) return { value: null, vague: found.length > 0, sentences: found.slice(0, 1).map((f) => f.sentence) };
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
  const counted = new Set(whole.map((f) => f.group));
  for (const f of numeric) {
    if (f.sentence === first || f.including || f.rose || counted.has(f.group) || f.group === 'unspecified') continue;
    // A later count of security forces or civilians after a "people" total is its breakdown.
    if (headHasTotal && f.group !== 'militants') continue;
    counted.add(f.group);
    addTo(breakdown, f.group, f.value!);
    total += f.value!;
    sentences.add(f.sentence);
  }
  const rose = numeric.filter((f) => f.rose);
  if (rose.length > 0) {
    const last = rose[rose.length - 1]!;
    sentences.add(last.sentence);
    return { value: last.value, vague: false, sentences: [...sentences] };
  }
  const groups = Object.keys(breakdown).length;
  return { value: total, vague: false, breakdown: groups > 0 ? breakdown : undefined, sentences: [...sentences] };
}

/**
 * Reads the casualties of the main incident from a prepared Doc. `background[i]` marks sentence i as
 * background (set by the classifier's cue words); sentences are also checked for their own signs of
 * background totals and of other incidents.
 */
export function extractCasualties(doc: Doc, background?: readonly boolean[]): Casualties {
  const text = doc.tokens.text;
  const byKind: Record<CasualtyKind, Found[]> = { killed: [], injured: [] };
  let mainSeen = false;
  doc.sentences.forEach((s, i) => {
    const sentence = text.slice(s.start, s.end);
    const lower = sentence.toLowerCase();
    if (!CANDIDATE.test(lower)) return;
    if (background?.[i] && !SUPERLATIVE_SINCE.test(lower)) return;
    const role = sentenceRole(lower);
    if (role === 'background') return;
    if (role === 'other' && mainSeen) return;
    const mentions = findCasualtyMentions(sentence);
    if (mentions.length === 0) return;
    if (s.zone !== 'title') mainSeen = true;
    for (const m of mentions) byKind[m.kind].push({ ...m, sentence: i, title: s.zone === 'title' });
  });
  const pick = (list: Found[]) => {
    const body = list.filter((f) => !f.title);
    return combine(body.some((f) => f.value !== null) ? body : list);
  };
  const killed = pick(byKind.killed);
  const injured = pick(byKind.injured);
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

/** Reads the casualties of the main incident from a title and text (convenience for tests and tools). */
export function parseCasualties(title: string, text: string): Casualties {
  return extractCasualties(buildDoc(title, text));
}
