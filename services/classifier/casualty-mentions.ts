// Finds the casualty counts of one sentence: each count, whether it is of dead or injured, whose
// (security forces, civilians, militants, or unsaid), and whether it is an update ("rose to 14") or a
// subset of another count ("including two children").
import {
  CIVILIANS, CLAUSE_BREAKS, INJURE_AFTER, INJURE_BEFORE, KILL_AFTER, KILL_BEFORE, MILITANTS, NOT_PEOPLE, PEOPLE,
  QUALIFIERS, ROSE, SECURITY,
} from './casualty-lexicon.ts';
import { readCount } from './number-words.ts';

export type CasualtyKind = 'killed' | 'injured';
export type CasualtyGroup = 'security' | 'civilians' | 'militants' | 'unspecified';

/** One count of dead or injured found in a sentence. */
export interface CasualtyMention {
  kind: CasualtyKind;
  /** Null for a vague amount. */
  value: number | null;
  group: CasualtyGroup;
  /** "the toll rose to 14": an update that supersedes earlier totals. */
  rose: boolean;
  /** "including two children": part of another count in the same sentence. */
  including: boolean;
}

interface Count {
  value: number | null;
  start: number;
  end: number;
  group: CasualtyGroup | null;
  kind: CasualtyKind | null;
  viaBefore: boolean;
  rose: boolean;
  including: boolean;
}

const SINGULAR = new Set([
  'soldier', 'policeman', 'civilian', 'child', 'woman', 'officer', 'constable', 'cop', 'militant', 'terrorist',
  'student', 'worker', 'sepoy', 'guard', 'major', 'captain', 'lieutenant', 'passerby', 'passer', 'man', 'boy',
  'girl', 'jawan', 'khariji', 'kharji', 'trader', 'shopkeeper', 'driver', 'teacher', 'commander', 'person',
]);
const LIST_LINKS = new Set([',', 'and', 'as', 'well', 'including', 'plus']);
const AFTER_COUNT_SKIP = new Set(['-', 'more', 'other', 'of', 'the', 'their', 'its', 'pakistani', 'afghan', 'local']);

/** Lower-cased word and punctuation tokens of a sentence ("1,200" stays one token). */
export function sentenceWords(sentence: string): string[] {
  return sentence.toLowerCase().match(/\d[\d,]*\d|\d|[a-z]+|[;:(),\-–]/g) ?? [];
}

function groupOf(w: string): CasualtyGroup | null {
  if (MILITANTS.has(w)) return 'militants';
  if (SECURITY.has(w)) return 'security';
  if (CIVILIANS.has(w)) return 'civilians';
  if (PEOPLE.has(w)) return 'unspecified';
  return null;
}

function isVerbWord(w: string): boolean {
  return KILL_AFTER.has(w) || INJURE_AFTER.has(w);
}

/** Who a count is about, from the words right after it; 'none' when they show it is not people. */
function readGroup(words: string[], end: number): CasualtyGroup | 'none' | null {
  for (let t = end; t < Math.min(words.length, end + 5); t++) {
    const w = words[t]!;
    if (NOT_PEOPLE.has(w)) return t === end || AFTER_COUNT_SKIP.has(words[t - 1]!) ? 'none' : null;
    const g = groupOf(w);
    if (g) return g;
    if (isVerbWord(w) || CLAUSE_BREAKS.has(w) || w === ',' || w === 'and' || w === 'were' || w === 'was') return null;
  }
  return null;
}

/** Verb after a count: "7 soldiers were martyred", "20 dead", "eight khwarij were sent to hell". */
function verbAfter(words: string[], t: number): CasualtyKind | null {
  const w = words[t]!;
  const next = words.slice(t + 1, t + 4);
  if (w === 'lost') return next.includes('lives') || next.includes('life') ? 'killed' : null;
  if (w === 'embraced') return next.includes('martyrdom') || next.includes('shahadat') ? 'killed' : null;
  if (w === 'sent') return next.includes('hell') ? 'killed' : null;
  if (w === 'gunned') return next[0] === 'down' ? 'killed' : null;
  if (w === 'sustained') return next.some((x) => x.startsWith('injur') || x.startsWith('wound')) ? 'injured' : null;
  if (KILL_AFTER.has(w)) return 'killed';
  if (INJURE_AFTER.has(w)) return 'injured';
  return null;
}

function findCounts(words: string[]): Count[] {
  const counts: Count[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let c = readCount(words, i);
    if (!c && (w === 'a' || w === 'an') && SINGULAR.has(words[i + 1] ?? '') ) c = { value: 1, vague: false, start: i, end: i + 1 };
    if (!c && (w === 'a' || w === 'an') && SINGULAR.has(words[i + 2] ?? '') && !['suicide', 'bomber'].includes(words[i + 1]!)) {
      c = { value: 1, vague: false, start: i, end: i + 1 };
    }
    if (!c) continue;
    const prev = words[i - 1];
    if (prev === 'aged' || prev === 'age' || prev === 'no' || prev === 'number' || prev === 'of' && words[i - 2] === 'one') continue;
    if (c.value !== null && c.value >= 1900 && c.value <= 2100 && /^\d{4}$/.test(words[c.start]!)) continue;
    const group = readGroup(words, c.end);
    if (group === 'none') {
      i = c.end - 1;
      continue;
    }
    counts.push({ value: c.value, start: c.start, end: c.end, group, kind: null, viaBefore: false, rose: false, including: false });
    i = c.end - 1;
  }
  return counts;
}

/** Kind from the words before a count: "killing at least 12", "toll rose to 14", "including two". */
function readBefore(words: string[], c: Count, prev: Count | undefined): void {
  let j = c.start - 1;
  let skipped = 0;
  while (j >= 0 && QUALIFIERS.has(words[j]!) && skipped < 5) {
    j--;
    skipped++;
  }
  const w = words[j];
  if (w === undefined) return;
  if (w === 'including' || (w === 'among' && skipped <= 2) || (w === 'them' && words[j - 1] === 'among')) {
    c.including = true;
    return;
  }
  if (ROSE.has(w) || (w === 'at' && (words[j - 1] === 'stood' || words[j - 1] === 'stands'))) {
    for (let k = j - 1; k >= Math.max(0, j - 6); k--) {
      const x = words[k]!;
      if (x === 'toll' || x === 'dead' || x === 'deaths' || x === 'killed' || x === 'fatalities') {
        Object.assign(c, { kind: 'killed', rose: true, viaBefore: true });
        return;
      }
      if (x === 'injured' || x === 'wounded' || x === 'injuries') {
        Object.assign(c, { kind: 'injured', rose: true, viaBefore: true });
        return;
      }
    }
    return;
  }
  if (w === 'toll' || (w === 'is' || w === 'was') && words[j - 1] === 'toll') {
    Object.assign(c, { kind: 'killed', viaBefore: true });
    return;
  }
  if (KILL_BEFORE.has(w) && w !== 'claimed' || (w === 'claimed' && words[c.start - 1] === 'of')) {
    Object.assign(c, { kind: 'killed', viaBefore: true });
  } else if (INJURE_BEFORE.has(w)) {
    Object.assign(c, { kind: 'injured', viaBefore: true });
  } else if ((w === 'and' || w === ',') && prev?.viaBefore && c.start - prev.end <= 5) {
    Object.assign(c, { kind: prev.kind, viaBefore: true, rose: prev.rose });
  }
}

/** Kind from the words after a count, or from the next count of a list ("20 troops, 3 civilians dead"). */
function readAfter(words: string[], counts: Count[], k: number): void {
  const c = counts[k]!;
  const next = counts[k + 1];
  const limit = Math.min(words.length, c.end + 10);
  for (let t = c.end; t < limit; t++) {
    if (next && t === next.start) {
      const between = words.slice(c.end, next.start);
      const linked = between.length <= 6 && between.some((x) => LIST_LINKS.has(x)) &&
        between.every((x) => LIST_LINKS.has(x) || groupOf(x) !== null || AFTER_COUNT_SKIP.has(x) || !isVerbWord(x));
      if (linked && next.kind) {
        c.kind = next.kind;
        if (next.including) c.group ??= 'unspecified';
      }
      return;
    }
    const w = words[t]!;
    if (CLAUSE_BREAKS.has(w)) return;
    const kind = verbAfter(words, t);
    if (kind) {
      c.kind = kind;
      return;
    }
  }
}

/** The casualty counts in one sentence, in order. */
export function findCasualtyMentions(sentence: string): CasualtyMention[] {
  const words = sentenceWords(sentence);
  const counts = findCounts(words);
  counts.forEach((c, k) => readBefore(words, c, counts[k - 1]));
  for (let k = counts.length - 1; k >= 0; k--) if (!counts[k]!.kind) readAfter(words, counts, k);
  // A subset ("including two children") takes its kind from the count it belongs to.
  counts.forEach((c, k) => {
    if (c.including && !c.kind) c.kind = counts.slice(0, k).reverse().find((p) => p.kind)?.kind ?? null;
  });
  return counts
    .filter((c) => c.kind !== null)
    .map((c) => ({ kind: c.kind!, value: c.value, group: c.group ?? 'unspecified', rose: c.rose, including: c.including }));
}
