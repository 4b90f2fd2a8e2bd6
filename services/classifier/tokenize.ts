// Word tokenizer shared by the profile compiler and the classifier, so that a phrase in the profile and
// the same words in an article always normalize to the same token sequence.

/** Tokens of a text: lower-cased word strings plus their character offsets in the original text. */
export interface Tokens {
  /** The original text (offsets refer to it). */
  text: string;
  words: string[];
  starts: number[];
  ends: number[];
}

const APOS = 0x27;
const RSQUO = 0x2019;

/** True for characters that belong inside a word: ASCII letters and digits, and non-ASCII letters. */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0x2000 && c <= 0x206f) return false; // general punctuation: dashes, curly quotes, ellipsis
  if (c >= 0x80 && c <= 0xbf) return false; // Latin-1 symbols and punctuation
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  return true;
}

function lowerOf(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // A few characters change length when lower-cased; map them one by one to keep offsets aligned.
  let out = '';
  for (let i = 0; i < text.length; i++) out += text[i]!.toLowerCase()[0] ?? text[i];
  return out;
}

/**
 * Splits text into lower-cased word tokens. Hyphens, slashes, dots and spaces all separate words, so
 * "cross-border", "cross border" and "Cross Border" give the same tokens. An apostrophe inside a word
 * is dropped ("Da'esh" → "daesh") and a possessive "'s" is dropped ("Pakistan's" → "pakistan").
 */
export function tokenize(text: string): Tokens {
  const lower = lowerOf(text);
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    const start = i;
    let word = '';
    let segStart = i;
    for (;;) {
      while (i < n && isWordChar(lower.charCodeAt(i))) i++;
      c = i < n ? lower.charCodeAt(i) : 0;
      if ((c === APOS || c === RSQUO) && i + 1 < n && isWordChar(lower.charCodeAt(i + 1))) {
        // Possessive 's (or s' plural possessive handled by the apostrophe being a separator).
        const afterS = i + 2 < n ? lower.charCodeAt(i + 2) : 0;
        if (lower.charCodeAt(i + 1) === 115 && !isWordChar(afterS)) {
          word += lower.slice(segStart, i);
          ends.push(i);
          i += 2;
          segStart = -1;
          break;
        }
        word += lower.slice(segStart, i);
        i++;
        segStart = i;
        continue;
      }
      word += lower.slice(segStart, i);
      ends.push(i);
      break;
    }
    words.push(word);
    starts.push(start);
  }
  return { text, words, starts, ends };
}

/** The normalized token sequence of a profile phrase (same rules as `tokenize`). */
export function phraseTokens(phrase: string): string[] {
  return tokenize(phrase).words;
}
