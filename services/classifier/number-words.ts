// Reads the count at a position in a word list: digits, number words up to the thousands, "a dozen",
// ranges (lower bound) and vague amounts ("dozens", "several") reported as vague rather than guessed.

/** A count read from words[start, end). `value` is null for a vague amount. */
export interface CountPhrase {
  value: number | null;
  vague: boolean;
  start: number;
  end: number;
}

const UNITS = new Map<string, number>(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
}));
const TENS = new Map<string, number>(Object.entries({
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}));
/** Words that can start a count, besides digits. */
const STARTERS = new Set([...UNITS.keys(), ...TENS.keys(), 'a', 'an', 'half', 'between', 'few', 'dozen', 'hundred']);
const VAGUE_ONE = new Set(['dozens', 'scores', 'several', 'many', 'numerous', 'hundreds', 'thousands', 'multiple', 'tens', 'countless']);
/**
 * Count words by first letter. Checking a word against the few with its initial avoids hashing it
 * (sentence words are fresh strings, and hashing them dominated the cost of this check).
 */
const BY_INITIAL = new Map<number, string[]>();
for (const w of [...STARTERS, ...VAGUE_ONE]) {
  const list = BY_INITIAL.get(w.charCodeAt(0)) ?? [];
  list.push(w);
  BY_INITIAL.set(w.charCodeAt(0), list);
}

function mayStartCount(w: string, c: number): boolean {
  if (c >= 48 && c <= 57) return true;
  const list = BY_INITIAL.get(c);
  return list !== undefined && list.includes(w);
}

/** True for a word that starts a count (digits or a number word). */
export function isCountWord(w: string): boolean {
  const c = w.charCodeAt(0);
  return (c >= 48 && c <= 57) || UNITS.has(w) || TENS.has(w) || w === 'dozen' || w === 'hundred';
}

function readDigits(w: string): number | null {
  const c = w.charCodeAt(0);
  if (c < 48 || c > 57 || !/^\d[\d,]*$/.test(w)) return null;
  const v = Number(w.replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

/** Reads a plain number (no range) at i: digits or number words. */
function readPlain(words: readonly string[], i: number): { value: number; end: number } | null {
  const w = words[i];
  if (w === undefined) return null;
  const d = readDigits(w);
  if (d !== null) return { value: d, end: i + 1 };
  // "a dozen", "half a dozen", "a hundred", "two dozen"
  if ((w === 'a' || w === 'one') && words[i + 1] === 'dozen') return { value: 12, end: i + 2 };
  if (w === 'a' && words[i + 1] === 'hundred') return readWords(words, i + 1, 1);
  if (w === 'half' && words[i + 1] === 'a' && words[i + 2] === 'dozen') return { value: 6, end: i + 3 };
  if (w === 'a' && words[i + 1] === 'couple' && words[i + 2] === 'of') return { value: 2, end: i + 3 };
  if (UNITS.has(w) || TENS.has(w)) return readWords(words, i, 0);
  return null;
}

/** Number words: "two hundred and thirty five", "twenty-one" (hyphen already split), "two dozen". */
function readWords(words: readonly string[], i: number, initial: number): { value: number; end: number } | null {
  let total = 0;
  let current = initial;
  let last: '' | 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' | 'and' = initial > 0 ? 'unit' : '';
  let j = i;
  for (;;) {
    const w = words[j];
    if (w === undefined) break;
    const unit = UNITS.get(w);
    const tens = TENS.get(w);
    if (unit !== undefined) {
      if (last === 'unit' || last === 'teen') break;
      const v = unit;
      if (last === 'tens' && v >= 10) break;
      current += v;
      last = v < 10 ? 'unit' : 'teen';
    } else if (tens !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens') break;
      current += tens;
      last = 'tens';
      // "twenty-one": the hyphen may be its own token.
      if ((words[j + 1] === '-' || words[j + 1] === '–') && UNITS.has(words[j + 2] ?? '') && UNITS.get(words[j + 2]!)! < 10) j++;
    } else if (w === 'hundred' && (last === 'unit' || last === 'teen')) {
      current *= 100;
      last = 'hundred';
    } else if (w === 'thousand' && last !== '' && last !== 'and' && last !== 'thousand') {
      total += current * 1000;
      current = 0;
      last = 'thousand';
    } else if (w === 'dozen' && (last === 'unit' || last === 'teen') && current <= 12) {
      current *= 12;
      j++;
      break;
    } else if (w === 'and' && (last === 'hundred' || last === 'thousand') && words[j + 1] !== undefined &&
      (UNITS.has(words[j + 1]!) || TENS.has(words[j + 1]!))) {
      last = 'and';
    } else break;
    j++;
  }
  if (last === '' || last === 'and') return null;
  return { value: total + current, end: j };
}

/**
 * Reads a count starting at words[i]. Ranges ("10 to 12", "10-12", "between 10 and 12", "two or
 * three") give the lower bound; vague amounts ("dozens", "several", "a number of", "a few") give
 * `{ value: null, vague: true }`. Returns null when no count starts at i.
 */
export function readCount(words: readonly string[], i: number): CountPhrase | null {
  const w = words[i];
  if (w === undefined) return null;
  const c = w.charCodeAt(0);
  if (!mayStartCount(w, c)) return null;
  if (VAGUE_ONE.has(w)) {
    // "scores of", "dozens of", "hundreds of"
    return { value: null, vague: true, start: i, end: words[i + 1] === 'of' ? i + 2 : i + 1 };
  }
  if ((w === 'a' && (words[i + 1] === 'number' || words[i + 1] === 'few')) || w === 'few') {
    if (w === 'few') return { value: null, vague: true, start: i, end: i + 1 };
    return { value: null, vague: true, start: i, end: words[i + 2] === 'of' ? i + 3 : i + 2 };
  }
  if (w === 'between') {
    const a = readPlain(words, i + 1);
    if (a && words[a.end] === 'and') {
      const b = readPlain(words, a.end + 1);
      if (b) return { value: Math.min(a.value, b.value), vague: false, start: i, end: b.end };
    }
    return null;
  }
  const first = readPlain(words, i);
  if (!first) return null;
  const sep = words[first.end];
  // "rose from five to eight" is a change, not a range
  const change = words[i - 1] === 'from' && sep === 'to';
  if (!change && (sep === 'to' || sep === '-' || sep === '–' || sep === 'or')) {
    const second = readPlain(words, first.end + 1);
    if (second && second.value > first.value) {
      return { value: first.value, vague: false, start: i, end: second.end };
    }
  }
  return { value: first.value, vague: false, start: i, end: first.end };
}
