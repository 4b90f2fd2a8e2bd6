// One compiled matcher for every phrase the classifier knows (category terms, context groups, places,
// actors, cue words): a trie over normalized word tokens, walked once per article. Words are interned
// at compile time in an open-addressing table keyed by the tokenizer's word hash, so an article's words
// are looked up without creating strings; matching costs one probe per word plus a short walk where a
// phrase starts, whatever the number of phrases.
import { hashWord, type Tokens } from './tokenize.ts';

/** One phrase to find. `ns` groups phrases whose matches must not overlap (leftmost-longest wins). */
export interface MatchEntry {
  /** Normalized tokens (see `phraseTokens`). */
  tokens: string[];
  /** The last token is a prefix ("clash" matches "clashes", "clashed"). */
  prefix: boolean;
  /** Per word, the exact capitalisation required in the text ("Swat", "FC", "IS"), or null for any case. */
  caseForms?: Array<string | null>;
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
  next: Map<number, Node> | null;
  prefixes: Array<{ prefix: string; node: Node }> | null;
  entries: number[] | null;
  /** Some entry ending here needs its capitalisation checked. */
  caseCheck: boolean;
}

const MIN_PREFIX = 3;
/** An article word not looked up yet. */
const UNKNOWN = -2;

function newNode(): Node {
  return { next: null, prefixes: null, entries: null, caseCheck: false };
}

/** A small-integer key of a word's first three characters (collisions are fine: prefixes are re-checked). */
function prefixKeyAt(s: string, at: number): number {
  return ((s.charCodeAt(at) * 1031 + s.charCodeAt(at + 1)) * 1031 + s.charCodeAt(at + 2)) & 0x3fffffff;
}

/** The words of all phrases, in a hash table probed with the tokenizer's hashes. */
class Vocabulary {
  readonly words: string[] = [];
  private hashes = new Int32Array(0);
  private lengths = new Int32Array(0);
  private firsts = new Int32Array(0);
  private lasts = new Int32Array(0);
  private readonly ids = new Map<string, number>();
  private table = new Int32Array(0);
  private mask = 0;

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  seal(): void {
    let size = 16;
    while (size < this.words.length * 4) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.hashes = Int32Array.from(this.words, hashWord);
    this.lengths = Int32Array.from(this.words, (w) => w.length);
    this.firsts = Int32Array.from(this.words, (w) => w.charCodeAt(0));
    this.lasts = Int32Array.from(this.words, (w) => w.charCodeAt(w.length - 1));
    this.words.forEach((w, id) => {
      let slot = hashWord(w) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    });
  }

  /**
   * The id of token i of an article, or -1 when the word is in no phrase. The 32-bit hash, the length
   * and the first and last letters identify a word (a false match would need a hash collision between
   * two words of the same length and ends), so no string is compared or created.
   */
  lookup(t: Tokens, i: number): number {
    const table = this.table;
    const hash = t.hashes[i]!;
    let slot = hash & this.mask;
    let cell = table[slot]!;
    if (cell === 0) return -1;
    const special = t.special?.get(i);
    const start = t.starts[i]!;
    const len = special !== undefined ? special.length : t.ends[i]! - start;
    const first = special !== undefined ? special.charCodeAt(0) : t.lower.charCodeAt(start);
    const last = special !== undefined ? special.charCodeAt(len - 1) : t.lower.charCodeAt(start + len - 1);
    while (cell !== 0) {
      const id = cell - 1;
      if (this.hashes[id] === hash && this.lengths[id] === len && this.firsts[id] === first && this.lasts[id] === last) return id;
      slot = (slot + 1) & this.mask;
      cell = table[slot]!;
    }
    return -1;
  }
}

/** Builds the trie. Throws `term-matcher: …` for empty phrases or prefixes shorter than 3 letters. */
export function compileMatcher(entries: readonly MatchEntry[]): Matcher {
  const vocab = new Vocabulary();
  const rootNext = new Map<number, Node>();
  const rootPrefixes = new Map<number, Array<{ prefix: string; node: Node }>>();
  let nsCount = 0;
  entries.forEach((e, id) => {
    if (e.tokens.length === 0) throw new Error(`term-matcher: entry ${id} has no words`);
    nsCount = Math.max(nsCount, e.ns + 1);
    let node: Node | null = null; // null = root
    e.tokens.forEach((tok, k) => {
      if (e.prefix && k === e.tokens.length - 1) {
        if (tok.length < MIN_PREFIX) throw new Error(`term-matcher: prefix "${tok}*" is shorter than ${MIN_PREFIX} letters`);
        let list: Array<{ prefix: string; node: Node }>;
        if (node === null) {
          const key = prefixKeyAt(tok, 0);
          list = rootPrefixes.get(key) ?? [];
          rootPrefixes.set(key, list);
        } else list = node.prefixes ??= [];
        let edge = list.find((p) => p.prefix === tok);
        if (!edge) list.push((edge = { prefix: tok, node: newNode() }));
        node = edge.node;
        return;
      }
      const wid = vocab.idOf(tok);
      const map: Map<number, Node> = node === null ? rootNext : (node.next ??= new Map());
      let child = map.get(wid);
      if (!child) map.set(wid, (child = newNode()));
      node = child;
    });
    const end = node as Node | null;
    (end!.entries ??= []).push(id);
    if (e.caseForms) end!.caseCheck = true;
  });
  vocab.seal();
  return new TrieMatcher(entries, vocab, rootNext, rootPrefixes, nsCount);
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The compiled trie. Scratch buffers are reused between calls (matching is synchronous). */
class TrieMatcher implements Matcher {
  readonly size: number;
  private readonly entryNs: Int32Array;
  private readonly rootNextById: Array<Node | null>;
  /** Bit per low 16 bits of a prefix key: most words are rejected without a map lookup. */
  private readonly prefixBits = new Uint8Array(8192);
  /** Bit per low 16 bits of the hash of each word that starts a phrase: other words are looked up only inside a walk. */
  private readonly rootBits = new Uint8Array(8192);
  private ids = new Int32Array(1024);
  private candEntry = new Int32Array(64);
  private candEnd = new Int32Array(64);
  private candCount = 0;
  private readonly covered: Int32Array;
  private readonly bestEnd: Int32Array;
  private tokens: Tokens | null = null;

  constructor(
    private readonly entries: readonly MatchEntry[],
    private readonly vocab: Vocabulary,
    rootNext: Map<number, Node>,
    private readonly rootPrefixes: Map<number, Array<{ prefix: string; node: Node }>>,
    nsCount: number,
  ) {
    this.size = entries.length;
    this.entryNs = Int32Array.from(entries, (e) => e.ns);
    this.rootNextById = vocab.words.map((_, id) => rootNext.get(id) ?? null);
    for (const key of rootPrefixes.keys()) this.prefixBits[(key & 0xffff) >> 3]! |= 1 << (key & 7);
    vocab.words.forEach((w, id) => {
      if (!this.rootNextById[id]) return;
      const h = hashWord(w) & 0xffff;
      this.rootBits[h >> 3]! |= 1 << (h & 7);
    });
    this.covered = new Int32Array(nsCount);
    this.bestEnd = new Int32Array(nsCount);
  }

  private caseOk(e: MatchEntry, start: number): boolean {
    const t = this.tokens!;
    const forms = e.caseForms!;
    for (let k = 0; k < forms.length; k++) {
      const form = forms[k];
      if (form === null || form === undefined) continue;
      const s = t.starts[start + k]!;
      if (t.text.charCodeAt(s) !== form.charCodeAt(0)) return false; // most misses: "is" for "IS"
      const len = t.ends[start + k]! - s;
      const last = e.prefix && k === forms.length - 1;
      if ((last ? len < form.length : len !== form.length) || !t.text.startsWith(form, s)) return false;
    }
    return true;
  }

  private addCandidate(entry: number, end: number): void {
    if (this.candCount === this.candEntry.length) {
      this.candEntry = grown(this.candEntry);
      this.candEnd = grown(this.candEnd);
    }
    this.candEntry[this.candCount] = entry;
    this.candEnd[this.candCount] = end;
    this.candCount++;
  }

  private hasPrefix(pos: number, prefix: string): boolean {
    const t = this.tokens!;
    const s = t.starts[pos]!;
    const special = t.special?.get(pos);
    if (special !== undefined) return special.startsWith(prefix);
    return t.ends[pos]! - s >= prefix.length && t.lower.startsWith(prefix, s);
  }

  private walk(from: Node, start: number, pos: number, n: number): void {
    let node: Node | undefined = from;
    while (node) {
      if (node.entries) {
        for (const id of node.entries) {
          if (node.caseCheck) {
            const e = this.entries[id]!;
            if (e.caseForms && !this.caseOk(e, start)) continue;
          }
          this.addCandidate(id, pos);
        }
      }
      if (pos >= n) return;
      if (node.prefixes) {
        for (const p of node.prefixes) if (this.hasPrefix(pos, p.prefix)) this.walk(p.node, start, pos + 1, n);
      }
      if (!node.next) return;
      let id = this.ids[pos]!;
      if (id === UNKNOWN) id = this.ids[pos] = this.vocab.lookup(this.tokens!, pos);
      node = id >= 0 ? node.next.get(id) : undefined;
      pos++;
    }
  }

  match(tokens: Tokens): Hit[] {
    const n = tokens.count;
    this.tokens = tokens;
    if (this.ids.length < n) this.ids = new Int32Array(n * 2);
    const ids = this.ids;
    ids.fill(UNKNOWN, 0, n); // looked up on demand
    const { covered, bestEnd, entryNs, rootNextById, rootPrefixes, prefixBits, rootBits, vocab } = this;
    const { lower, starts, ends, hashes } = tokens;
    covered.fill(0);
    bestEnd.fill(0);
    const out: Hit[] = [];
    for (let i = 0; i < n; i++) {
      let first: Node | null = null;
      const h = hashes[i]! & 0xffff;
      if ((rootBits[h >> 3]! & (1 << (h & 7))) !== 0) {
        let id = ids[i]!;
        if (id === UNKNOWN) id = ids[i] = vocab.lookup(tokens, i);
        if (id >= 0) first = rootNextById[id]!;
      }
      let plist: Array<{ prefix: string; node: Node }> | undefined;
      if (ends[i]! - starts[i]! >= MIN_PREFIX) {
        const key = prefixKeyAt(lower, starts[i]!);
        if ((prefixBits[(key & 0xffff) >> 3]! & (1 << (key & 7))) !== 0) plist = rootPrefixes.get(key);
      }
      if (first === null && plist === undefined) continue;
      this.candCount = 0;
      if (first) this.walk(first, i, i + 1, n);
      if (plist) for (const p of plist) if (this.hasPrefix(i, p.prefix)) this.walk(p.node, i, i + 1, n);
      const count = this.candCount;
      if (count === 0) continue;
      const candEntry = this.candEntry;
      const candEnd = this.candEnd;
      if (count === 1) {
        // The common case: one phrase starts here.
        const entry = candEntry[0]!;
        const ns = entryNs[entry]!;
        if (covered[ns]! <= i) {
          out.push({ entry, ns, start: i, end: candEnd[0]! });
          covered[ns] = candEnd[0]!;
        }
        continue;
      }
      // Leftmost-longest per namespace: at this start keep the longest match of each namespace that
      // does not overlap an earlier one (several entries with that same span are all kept).
      for (let k = 0; k < count; k++) {
        const ns = entryNs[candEntry[k]!]!;
        if (covered[ns]! > i) continue;
        if (bestEnd[ns]! <= i || candEnd[k]! > bestEnd[ns]!) bestEnd[ns] = candEnd[k]!;
      }
      for (let k = 0; k < count; k++) {
        const entry = candEntry[k]!;
        const ns = entryNs[entry]!;
        if (covered[ns]! > i || candEnd[k] !== bestEnd[ns]) continue;
        out.push({ entry, ns, start: i, end: candEnd[k]! });
      }
      for (let k = 0; k < count; k++) {
        const ns = entryNs[candEntry[k]!]!;
        if (covered[ns]! <= i) covered[ns] = bestEnd[ns]!;
      }
    }
    this.tokens = null;
    return out;
  }
}
