// Word tokenizer shared by the profile compiler and the classifier, so that a phrase in the profile and
// the same words in an article always normalize to the same token sequence. Tokens are kept as offsets
// plus a hash of the normalized word: the matcher looks words up without creating a string per word.

/** Tokens of a text: offsets into the original text, the lower-cased text, and a hash per word. */
export interface Tokens {
  /** The original text (offsets refer to it and to `lower`, which has the same length). */
  text: string;
  lower: string;
  count: number;
  starts: number[];
  ends: number[];
  /** FNV-1a hash of each normalized word (see `hashWord`). */
  hashes: number[];
  /** Normalized words that differ from `lower.slice(start, end)` (an apostrophe dropped inside). */
  special: Map<number, string> | null;
  /** Offsets of the characters that may end a sentence (. ! ? and newlines), for the sentence splitter. */
  breaks: number[];
}

const APOS = 0x27;
const RSQUO = 0x2019;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** True for non-ASCII characters that belong inside a word (letters), false for punctuation. */
function isWideWordChar(c: number): boolean {
  if (c < 0xc0) return false; // Latin-1 symbols and punctuation
  if (c >= 0x2000 && c <= 0x206f) return false; // general punctuation: dashes, curly quotes, ellipsis
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  return true;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 0xc0 && isWideWordChar(c));
}

function lowerOf(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // A few characters change length when lower-cased; map them one by one to keep offsets aligned.
  let out = '';
  for (let i = 0; i < text.length; i++) out += text[i]!.toLowerCase()[0] ?? text[i];
  return out;
}

/** The hash of a normalized word, as stored in `Tokens.hashes` (FNV-1a, 30 bits). */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h & 0x3fffffff;
}

/**
 * Splits text into lower-cased word tokens. Hyphens, slashes, dots and spaces all separate words, so
 * "cross-border", "cross border" and "Cross Border" give the same tokens. An apostrophe inside a word
 * is dropped ("Da'esh" → "daesh") and a possessive "'s" is dropped ("Pakistan's" → "pakistan").
 */
export function tokenize(text: string): Tokens {
  const lower = lowerOf(text);
  const starts: number[] = [];
  const ends: number[] = [];
  const hashes: number[] = [];
  const breaks: number[] = [];
  let special: Map<number, string> | null = null;
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && isWideWordChar(c)))) {
      if (c === 46 || c === 10 || c === 33 || c === 63) breaks.push(i);
      i++;
      continue;
    }
    const start = i;
    let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
    i++;
    while (i < n) {
      c = lower.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && isWideWordChar(c)))) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
    }
    let end = i;
    // Rare: an apostrophe followed by letters.
    if (i + 1 < n && (c === APOS || c === RSQUO) && isWordChar(lower.charCodeAt(i + 1))) {
      let word = lower.slice(start, i);
      while (i + 1 < n && (c === APOS || c === RSQUO) && isWordChar(lower.charCodeAt(i + 1))) {
        if (lower.charCodeAt(i + 1) === 115 && !(i + 2 < n && isWordChar(lower.charCodeAt(i + 2)))) {
          i += 2; // possessive 's: dropped
          break;
        }
        let j = i + 1;
        while (j < n && isWordChar(lower.charCodeAt(j))) j++;
        word += lower.slice(i + 1, j); // "da'esh" → "daesh"
        i = end = j;
        c = i < n ? lower.charCodeAt(i) : 0;
      }
      if (word.length !== end - start) {
        (special ??= new Map()).set(starts.length, word);
        h = hashWord(word);
      }
    }
    starts.push(start);
    ends.push(end);
    hashes.push(h & 0x3fffffff); // small integers (V8 Smis) keep the array unboxed
  }
  return { text, lower, count: starts.length, starts, ends, hashes, special, breaks };
}

/** The normalized word of token i. */
export function wordAt(t: Tokens, i: number): string {
  if (i < 0 || i >= t.count) return '';
  return t.special?.get(i) ?? t.lower.slice(t.starts[i], t.ends[i]);
}

/** True when token i is exactly `word` (normalized), without creating a string. */
export function isWord(t: Tokens, i: number, word: string): boolean {
  if (i < 0 || i >= t.count) return false;
  const s = t.special?.get(i);
  if (s !== undefined) return s === word;
  const start = t.starts[i]!;
  return t.ends[i]! - start === word.length && t.lower.startsWith(word, start);
}

/**
 * A small set of words tested against tokens without creating a string (a set lookup on a new string
 * would hash it): words are bucketed by length and compared in place.
 */
export class WordSet {
  private readonly byLength = new Map<number, string[]>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
  }

  /** True when token i is one of the words (false when i is out of range). */
  hasToken(t: Tokens, i: number): boolean {
    if (i < 0 || i >= t.count) return false;
    const special = t.special?.get(i);
    if (special !== undefined) return this.byLength.get(special.length)?.includes(special) ?? false;
    const start = t.starts[i]!;
    const list = this.byLength.get(t.ends[i]! - start);
    if (list === undefined) return false;
    for (const w of list) if (t.lower.startsWith(w, start)) return true;
    return false;
  }
}

/** The normalized token sequence of a profile phrase (same rules as `tokenize`). */
export function phraseTokens(phrase: string): string[] {
  const t = tokenize(phrase);
  return t.starts.map((_, k) => wordAt(t, k));
}
