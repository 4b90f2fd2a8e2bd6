// What the words around a casualty count say about it: an addition ("…were also killed"), which side
// of the border, someone who died of injuries, a count of past crimes, a subset ("two of the injured").
import { CLAUSE_BREAKS, INJURE_AFTER, KILL_AFTER, OTHER_FATES } from './casualty-lexicon.ts';

/** A verb that makes a count a casualty ("killed", "injured"…). */
export function isVerbWord(w: string): boolean {
  return KILL_AFTER.has(w) || INJURE_AFTER.has(w);
}

/** Every word of OTHER_FATES ends in "d" or "g" ("arrested", "missing"): a cheap test before the set. */
function endsInDOrG(w: string): boolean {
  const c = w.charCodeAt(w.length - 1);
  return c === 100 || c === 103;
}

/** "12 terrorists were arrested…": another fate than death or injury, unless "arrested in injured condition". */
export function otherFateAt(words: string[], t: number): boolean {
  const w = words[t]!;
  return endsInDOrG(w) && OTHER_FATES.has(w) && !INJURE_AFTER.has(words[t + 1] ?? '') &&
    !(words[t + 1] === 'in' && INJURE_AFTER.has(words[t + 2] ?? ''));
}

/** "A Levies official injured in the blast succumbed to his injuries": the injured one died. */
export function succumbsLater(words: string[], from: number, limit: number): boolean {
  for (let t = from; t < limit; t++) {
    const w = words[t]!;
    if (w === 'succumbed') return true;
    if (CLAUSE_BREAKS.has(w) || w === 'and' || w === ',') return false;
  }
  return false;
}

/** "a passer-by was also killed", "two civilians were also injured": an addition to figures given before. */
export function alsoAfter(words: string[], end: number): boolean {
  const limit = Math.min(words.length, end + 7);
  let also = -1;
  for (let t = end; t < limit; t++) {
    if (words[t] === 'also') {
      also = t;
      break;
    }
  }
  if (also < 0) return false; // the common case, found without any set lookup
  for (let t = end; t < also; t++) {
    const w = words[t]!;
    if (w === ',' || isVerbWord(w) || CLAUSE_BREAKS.has(w)) return false;
  }
  return true;
}

/** The side named in the noun phrase after a count ("four Afghan border guards"). */
export function sideOf(words: string[], end: number): 'afghan' | 'pakistani' | undefined {
  for (let t = end; t < Math.min(words.length, end + 4); t++) {
    const w = words[t]!;
    if (w === 'afghan' || w === 'taliban') return 'afghan';
    if (w === 'pakistani') return 'pakistani';
    if (w === ',' || w === 'were' || w === 'was' || w === 'had' || w === 'and' || w === ';') break;
  }
  return undefined;
}

/** "two of the injured", "one of the dead": part of a count of this incident already given. */
const PARTS_OF = new Set(['injured', 'wounded', 'dead', 'victims', 'deceased', 'casualties']);

/** True for a count ending at `end` followed by "of them" / "of the injured"… (a subset). */
export function partOfAt(words: string[], end: number): boolean {
  return words[end] === 'of' && (words[end + 1] === 'them' || PARTS_OF.has(words[end + 2] ?? ''));
}

const BLAME = new Set(['wanted', 'responsible', 'involved', 'accused', 'blamed', 'behind', 'convicted', 'masterminded']);

/** "…wanted for the killing of two policemen": a count of someone's past crimes, not of this incident. */
export function blamedFor(words: string[], start: number): boolean {
  for (let j = start - 1; j >= Math.max(0, start - 6); j--) if (BLAME.has(words[j]!)) return true;
  return false;
}

/** ISPR's "a brave son of soil": one soldier. */
export function isSonOfSoil(words: string[], start: number): boolean {
  for (let i = start; i <= start + 3 && i < words.length; i++) if (words[i] === 'son') return words[i + 1] === 'of' && words[i + 2] === 'soil';
  return false;
}
