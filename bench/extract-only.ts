// Extraction alone on the ingest benchmark's pages, in a process of its own (as a worker would run it):
// each page arrives as bytes, is decoded and extracted with Readability over linkedom. Prints
// {"perS", "msPerPage"} as its last line. `node bin/run.mjs bench/extract-only.ts COUNT`.
import { decodeBody } from '../services/core/charset.ts';
import { extractArticle } from '../services/extractor/extract.ts';
import { benchPages } from './ingest.ts';

const count = Number(process.argv[2] ?? 600);
const pages = benchPages(count);
const run = (list: typeof pages) => {
  let ms = 0;
  for (const p of list) {
    const bytes = Buffer.from(p.html); // as received: not timed
    const t0 = performance.now();
    extractArticle(decodeBody(bytes, 'text/html; charset=utf-8', 'html'), p.path);
    ms += performance.now() - t0;
  }
  return ms;
};
run(pages.slice(0, 30)); // warm-up
const ms = run(pages);
console.log(JSON.stringify({ perS: Math.round((count / (ms / 1000)) * 10) / 10, msPerPage: Math.round((ms / count) * 10) / 10 }));
