// One compiled matcher for every phrase the classifier knows (category terms, context groups, places,
// actors, cue words): a trie over normalized word tokens, walked once per article. Matching costs one
// map lookup per token plus a short walk where a phrase starts, whatever the number of phrases.
import type { Tokens } from './tokenize.ts';

/** One phrase to find. `ns` groups phrases whose matches must not overlap (leftmost-longest wins). */
export interface MatchEntry {
  /** Normalized tokens (see `phraseTokens`). */
  tokens: string[];
  /** The last token is a prefix ("clash" matches "clashes", "clashed"). */
  prefix: boolean;
  /** When set, the words in the text must have exactly this capitalisation ("Swat", "FC", "IS"). */
  caseForms?: string[];
  ns: number;
}

/** A match: entry index and token range [start, end). */
export interface Hit {
  entry: number;
  ns: number;
  start: number;
  end: number;
}

/** A compiled set of phrases. */
export interface Matcher {
  readonly size: number;
  /** All non-overlapping (per namespace) matches in the tokens, sorted by start. */
  match(tokens: Tokens): Hit[];
}

interface Node {
  next: Map<string, Node> | null;
  prefixes: Array<{ prefix: string; node: Node }> | null;
  entries: number[] | null;
}

const MIN_PREFIX = 3;

function newNode(): Node {
  return { next: null, prefixes: null, entries: null };
}

function prefixKey(word: string): number {
  return (word.charCodeAt(0) * 65536 + word.charCodeAt(1)) * 65536 + word.charCodeAt(2);
}

/** Builds the trie. Throws `term-matcher: …` for empty phrases or prefixes shorter than 3 letters. */
export function compileMatcher(entries: readonly MatchEntry[]): Matcher {
  const root = newNode();
  const rootPrefixes = new Map<number, Array<{ prefix: string; node: Node }>>();
  entries.forEach((e, id) => {
    if (e.tokens.length === 0) throw new Error(`term-matcher: entry ${id} has no words`);
    let node = root;
    e.tokens.forEach((tok, k) => {
      const isPrefix = e.prefix && k === e.tokens.length - 1;
      if (isPrefix) {
        if (tok.length < MIN_PREFIX) throw new Error(`term-matcher: prefix "${tok}*" is shorter than ${MIN_PREFIX} letters`);
        const list = node === root ? rootPrefixes.get(prefixKey(tok)) ?? [] : (node.prefixes ??= []);
        if (node === root) rootPrefixes.set(prefixKey(tok), list);
        let edge = list.find((p) => p.prefix === tok);
        if (!edge) list.push((edge = { prefix: tok, node: newNode() }));
        node = edge.node;
      } else {
        node.next ??= new Map();
        let child = node.next.get(tok);
        if (!child) node.next.set(tok, (child = newNode()));
        node = child;
      }
    });
    (node.entries ??= []).push(id);
  });

  function caseOk(e: MatchEntry, tokens: Tokens, start: number): boolean {
    const forms = e.caseForms!;
    for (let k = 0; k < forms.length; k++) {
      const s = tokens.text.slice(tokens.starts[start + k], tokens.ends[start + k]);
      const form = forms[k]!;
      if (e.prefix && k === forms.length - 1 ? !s.startsWith(form) : s !== form) return false;
    }
    return true;
  }

  function walk(node: Node, tokens: Tokens, start: number, pos: number, out: Hit[]): void {
    if (node.entries) {
      for (const id of node.entries) {
        const e = entries[id]!;
        if (e.caseForms && !caseOk(e, tokens, start)) continue;
        out.push({ entry: id, ns: e.ns, start, end: pos });
      }
    }
    if (pos >= tokens.words.length) return;
    const word = tokens.words[pos]!;
    const child = node.next?.get(word);
    if (child) walk(child, tokens, start, pos + 1, out);
    if (node.prefixes) {
      for (const p of node.prefixes) if (word.startsWith(p.prefix)) walk(p.node, tokens, start, pos + 1, out);
    }
  }

  return {
    size: entries.length,
    match(tokens) {
      const raw: Hit[] = [];
      const words = tokens.words;
      const rootNext = root.next;
      for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        const child = rootNext?.get(word);
        if (child) walk(child, tokens, i, i + 1, raw);
        if (word.length >= MIN_PREFIX && rootPrefixes.size > 0) {
          const list = rootPrefixes.get(prefixKey(word));
          if (list) for (const p of list) if (word.startsWith(p.prefix)) walk(p.node, tokens, i, i + 1, raw);
        }
      }
      return resolveOverlaps(raw);
    },
  };
}

/** Keeps, per namespace, the leftmost-longest non-overlapping matches; result sorted by start. */
function resolveOverlaps(raw: Hit[]): Hit[] {
  if (raw.length < 2) return raw;
  raw.sort((a, b) => a.ns - b.ns || a.start - b.start || b.end - a.end || a.entry - b.entry);
  const kept: Hit[] = [];
  let ns = -1;
  let coveredUntil = -1;
  let lastStart = -1;
  let lastEnd = -1;
  for (const h of raw) {
    if (h.ns !== ns) {
      ns = h.ns;
      coveredUntil = -1;
      lastStart = -1;
    }
    // Same span, another entry (e.g. one phrase listed twice in a namespace): keep both.
    if (h.start === lastStart && h.end === lastEnd) {
      kept.push(h);
      continue;
    }
    if (h.start < coveredUntil) continue;
    kept.push(h);
    coveredUntil = h.end;
    lastStart = h.start;
    lastEnd = h.end;
  }
  kept.sort((a, b) => a.start - b.start || a.ns - b.ns);
  return kept;
}
