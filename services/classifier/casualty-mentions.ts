// Finds the casualty counts of one sentence: each count, whether it is of dead or injured, whose
// (security forces, civilians, militants, or unsaid), and whether it is an update ("rose to 14"), a
// subset of another count ("including two children") or part of an earlier event ("hours after
// militants attacked a post, killing two soldiers").
import {
  alsoAfter, blamedFor, isSonOfSoil, isVerbWord, otherFateAt, partOfAt, sideOf, succumbsLater,
} from './casualty-context.ts';
import {
  CIVILIANS, CLAUSE_BREAKS, INJURE_AFTER, INJURE_BEFORE, KILL_AFTER, KILL_BEFORE, MILITANTS, NOT_PEOPLE, PEOPLE, QUALIFIERS, RANKS,
  ROSE, SECURITY, SINGULAR, TOTAL_WORDS,
} from './casualty-lexicon.ts';
import { sentenceWords } from './casualty-words.ts';
import { isCountWord, readCount, type CountPhrase } from './number-words.ts';

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
  /** "a passer-by was also killed": adds to the figures given before, whoever they were. */
  also: boolean;
  /** "four Afghan border guards", "two Pakistani soldiers": which side of the border, when said. */
  side?: 'afghan' | 'pakistani';
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
  const out: CountsAt = new Array<CountPhrase | null>(words.length);
  for (let i = 0; i < words.length; i++) out[i] = readCount(words, i);
  return out;
}

/** "a", "an", "his", "her", "their", "another", "its" (compared in place: hashing a fresh word costs more). */
function isPossessive(w: string): boolean {
  return w === 'a' || w === 'his' || w === 'her' || w === 'an' || w === 'their' || w === 'another' || w === 'its';
}

/** Nouns that, after a person noun, make the phrase a thing ("a passenger train", "a student hostel"). */
const NOT_PERSON_HEADS = new Set([
  'train', 'bus', 'van', 'vehicle', 'car', 'truck', 'coach', 'station', 'post', 'checkpost', 'convoy', 'camp', 'team',
  'compound', 'house', 'home', 'office', 'market', 'school', 'mosque', 'hostel', 'party', 'unit', 'centre', 'center',
  'colony', 'quarter', 'quarters', 'residence', 'bazaar', 'shop', 'motorcycle', 'rickshaw', 'jeep', 'mobile',
  'hideout', 'hideouts', 'base', 'stronghold', 'group', 'faction', 'outfit', 'network', 'cell', 'organisation',
  'organization', 'movement', 'position', 'positions', 'sanctuary', 'sanctuaries', 'attack', 'attacks', 'presence',
]);

const ORDINALS = new Set(['second', 'third', 'fourth', 'fifth', 'sixth']);
const LIST_LINKS = new Set([',', 'and', 'as', 'well', 'including', 'plus']);

/**
 * Who a count is about, from the noun phrase right after it; 'none' when it is not people. A security
 * word anywhere in the phrase wins ("two Taliban border troops" are forces, "Taliban fighters" militants).
 */
function readGroup(words: string[], end: number): CasualtyGroup | 'none' | null {
  let found: CasualtyGroup | null = null;
  // "two of his guards", "two of the attackers": the noun follows
  if (words[end] === 'of' && (words[end + 1] === 'his' || words[end + 1] === 'her' || words[end + 1] === 'their' || words[end + 1] === 'the')) end += 2;
  for (let t = end; t < Math.min(words.length, end + 5); t++) {
    const w = words[t]!;
    // "her seven-year-old son": an age inside the noun phrase
    if (words[t + 1] === '-' && (words[t + 2] === 'year' || words[t + 2] === 'years') && isCountWord(w)) {
      t += 3;
      continue;
    }
    if (NOT_PEOPLE.has(w)) return found ?? (t <= end + 3 ? 'none' : null);
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
  // "six other people were in hospital", "were taken to hospital"
  if ((w === 'hospital' || w === 'hospitals') && (words[t - 1] === 'in' || words[t - 1] === 'to')) return 'injured';
  return null;
}

/** "a woman", "his nephew", "a Taliban border guard": one person, when a singular noun follows closely. */
function singularAt(words: string[], at: CountsAt, i: number): number | null {
  const w = words[i]!;
  // Cheap test first: looking a fresh word up in a set means hashing it.
  const c = w.charCodeAt(0);
  if (w.length > 7 || (c !== 97 && c !== 104 && c !== 116 && c !== 105) || !isPossessive(w)) return null;
  // "a third was arrested in injured condition", "a fourth died in hospital"
  if (w === 'a' && ORDINALS.has(words[i + 1] ?? '') && (words[i + 2] === 'was' || isVerbWord(words[i + 2] ?? ''))) return i + 2;
  // "another was injured", "another wounded"
  if (w === 'another') {
    const next = words[i + 1] ?? '';
    if (isVerbWord(next) || ((next === 'was' || next === 'is') && isVerbWord(words[i + 2] ?? ''))) return i + 1;
  }
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

function hasWordBetween(words: string[], word: string, from: number, to: number): boolean {
  for (let t = from; t < to; t++) if (words[t] === word) return true;
  return false;
}

/** "He died on the spot", "she was killed": one person named before. */
function pronounAt(words: string[], i: number): boolean {
  const w = words[i]!;
  if (w !== 'he' && w !== 'she') return false;
  const next = words[i + 1];
  return next === 'died' || next === 'succumbed' || (next === 'was' && KILL_AFTER.has(words[i + 2] ?? ''));
}

/** A count that is not of people hurt: "aged 24", "No. 3", "one of", "Rescue 1122", "numbering around 20". */
function notACasualtyCount(words: string[], i: number): boolean {
  const prev = words[i - 1];
  if (prev === 'aged' || prev === 'age' || prev === 'no' || prev === 'number' || prev === 'rescue' ||
    (prev === 'of' && words[i - 2] === 'one')) return true;
  let q = i - 1;
  while (q > 0 && q > i - 4 && QUALIFIERS.has(words[q]!)) q--;
  return words[q] === 'numbering' || words[q] === 'aged';
}

/** Cheap test: only "a", "an", "his", "her", "their", "another", "its", "he", "she" can start a person. */
function mayNamePerson(w: string): boolean {
  const c = w.charCodeAt(0);
  return w.length <= 7 && (c === 97 || c === 104 || c === 116 || c === 105 || c === 115);
}

/** One person named by a singular noun or a pronoun at i, unless an apposition repeats the previous one. */
function personAt(words: string[], at: CountsAt, i: number, counts: Count[]): CountPhrase | null {
  const w = words[i]!;
  if (singularAt(words, at, i) === null && !((w === 'he' || w === 'she') && pronounAt(words, i))) return null;
  // "A third member of the team, a female vaccinator, …": an apposition names the same person.
  const prev = counts[counts.length - 1];
  if (words[i - 1] === ',' && prev?.value === 1 && i - prev.end <= 8 && !hasWordBetween(words, 'and', prev.end, i)) return null;
  return { value: 1, vague: false, start: i, end: i + 1 };
}

function findCounts(words: string[], at: CountsAt): Count[] {
  const counts: Count[] = [];
  for (let i = 0; i < words.length; i++) {
    const c = at[i] ?? (mayNamePerson(words[i]!) ? personAt(words, at, i, counts) : null);
    if (!c || notACasualtyCount(words, i)) continue;
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

/**
 * Ranks or persons named before "embraced shahadat" / "was martyred" (ISPR: "Sepoy X, 24, … embraced
 * shahadat"; "Major X … and Lance Naik Y … embraced shahadat" is two).
 */
function rankSingular(words: string[], at: CountsAt): Count | null {
  // Most sentences have neither verb: skip the per-word rank lookups.
  if (!words.includes('embraced') && !words.includes('martyred')) return null;
  for (let i = 0; i < words.length; i++) {
    // ISPR's "a brave son of soil … embraced shahadat" is one soldier
    const sonOfSoil = words[i] === 'son' && words[i + 1] === 'of' && words[i + 2] === 'soil';
    if ((!RANKS.has(words[i]!) && !sonOfSoil) || (at[i - 1]?.value ?? 1) > 1 || words[i - 1] === 'the') continue;
    let persons = 1;
    for (let t = i + 1; t < Math.min(words.length, i + 45); t++) {
      const x = words[t]!;
      if (x === 'embraced' || x === 'martyred') {
        if (verbAfter(words, t) !== 'killed') return null;
        return { value: persons, start: i, end: i + 1, group: 'security', kind: 'killed', viaBefore: false, rose: false, including: false };
      }
      if (x === ';' || (at[t]?.value && words[t - 1] !== 'aged' && words[t - 1] !== 'age')) break;
      // another person of the list: "…, and Lance Naik Y"
      if (RANKS.has(x) && !RANKS.has(words[t - 1]!) && (words[t - 1] === 'and' || words[t - 1] === ',')) persons++;
    }
  }
  return null;
}

/** "…to five the number of policemen martyred": the kind named right after a risen figure. */
function riseKindAfter(words: string[], end: number): CasualtyKind | null {
  if (words[end] !== 'the') return null;
  for (let k = end + 1; k < Math.min(words.length, end + 7); k++) {
    const x = words[k]!;
    if (TOTAL_WORDS.has(x) || KILL_AFTER.has(x)) return 'killed';
    if (INJURE_AFTER.has(x)) return 'injured';
    if (x === ',' || x === 'and' || CLAUSE_BREAKS.has(x) || isCountWord(x)) return null;
  }
  return null;
}

/** Nouns for the dead that a rise can update: "raising the number of shuhada to three". */
const TOLL_NOUNS = new Set(['toll', 'shuhada', 'martyrs', 'dead', 'deaths', 'fatalities']);

/** True when a rise verb ("rose", "bringing", "raising"…) is among the `span` words before j. */
function roseWithin(words: string[], j: number, span: number): boolean {
  for (let k = j - 1; k >= Math.max(0, j - span); k--) if (ROSE.has(words[k]!)) return true;
  return false;
}

/** The group named among words [from, to): "the total number of khwarij killed". */
function groupBetween(words: string[], from: number, to: number): CasualtyGroup | null {
  for (let k = Math.max(0, from); k < to; k++) {
    const x = words[k]!;
    if (SECURITY.has(x)) return 'security';
    if (MILITANTS.has(x)) return 'militants';
    if (CIVILIANS.has(x)) return 'civilians';
  }
  return null;
}

/** "…to five the number of policemen martyred": whose figure rose, when said. */
function groupAfterRise(words: string[], end: number): CasualtyGroup | null {
  for (let k = end + 1; k < Math.min(words.length, end + 7); k++) {
    const x = words[k]!;
    if (SECURITY.has(x)) return 'security';
    if (MILITANTS.has(x)) return 'militants';
    if (CIVILIANS.has(x)) return 'civilians';
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
  let w = words[j];
  if (w === undefined) return;
  // "the toll rose from five to eight": the new figure is read as a rise; the old one is no figure
  if (w === 'from' && ROSE.has(words[j - 1] ?? '')) return;
  if (words[j - 1] === 'from' && ROSE.has(words[j - 2] ?? '') && isCountWord(w)) w = words[(j -= 2)]!;
  if (w === 'including' || w === 'included' || w === 'include' || (w === 'among' && skipped <= 2) || (w === 'them' && words[j - 1] === 'among')) {
    c.including = true;
    return;
  }
  if (ROSE.has(w) || (w === 'at' && (words[j - 1] === 'stood' || words[j - 1] === 'stands'))) {
    // "raising to five the number of policemen martyred": what rose may follow the figure
    const after = riseKindAfter(words, c.end);
    if (after) {
      Object.assign(c, { kind: after, rose: true, viaBefore: true, group: c.group ?? groupAfterRise(words, c.end) });
      return;
    }
    // "the death toll in the suicide attack on a convoy near Mir Ali in North Waziristan rose to eight",
    // "the number of soldiers martyred in Sunday's attack rose to nine"
    for (let k = j - 1; k >= Math.max(0, j - 25); k--) {
      const x = words[k]!;
      if (TOTAL_WORDS.has(x)) {
        Object.assign(c, { kind: 'killed', rose: true, viaBefore: true, group: c.group ?? groupBetween(words, k - 3, k) });
        return;
      }
      if (x === 'injured' || x === 'wounded' || x === 'injuries') {
        Object.assign(c, { kind: 'injured', rose: true, viaBefore: true });
        return;
      }
    }
    return;
  }
  if (w === 'toll' || ((w === 'is' || w === 'was') && words[j - 1] === 'toll') || (TOLL_NOUNS.has(w) && roseWithin(words, j, 5))) {
    // "bringing the death toll to seven", "raising the number of shuhada to three": an update.
    Object.assign(c, { kind: 'killed', viaBefore: true, rose: roseWithin(words, j, 4), group: c.group ?? groupBetween(words, j - 5, j + 1) });
    return;
  }
  // "shot dead four migrants", "gunned down two policemen"
  if ((w === 'dead' && words[j - 1] === 'shot') || (w === 'down' && words[j - 1] === 'gunned')) {
    Object.assign(c, { kind: 'killed', viaBefore: true });
    return;
  }
  if ((KILL_BEFORE.has(w) && w !== 'claimed') || (w === 'claimed' && words[c.start - 1] === 'of')) {
    // "bringing the total number of khwarij killed to twenty one": an update of one group's figure
    const rose = isVerbWord(w) && roseWithin(words, j, 8);
    Object.assign(c, { kind: 'killed', viaBefore: true, rose, group: rose ? c.group ?? groupBetween(words, j - 8, j) : c.group });
  } else if (INJURE_BEFORE.has(w)) {
    Object.assign(c, { kind: 'injured', viaBefore: true });
  } else if ((w === 'and' || w === ',') && prev && (c.start - prev.end <= 5 || (c.start - prev.end <= 16 && prev.value === 1 && isPossessive(words[c.start]!)))) {
    // (a long gap is fine for "killed a most wanted commander of the TTP and his accomplice")
    // A list continues the previous count: "killing 7 soldiers and 3 civilians", "including two … and a soldier";
    // a count with its own kind right after it keeps it ("reached 12 dead and 15 wounded").
    const own = verbAfter(words, c.end);
    if (prev.viaBefore) Object.assign(c, { kind: own ?? prev.kind, viaBefore: true, rose: prev.rose });
    if (prev.including) c.including = true;
  }
}

/** Kind from the words after a count, or from the next count of a list ("20 troops, 3 civilians dead"). */
function readAfter(words: string[], counts: Count[], k: number): void {
  const c = counts[k]!;
  const next = counts[k + 1];
  // ISPR clauses run long: "two brave soldiers, having fought gallantly, paid the ultimate sacrifice"
  const limit = Math.min(words.length, c.end + 14);
  // "two of the injured died": the verb is after the noun the count is part of
  const from = partOfAt(words, c.end) ? c.end + (words[c.end + 1] === 'them' ? 2 : 3) : c.end;
  for (let t = from; t < limit; t++) {
    if (next && t === next.start) {
      const between = words.slice(c.end, next.start);
      if (between.length <= 6 && between.some((x) => LIST_LINKS.has(x)) && next.kind) c.kind = next.kind;
      return;
    }
    const w = words[t]!;
    // "12 terrorists were arrested and two were killed": the count has its own, other fate.
    if (otherFateAt(words, t)) return;
    // "His nephew, who was with him, was injured", "the five policemen who lost their lives": a relative
    // clause does not end the search.
    if (CLAUSE_BREAKS.has(w) && w !== 'who') return;
    const kind = verbAfter(words, t);
    if (kind) {
      // "A Levies official injured in the blast succumbed to his injuries": the injured one died.
      c.kind = kind === 'injured' && succumbsLater(words, t + 1, limit) ? 'killed' : kind;
      return;
    }
  }
}

/** A count with no noun of its own: "five" in "three soldiers were martyred and five were injured". */
function inheritGroup(words: string[], counts: Count[], k: number): void {
  const c = counts[k]!;
  const prev = counts[k - 1];
  // "two of the injured", "three of them": part of a count already given
  if (partOfAt(words, c.end)) {
    c.including = true;
    return;
  }
  if (c.group !== null || !prev || prev.group === null || prev.group === 'others' || c.start - prev.end > 8) return;
  for (let t = prev.end; t < c.start; t++) {
    if (words[t] === 'and' || words[t] === ',') {
      c.group = prev.group;
      return;
    }
  }
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
  // "three soldiers were martyred and five were injured": a count with no noun is of the listed group.
  for (let k = 0; k < counts.length; k++) inheritGroup(words, counts, k);
  // "was killed along with two of his guards": the same fate as the count before.
  for (let k = 1; k < counts.length; k++) {
    const c = counts[k]!;
    if (c.kind || words[c.start - 1] !== 'with' || (words[c.start - 2] !== 'along' && words[c.start - 2] !== 'together')) continue;
    const prev = counts[k - 1]!;
    if (!prev.kind && KILL_AFTER.has(words[c.start - 3] ?? '')) prev.kind = 'killed';
    c.kind = prev.kind;
  }
  // "Two of them were killed…, while two others…": after a part of a count, "others" are its other part.
  let partSeen = false;
  for (const c of counts) {
    if (c.including) partSeen = true;
    else if (partSeen && c.group === 'others') c.including = true;
  }
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
    let firstEnd = words.length;
    for (const c of found) if (c.end < firstEnd) firstEnd = c.end;
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
    also: alsoAfter(words, c.end),
    side: sideOf(words, c.end),
  }));
}
