// Finds the casualty counts of one sentence: each count, whether it is of dead or injured, whose
// (security forces, civilians, militants, or unsaid), and whether it is an update ("rose to 14"), a
// subset of another count ("including two children") or part of an earlier event ("hours after
// militants attacked a post, killing two soldiers").
import {
  CIVILIANS, CLAUSE_BREAKS, INJURE_AFTER, INJURE_BEFORE, KILL_AFTER, KILL_BEFORE, MILITANTS, NOT_PEOPLE, PEOPLE,
  QUALIFIERS, RANKS, ROSE, SECURITY, SINGULAR, TOTAL_WORDS,
} from './casualty-lexicon.ts';
import { readCount, type CountPhrase } from './number-words.ts';
import { wordAt, type Tokens } from './tokenize.ts';

/** Dead or injured. */
export type CasualtyKind = 'killed' | 'injured';
/** Whose casualties: "others" ("N others") adds to a figure but is never a total by itself. */
export type CasualtyGroup = 'security' | 'civilians' | 'militants' | 'unspecified' | 'others';

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
  /** In a clause about an earlier event ("…hours after militants attacked a post, killing two"). */
  earlier: boolean;
  /** "four more khwarij were neutralised": adds to a count already given for the same group. */
  more: boolean;
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

/** The count starting at each word of a sentence, read once (the rules below ask often). */
type CountsAt = Array<CountPhrase | null>;

function countsAt(words: string[]): CountsAt {
  return words.map((_, i) => readCount(words, i));
}

/** Nouns that, after a person noun, make the phrase a thing ("a passenger train", "a student hostel"). */
const NOT_PERSON_HEADS = new Set([
  'train', 'bus', 'van', 'vehicle', 'car', 'truck', 'coach', 'station', 'post', 'checkpost', 'convoy', 'camp', 'team',
  'compound', 'house', 'home', 'office', 'market', 'school', 'mosque', 'hostel', 'party', 'unit', 'centre', 'center',
  'colony', 'quarter', 'quarters', 'residence', 'bazaar', 'shop', 'motorcycle', 'rickshaw', 'jeep', 'mobile',
]);

const LIST_LINKS = new Set([',', 'and', 'as', 'well', 'including', 'plus']);
const POSSESSIVES = new Set(['a', 'an', 'his', 'her', 'their', 'another', 'its']);

/** Lower-cased word and punctuation tokens of a sentence ("1,200" stays one token). */
export function sentenceWords(sentence: string): string[] {
  return sentence.toLowerCase().match(/\d[\d,]*\d|\d|[a-z]+|[;:(),\-–—]/g) ?? [];
}

/** Punctuation kept as words, by character code. */
const PUNCTUATION = new Map<number, string>([';', ':', '(', ')', ',', '-', '–', '—'].map((ch) => [ch.charCodeAt(0), ch]));

/** The same words as `sentenceWords`, read from a tokenized text (tokens [first, end)) without regexes. */
export function wordsFromTokens(t: Tokens, first: number, end: number): string[] {
  const out: string[] = [];
  for (let k = first; k < end; k++) {
    const word = wordAt(t, k);
    if (k > first) {
      const gapStart = t.ends[k - 1]!;
      const gapEnd = t.starts[k]!;
      const prev = out[out.length - 1]!;
      // "1,200": digits joined by a comma with no space stay one number.
      if (gapEnd - gapStart === 1 && t.lower.charCodeAt(gapStart) === 44 && isDigits(prev) && isDigits(word)) {
        out[out.length - 1] = `${prev},${word}`;
        continue;
      }
      for (let g = gapStart; g < gapEnd; g++) {
        const c = t.lower.charCodeAt(g);
        if (c === 32) continue;
        const ch = PUNCTUATION.get(c);
        if (ch !== undefined) out.push(ch);
      }
    }
    out.push(word);
  }
  return out;
}

function isDigits(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57 && /^\d[\d,]*$/.test(w);
}

function isVerbWord(w: string): boolean {
  return KILL_AFTER.has(w) || INJURE_AFTER.has(w);
}

/**
 * Who a count is about, from the noun phrase right after it; 'none' when it is not people. A security
 * word anywhere in the phrase wins ("two Taliban border troops" are forces, "Taliban fighters" militants).
 */
function readGroup(words: string[], end: number): CasualtyGroup | 'none' | null {
  let found: CasualtyGroup | null = null;
  for (let t = end; t < Math.min(words.length, end + 5); t++) {
    const w = words[t]!;
    if (NOT_PEOPLE.has(w)) return found ?? (t === end || t === end + 1 ? 'none' : null);
    if (isVerbWord(w) || CLAUSE_BREAKS.has(w) || w === ',' || w === 'and' || w === 'were' || w === 'was' || w === 'of') break;
    if (SECURITY.has(w)) return 'security';
    if (!found && MILITANTS.has(w)) found = 'militants';
    else if (!found && CIVILIANS.has(w)) found = 'civilians';
    else if (!found && w === 'others') found = 'others';
    else if (!found && PEOPLE.has(w)) found = 'unspecified';
  }
  return found;
}

/** Verb after a count: "7 soldiers were martyred", "20 dead", "eight khwarij were sent to hell". */
function verbAfter(words: string[], t: number): CasualtyKind | null {
  const w = words[t]!;
  const next = words.slice(t + 1, t + 4);
  if (w === 'lost') return next.includes('lives') || next.includes('life') ? 'killed' : null;
  if (w === 'embraced') return next.includes('martyrdom') || next.includes('shahadat') ? 'killed' : null;
  if (w === 'sent') return next.includes('hell') ? 'killed' : null;
  if (w === 'paid') return next.includes('ultimate') || next.includes('supreme') ? 'killed' : null;
  if (w === 'gunned') return next[0] === 'down' ? 'killed' : null;
  if (w === 'sustained' || w === 'suffered' || w === 'received') {
    return next.some((x) => x.startsWith('injur') || x.startsWith('wound')) ? 'injured' : null;
  }
  if (KILL_AFTER.has(w)) return 'killed';
  if (INJURE_AFTER.has(w)) return 'injured';
  return null;
}

/** "a woman", "his nephew", "a Taliban border guard": one person, when a singular noun follows closely. */
function singularAt(words: string[], at: CountsAt, i: number): number | null {
  const w = words[i]!;
  // Cheap test first: looking a fresh word up in a set means hashing it.
  const c = w.charCodeAt(0);
  if (w.length > 7 || (c !== 97 && c !== 104 && c !== 116 && c !== 105) || !POSSESSIVES.has(w)) return null;
  if (w === 'another' && isVerbWord(words[i + 1] ?? '')) return i + 1;
  for (let t = i + 1, seen = 0; seen < 4 && t < words.length; t++, seen++) {
    const x = words[t]!;
    if (SINGULAR.has(x)) {
      // "a passenger train", "a police station": the noun only modifies a thing.
      if (x === 'bomber' || x === 'attacker' || NOT_PERSON_HEADS.has(words[t + 1] ?? '')) return null;
      return t + 1;
    }
    if (isVerbWord(x) || CLAUSE_BREAKS.has(x) || x === ',' || x === 'and' || x === 'of') return null;
    if (at[t]) {
      // "her seven-year-old son": an age is part of the noun phrase.
      if (words[t + 1] === '-' && (words[t + 2] === 'year' || words[t + 2] === 'years')) {
        t += 4;
        continue;
      }
      return null;
    }
  }
  return null;
}

const SPEECH = new Set(['said', 'says', 'told', 'added', 'stated', 'explained', 'noted']);

/** "…, a Taliban official said": the count names who is speaking, not a casualty. */
function isSpeaker(words: string[], end: number): boolean {
  for (let t = end; t < Math.min(words.length, end + 4); t++) {
    const w = words[t]!;
    if (SPEECH.has(w)) return true;
    if (isVerbWord(w) || w === ',' || w === 'and') return false;
  }
  return false;
}

function findCounts(words: string[], at: CountsAt): Count[] {
  const counts: Count[] = [];
  for (let i = 0; i < words.length; i++) {
    let c = at[i] ?? null;
    if (!c && singularAt(words, at, i) !== null) c = { value: 1, vague: false, start: i, end: i + 1 };
    if (!c) continue;
    const prev = words[i - 1];
    if (prev === 'aged' || prev === 'age' || prev === 'no' || prev === 'number' || (prev === 'of' && words[i - 2] === 'one')) continue;
    if (c.value !== null && c.value >= 1900 && c.value <= 2100 && /^\d{4}$/.test(words[c.start]!)) continue;
    const group = readGroup(words, c.end);
    if (group === 'none' || isSpeaker(words, c.end)) {
      i = c.end - 1;
      continue;
    }
    counts.push({ value: c.value, start: c.start, end: c.end, group, kind: null, viaBefore: false, rose: false, including: false });
    i = c.end - 1;
  }
  return counts;
}

/** A lone rank or person before "embraced shahadat" / "was martyred" (ISPR: "Sepoy X, 24, … embraced shahadat"). */
function rankSingular(words: string[], at: CountsAt): Count | null {
  for (let i = 0; i < words.length; i++) {
    // ISPR's "a brave son of soil … embraced shahadat" is one soldier
    const sonOfSoil = words[i] === 'son' && words[i + 1] === 'of' && words[i + 2] === 'soil';
    if ((!RANKS.has(words[i]!) && !sonOfSoil) || (at[i - 1]?.value ?? 1) > 1 || words[i - 1] === 'the') continue;
    for (let t = i + 1; t < Math.min(words.length, i + 25); t++) {
      const x = words[t]!;
      if (x === 'embraced' || x === 'martyred') {
        return verbAfter(words, t) === 'killed' ? { value: 1, start: i, end: i + 1, group: 'security', kind: 'killed', viaBefore: false, rose: false, including: false } : null;
      }
      if (x === ';' || (at[t]?.value && words[t - 1] !== 'aged' && words[t - 1] !== 'age')) break;
    }
  }
  return null;
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
  if (w === 'including' || w === 'included' || w === 'include' || (w === 'among' && skipped <= 2) || (w === 'them' && words[j - 1] === 'among')) {
    c.including = true;
    return;
  }
  if (ROSE.has(w) || (w === 'at' && (words[j - 1] === 'stood' || words[j - 1] === 'stands'))) {
    // "the death toll in the suicide attack on a convoy near Mir Ali in North Waziristan rose to eight"
    for (let k = j - 1; k >= Math.max(0, j - 25); k--) {
      const x = words[k]!;
      if (TOTAL_WORDS.has(x)) {
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
  if (w === 'toll' || ((w === 'is' || w === 'was') && words[j - 1] === 'toll')) {
    Object.assign(c, { kind: 'killed', viaBefore: true });
    return;
  }
  if ((KILL_BEFORE.has(w) && w !== 'claimed') || (w === 'claimed' && words[c.start - 1] === 'of')) {
    Object.assign(c, { kind: 'killed', viaBefore: true });
  } else if (INJURE_BEFORE.has(w)) {
    Object.assign(c, { kind: 'injured', viaBefore: true });
  } else if ((w === 'and' || w === ',') && prev && c.start - prev.end <= 5) {
    // A list continues the previous count: "killing 7 soldiers and 3 civilians", "including two … and a soldier".
    if (prev.viaBefore) Object.assign(c, { kind: prev.kind, viaBefore: true, rose: prev.rose });
    if (prev.including) c.including = true;
  }
}

/** Kind from the words after a count, or from the next count of a list ("20 troops, 3 civilians dead"). */
function readAfter(words: string[], counts: Count[], k: number): void {
  const c = counts[k]!;
  const next = counts[k + 1];
  // ISPR clauses run long: "two brave soldiers, having fought gallantly, paid the ultimate sacrifice"
  const limit = Math.min(words.length, c.end + 14);
  for (let t = c.end; t < limit; t++) {
    if (next && t === next.start) {
      const between = words.slice(c.end, next.start);
      if (between.length <= 6 && between.some((x) => LIST_LINKS.has(x)) && next.kind) c.kind = next.kind;
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

const BLAME = new Set(['wanted', 'responsible', 'involved', 'accused', 'blamed', 'behind', 'convicted', 'masterminded']);

/** "…wanted for the killing of two policemen": a count of someone's past crimes, not of this incident. */
function blamedFor(words: string[], start: number): boolean {
  for (let j = start - 1; j >= Math.max(0, start - 6); j--) if (BLAME.has(words[j]!)) return true;
  return false;
}

function isSonOfSoil(words: string[], start: number): boolean {
  const i = words.indexOf('son', start);
  return i >= 0 && i <= start + 3 && words[i + 1] === 'of' && words[i + 2] === 'soil';
}

/** The casualty counts in one sentence, in order. */
export function findCasualtyMentions(sentence: string): CasualtyMention[] {
  return mentionsInWords(sentenceWords(sentence));
}

/** The casualty counts in sentence words (see `sentenceWords`, `wordsFromTokens`). */
export function mentionsInWords(words: string[]): CasualtyMention[] {
  const at = countsAt(words);
  const counts = findCounts(words, at);
  counts.forEach((c, k) => readBefore(words, c, counts[k - 1]));
  for (let k = counts.length - 1; k >= 0; k--) if (!counts[k]!.kind) readAfter(words, counts, k);
  // A subset ("including two children") takes its kind from the count it belongs to.
  counts.forEach((c, k) => {
    if (c.including && !c.kind) c.kind = counts.slice(0, k).reverse().find((p) => p.kind)?.kind ?? null;
  });
  const found = counts.filter((c) => c.kind !== null);
  if (!found.some((c) => c.kind === 'killed')) {
    const rank = rankSingular(words, at);
    if (rank) found.push(rank);
  }
  // Counts after "after"/"since" belong to an earlier event when the sentence reported one before it.
  let cut = -1;
  if (found.length > 0) {
    const firstEnd = Math.min(...found.map((c) => c.end));
    for (let i = firstEnd; i < words.length; i++) {
      if (words[i] === 'after' || words[i] === 'since') {
        cut = i;
        break;
      }
    }
  }
  return found.map((c) => ({
    kind: c.kind!,
    value: c.value,
    group: c.group ?? (isSonOfSoil(words, c.start) ? 'security' : 'unspecified'),
    rose: c.rose,
    including: c.including,
    earlier: (cut >= 0 && c.start > cut) || blamedFor(words, c.start),
    more: words[c.end] === 'more' || words[c.start - 1] === 'another',
  }));
}
