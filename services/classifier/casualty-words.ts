// The words the casualty reader works on: lower-cased words of a sentence plus the punctuation that
// matters to it (";", ":", "(", ")", ",", dashes), with "1,200" kept as one number.
import { wordAt, type Tokens } from './tokenize.ts';

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
