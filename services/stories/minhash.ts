// Near-duplicate detection for syndicated copies: MinHash over word 3-shingles, with LSH bands so that
// candidates come from an index lookup (any shared band key), never from comparing all pairs.

/** Number of hash functions in a signature. */
export const SIGNATURE_SIZE = 64;
/** Rows per LSH band: 16 bands of 4. Pairs with Jaccard 0.5 share a band with p ≈ 0.64, 0.7 → 0.99. */
export const BAND_ROWS = 4;
const SHINGLE = 3;

// Per-function seeds, fixed so that signatures stored in the database stay comparable across releases.
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => fmix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/** MurmurHash3's 32-bit finalizer: a cheap, well-mixing permutation of 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hashes of the lower-cased words (letters and digits) of a text. */
function wordHashes(text: string): number[] {
  const out: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (upper) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0xc0) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      out.push(h >>> 0);
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  if (inWord) out.push(h >>> 0);
  return out;
}

/**
 * The MinHash signature of a text's word shingles; null when the text is too short to compare
 * (fewer than a dozen words), since a few shared words say nothing about copying.
 */
export function minhashSignature(text: string): number[] | null {
  const words = wordHashes(text);
  if (words.length < 12) return null;
  const sig = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    const shingle = fmix32(Math.imul(words[i]!, 31) ^ Math.imul(words[i + 1]!, 17) ^ words[i + 2]!);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const v = fmix32(shingle ^ SEEDS[k]!);
      if (v < sig[k]!) sig[k] = v;
    }
  }
  // stored as Postgres int4: shift into the signed range
  return sig.map((v) => v | 0);
}

/** LSH band keys of a signature: one key per band, the band number mixed in, within ±2^52. */
export function lshBands(signature: readonly number[]): number[] {
  const bands: number[] = [];
  for (let b = 0; b * BAND_ROWS < signature.length; b++) {
    let h1 = 0x2545f491 ^ b;
    let h2 = 0x6c8e9cf5 ^ Math.imul(b, 0x27d4eb2d);
    for (let r = 0; r < BAND_ROWS; r++) {
      const v = signature[b * BAND_ROWS + r]!;
      h1 = fmix32(h1 ^ v);
      h2 = fmix32(Math.imul(h2, 31) ^ v);
    }
    // 20 high bits + 32 low bits: an exact JavaScript number and a valid bigint
    bands.push((h1 & 0xfffff) * 0x100000000 + h2 - 2 ** 51);
  }
  return bands;
}

/** Estimated Jaccard similarity of two texts' shingle sets from their signatures. */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}
