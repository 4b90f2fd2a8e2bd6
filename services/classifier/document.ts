// Splits an article into zones (title, lead = first paragraph, body) and sentences, over one string
// (title + blank line + text) so that every offset and token index refers to the same text.
import { tokenize, type Tokens } from './tokenize.ts';
import type { Zone } from './types.ts';

/** A sentence: character range, token range [firstToken, endToken) and the zone it starts in. */
export interface Sentence {
  start: number;
  end: number;
  firstToken: number;
  endToken: number;
  zone: Zone;
}

/** An article ready for matching. */
export interface Doc {
  tokens: Tokens;
  sentences: Sentence[];
  /** Sentence index of each token. */
  tokenSentence: number[];
  titleEnd: number;
  leadStart: number;
  leadEnd: number;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'gen', 'lt', 'col', 'maj', 'capt', 'brig', 'sgt', 'no', 'st', 'jr', 'sr', 'vs',
  'govt', 'dept', 'approx', 'inc', 'corp', 'rs', 'prof', 'sen', 'rep', 'gov', 'cmdr', 'hon', 'nos',
]);

function isUpperStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 0x22 || c === 0x27 || c === 0x201c ||
    c === 0x2018 || c === 0x28 || c === 0x5b || (c >= 0xc0 && c <= 0xde);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 13;
}

/** True when the period at `i` ends an abbreviation or an initial ("D.I. Khan", "U.S.", "Lt.") */
function endsAbbreviation(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    j--;
  }
  const length = i - j - 1;
  if (length === 1) return true;
  if (length === 0 || length > 6) return false; // longer than any abbreviation ("approx")
  return ABBREVIATIONS.has(text.slice(j + 1, i).toLowerCase());
}

/**
 * Character offsets where sentences end (exclusive), in order; the last one is text.length. `scan` is
 * a flat copy of the text with the same punctuation (the lower-cased text), cheaper to walk than a
 * concatenated string.
 */
export function sentenceEnds(text: string, scan: string = text, breaks?: readonly number[]): number[] {
  const ends: number[] = [];
  const n = text.length;
  const positions = breaks ?? [...text.matchAll(/[.!?\n]/g)].map((m) => m.index);
  let last = -1;
  for (const i of positions) {
    if (i <= last) continue;
    const c = scan.charCodeAt(i);
    if (c === 10) {
      ends.push(i);
      continue;
    }
    if (c !== 46 && c !== 33 && c !== 63) continue;
    let j = i + 1;
    while (j < n) {
      const q = scan.charCodeAt(j);
      if (q === 0x22 || q === 0x27 || q === 0x201d || q === 0x2019 || q === 0x29 || q === 0x5d) j++;
      else break;
    }
    if (j < n && !isSpace(scan.charCodeAt(j)) && scan.charCodeAt(j) !== 10) continue;
    let k = j;
    while (k < n && isSpace(scan.charCodeAt(k))) k++;
    if (k < n && text.charCodeAt(k) !== 10 && !isUpperStart(text.charCodeAt(k))) continue;
    if (c === 46 && endsAbbreviation(text, i)) continue;
    ends.push(j);
    last = j - 1;
  }
  if (ends[ends.length - 1] !== n) ends.push(n);
  return ends;
}

/** True when text has whitespace other than single spaces (newlines, tabs, runs). */
function hasUntidySpace(text: string): boolean {
  return text.indexOf('\n') >= 0 || text.indexOf('  ') >= 0 || text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0;
}

function countSpaces(line: string, max: number): number {
  let n = 0;
  for (let i = line.indexOf(' '); i >= 0 && n < max; i = line.indexOf(' ', i + 1)) n++;
  return n;
}

/** Finds the lead: the first paragraph of the text with some substance that is not the title again. */
function findLead(text: string, title: string): [number, number] {
  const normTitle = title.trim().toLowerCase();
  let pos = 0;
  let fallback: [number, number] | null = null;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).trim();
    if (line.length > 0 && line.toLowerCase() !== normTitle) {
      fallback ??= [pos, nl];
      if (countSpaces(line, 11) >= 11) return [pos, nl];
    }
    pos = nl + 1;
  }
  return fallback ?? [0, 0];
}

/** Builds the Doc for a title and body text. */
export function buildDoc(title: string, text: string): Doc {
  const cleanTitle = hasUntidySpace(title) ? title.replace(/\s+/g, ' ').trim() : title.trim();
  // join() gives a flat string (a template literal would give a slower concatenated one).
  const full = [cleanTitle, text].join('\n\n');
  const titleEnd = cleanTitle.length;
  const offset = titleEnd + 2;
  const [ls, le] = findLead(text, cleanTitle);
  const leadStart = ls + offset;
  const leadEnd = le + offset;
  const tokens = tokenize(full);

  const sentences: Sentence[] = [];
  const tokenSentence: number[] = [];
  let tok = 0;
  let start = 0;
  for (const end of sentenceEnds(full, tokens.lower, tokens.breaks)) {
    const firstToken = tok;
    while (tok < tokens.count && tokens.starts[tok]! < end) {
      tokenSentence.push(sentences.length);
      tok++;
    }
    if (tok > firstToken) {
      let s = start;
      while (s < end && (isSpace(tokens.lower.charCodeAt(s)) || tokens.lower.charCodeAt(s) === 10)) s++;
      const zone: Zone = s < titleEnd ? 'title' : s >= leadStart && s < leadEnd ? 'lead' : 'body';
      sentences.push({ start: s, end, firstToken, endToken: tok, zone });
    }
    start = end;
  }
  return { tokens, sentences, tokenSentence, titleEnd, leadStart, leadEnd };
}

/** The zone of a token. */
export function zoneOfToken(doc: Doc, token: number): Zone {
  const pos = doc.tokens.starts[token]!;
  if (pos < doc.titleEnd) return 'title';
  return pos >= doc.leadStart && pos < doc.leadEnd ? 'lead' : 'body';
}

/** A short snippet around a character range, cut to its sentence and to about `radius` characters each side. */
export function snippetAround(doc: Doc, token: number, endToken: number, radius = 70): string {
  const sent = doc.sentences[doc.tokenSentence[token]!]!;
  const from = doc.tokens.starts[token]!;
  const to = doc.tokens.ends[endToken - 1]!;
  let a = Math.max(sent.start, from - radius);
  let b = Math.min(sent.end, to + radius);
  const text = doc.tokens.text;
  if (a > sent.start) {
    const sp = text.indexOf(' ', a);
    if (sp >= 0 && sp < from) a = sp + 1;
  }
  if (b < sent.end) {
    const sp = text.lastIndexOf(' ', b);
    if (sp > to) b = sp;
  }
  const raw = text.slice(a, b);
  const body = (hasUntidySpace(raw) ? raw.replace(/\s+/g, ' ') : raw).trim();
  return `${a > sent.start ? '…' : ''}${body}${b < sent.end ? '…' : ''}`;
}
