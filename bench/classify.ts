// Classifier throughput: MB (UTF-8) of article text classified per second of CPU time on one core.
// Uses the labelled corpus (fixtures/articles) and the seed documents as realistic text, classified
// over and over after a warm-up; reports the median of several timed runs.
// Run alone: `node bin/run.mjs bench/classify.ts [--quick]`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClassifier } from '../services/classifier/index.ts';
import type { ClassifyInput } from '../services/classifier/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function loadArticles(): ClassifyInput[] {
  const out: ClassifyInput[] = [];
  const dir = path.join(ROOT, 'fixtures', 'articles');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id: string; title: string; text: string; published?: string };
      out.push({ id: o.id, title: o.title, text: o.text, published: o.published });
    }
  }
  const seeds = path.join(ROOT, 'fixtures', 'seeds');
  for (const f of readdirSync(seeds).filter((x) => x.endsWith('.txt'))) {
    out.push({ id: f, title: '', text: readFileSync(path.join(seeds, f), 'utf8') });
  }
  if (out.length === 0) throw new Error('bench/classify: no fixture articles found');
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Measures classification throughput in MB/s (UTF-8 bytes of title + text) on the current core. */
export async function benchClassify(opts: { quick: boolean }): Promise<{ classify_mb_per_s: number }> {
  const classifier = createClassifier();
  const articles = loadArticles();
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.title) + Buffer.byteLength(a.text), 0);
  const rounds = opts.quick ? 10 : 20; // passes over the corpus per timed run (one pass ≈ 15 ms)
  const runs = opts.quick ? 3 : 7;
  let sink = 0;
  // Warm-up long enough for the JIT to settle (fewer passes measure the compiler, not the classifier).
  for (let w = 0; w < (opts.quick ? 20 : 30); w++) for (const a of articles) sink += classifier.classify(a).categories.length;
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    // CPU time of this process (user + system), not wall time: "per core", and not skewed by other
    // processes sharing the machine.
    const t0 = process.cpuUsage();
    for (let k = 0; k < rounds; k++) for (const a of articles) sink += classifier.classify(a).categories.length;
    const used = process.cpuUsage(t0);
    const seconds = (used.user + used.system) / 1e6;
    rates.push((bytes * rounds) / 1e6 / seconds);
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  return { classify_mb_per_s: Math.round(median(rates) * 100) / 100 };
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const quick = process.argv.includes('--quick');
  const result = await benchClassify({ quick });
  console.log(`classify_mb_per_s ${result.classify_mb_per_s}`);
}
