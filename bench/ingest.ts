// Ingest throughput and latency, measured against extraction alone on the same pages:
// - the pages: every fixture article in a realistic 50–300 KB news page (bench/pages.ts), served with
//   RSS feeds from a loopback server in this process (pre-rendered, so serving costs little);
// - extraction alone: Readability over linkedom (what the pipeline uses) on those pages, one process,
//   and jsdom side by side on a sample for speed and for text equality with linkedom;
// - ingest: real worker processes (`bin/main.mjs --role=worker`, 1 then 2) doing every stage — poll,
//   fetch, extract, classify, store, story, alert match against 1,000 alerts — from the first poll
//   queued to the last article matched;
// - latency: items released into live feeds at a moderate rate, polled every second; from the moment
//   the feed listing an item was served to the moment its row is stored with text and labels.
// - worker memory (`--soak`): resident set of one worker process after 50,000 and 100,000 articles.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import postgres from 'postgres';
import { newAlertSchema } from '../services/alerts/alert-input.ts';
import { loadConfig } from '../services/core/config.ts';
import { createLogger } from '../services/core/log.ts';
import { obliterateQueues, QUEUE } from '../services/core/queues.ts';
import { createAlert } from '../services/core/store/alerts.ts';
import { insertFeeds } from '../services/core/store/feeds.ts';
import { demoArticles } from '../services/demo/store-fixtures.ts';
import type { FixtureArticle } from '../services/demo/fixture-articles.ts';
import { seededRandom } from '../services/demo/render-page.ts';
import { extractArticle, htmlToText } from '../services/extractor/extract.ts';
import { createRuntime, type Runtime } from '../services/runtime.ts';
import { generateAlertQueries } from './alert-queries.ts';
import { benchPage } from './pages.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DB = process.env.BENCH_INGEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/frontier_bench_ingest';
const FEEDS = 40;

type Log = (line: string) => void;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

interface BenchArticle {
  index: number;
  article: FixtureArticle;
  path: string;
  page: Buffer;
}

/** `count` articles: the fixtures over and over, each under its own URL in its own page (as text). */
export function benchPages(count: number, offset = 0): { index: number; article: FixtureArticle; path: string; html: string }[] {
  const fixtures = demoArticles();
  const rnd = seededRandom(`ingest-${offset}`);
  return Array.from({ length: count }, (_, i) => {
    const index = offset + i;
    const article = fixtures[index % fixtures.length]!;
    const p = `/news/${index}-${article.id}`;
    return { index, article, path: p, html: benchPage(article, p, 50 + Math.floor(rnd() * 250)) };
  });
}

function benchArticles(count: number, offset = 0): BenchArticle[] {
  return benchPages(count, offset).map(({ html, ...a }) => ({ ...a, page: Buffer.from(html) }));
}

function rss(items: BenchArticle[], base: string, k: number): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench outlet ${k}</title><link>${base}/</link>${items
    .map((a) => `<item><title>${esc(a.article.title)}</title><link>${base}${a.path}</link><guid>${base}${a.path}</guid>${a.article.published ? `<pubDate>${new Date(a.article.published).toUTCString()}</pubDate>` : ''}</item>`)
    .join('')}</channel></rss>`;
}

/** The loopback news site: `/feed/K.xml` lists the released items of feed K; pages are pre-rendered. */
class BenchSite {
  readonly server: Server;
  base = '';
  readonly pages = new Map<string, Buffer>();
  readonly feeds: BenchArticle[][] = Array.from({ length: FEEDS }, () => []);
  /** when each page path was first listed in a served feed (ms since epoch) */
  readonly firstListed = new Map<string, number>();

  constructor() {
    this.server = createServer((req, res) => {
      const url = req.url ?? '/';
      const feed = /^\/feed\/(\d+)\.xml$/.exec(url);
      if (feed) {
        const k = Number(feed[1]);
        const items = this.feeds[k] ?? [];
        const now = Date.now();
        for (const a of items) if (!this.firstListed.has(a.path)) this.firstListed.set(a.path, now);
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(items.slice(-200), this.base, k));
        return;
      }
      const page = this.pages.get(url);
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }).end(page);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  release(items: BenchArticle[]): void {
    for (const a of items) {
      this.pages.set(a.path, a.page);
      this.feeds[a.index % FEEDS]!.push(a);
    }
  }

  reset(): void {
    this.pages.clear();
    for (const f of this.feeds) f.length = 0;
    this.firstListed.clear();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Extraction alone, as a worker does it (bytes decoded, then Readability over linkedom), in a process of
 * its own like a worker: this process holds every page as a Buffer for the site, and that much
 * off-heap memory makes V8 collect far more often (extraction here ran 3–4× slower than in a worker).
 */
async function extractOnly(count: number): Promise<{ perS: number; msPerPage: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/run.mjs'), path.join(ROOT, 'bench/extract-only.ts'), String(count)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench/ingest: extraction-only process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { perS: number; msPerPage: number };
}

/** jsdom on a sample of the same pages: ms per page, and how often its text equals linkedom's. */
async function jsdomSample(items: BenchArticle[]): Promise<{ msPerPage: number; sameText: number }> {
  const virtualConsole = new VirtualConsole();
  let ms = 0;
  let same = 0;
  for (const a of items) {
    const html = a.page.toString('utf8');
    const t0 = performance.now();
    const dom = new JSDOM(html, { url: `http://127.0.0.1${a.path}`, virtualConsole });
    const parsed = new Readability(dom.window.document).parse();
    dom.window.close();
    ms += performance.now() - t0;
    const theirs = htmlToText(parsed?.content ?? '');
    if (theirs === extractArticle(html, a.path).text) same++;
    // jsdom frees a closed window only once the event loop turns
    await new Promise((r) => setImmediate(r));
  }
  return { msPerPage: ms / items.length, sameText: same / items.length };
}

async function resetDatabase(): Promise<void> {
  const url = new URL(BENCH_DB);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await sql`drop database if exists ${sql(name)} with (force)`;
  await sql.end();
}

/** A worker process of the real pipeline; resolves once it is taking jobs. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the workers
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin/main.mjs'), '--role=worker'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('frontier watch started')) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`bench/ingest: worker exited with ${code} before starting`)));
  });
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
    if (w.exitCode !== null) return resolve();
    w.once('exit', () => resolve());
    w.kill('SIGTERM');
  })));
}

/** Resident set of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface Pipeline {
  runtime: Runtime;
  env: Record<string, string>;
  close: () => Promise<void>;
}

/** A fresh database with the site's feeds and 1,000 alerts, and a queue prefix of its own. */
async function openPipeline(site: BenchSite): Promise<Pipeline> {
  await resetDatabase();
  const env = {
    DATABASE_URL: BENCH_DB,
    QUEUE_PREFIX: `bench-ingest-${randomBytes(4).toString('hex')}`,
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    SEED_DEFAULT_FEEDS: 'false',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  const runtime = await createRuntime(loadConfig(env), createLogger('warn'));
  await insertFeeds(runtime.deps.sql, Array.from({ length: FEEDS }, (_, k) => ({ url: `${site.base}/feed/${k}.xml`, name: `Bench outlet ${k}` })), 600);
  for (const query of generateAlertQueries(1000, 7)) {
    await createAlert(runtime.deps.sql, newAlertSchema.parse({ name: query.slice(0, 100), query }));
  }
  return {
    runtime,
    env,
    close: async () => {
      await obliterateQueues(runtime.deps.queues);
      await runtime.close();
      await resetDatabase();
    },
  };
}

async function pollAllFeeds(p: Pipeline): Promise<void> {
  const ids = await p.runtime.deps.sql<{ id: number }[]>`select id::int from feeds order by id`;
  await p.runtime.deps.queues[QUEUE.pollFeed].addBulk(ids.map(({ id }) => ({ name: QUEUE.pollFeed, data: { feedId: id } })));
}

async function waitMatched(p: Pipeline, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await p.runtime.deps.sql<{ n: number }[]>`select count(*)::int as n from articles where stage = 'matched'`;
    if (row!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`bench/ingest: only ${row!.n} of ${count} articles through every stage after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Articles per second through every stage with `procs` worker processes. */
async function ingestRate(site: BenchSite, items: BenchArticle[], procs: number): Promise<number> {
  site.reset();
  site.release(items);
  const p = await openPipeline(site);
  const workers = await Promise.all(Array.from({ length: procs }, () => startWorker(p.env)));
  try {
    const t0 = performance.now();
    await pollAllFeeds(p);
    await waitMatched(p, items.length, 30 * 60_000);
    return items.length / ((performance.now() - t0) / 1000);
  } finally {
    await stopWorkers(workers);
    await p.close();
  }
}

/** Feed-served → stored (text and labels) latency for items released at `perS` into live feeds. */
async function feedToStored(site: BenchSite, items: BenchArticle[], perS: number, log: Log): Promise<number[]> {
  site.reset();
  const p = await openPipeline(site);
  const [worker] = await Promise.all([startWorker(p.env)]);
  try {
    const started = Date.now();
    let released = 0;
    // the scheduler's tick in miniature: every second, release what is due and poll every feed
    while (released < items.length) {
      const due = Math.min(items.length, Math.floor(((Date.now() - started) / 1000 + 1) * perS));
      site.release(items.slice(released, due));
      released = due;
      await pollAllFeeds(p);
      await new Promise((r) => setTimeout(r, 1000));
    }
    await waitMatched(p, items.length, 5 * 60_000);
    const rows = await p.runtime.deps.sql<{ url: string; at: Date }[]>`select url, classified_at as at from articles`;
    const latencies = rows.map((r) => r.at.getTime() - (site.firstListed.get(new URL(r.url).pathname) ?? NaN)).filter((x) => Number.isFinite(x));
    log(`bench/ingest: latency run: ${items.length} items released at ${perS}/s into ${FEEDS} feeds polled every second; ${latencies.length} measured`);
    return latencies;
  } finally {
    await stopWorkers([worker!]);
    await p.close();
  }
}

/** One worker's resident memory after 50,000 and 100,000 articles (long: about half an hour). */
async function soak(site: BenchSite, log: Log): Promise<Record<string, number>> {
  site.reset();
  const p = await openPipeline(site);
  const worker = await startWorker(p.env);
  const marks: Record<number, number> = {};
  try {
    for (let done = 0; done < 100_000; done += 5_000) {
      site.release(benchArticles(5_000, done));
      await pollAllFeeds(p);
      await waitMatched(p, done + 5_000, 60 * 60_000);
      marks[done + 5_000] = rssMb(worker.pid!);
      log(`bench/ingest: soak: ${done + 5_000} articles, worker RSS ${round(marks[done + 5_000]!)} MB`);
      // pages already ingested are not needed any more
      for (const f of site.feeds) f.length = 0;
      site.pages.clear();
    }
  } finally {
    await stopWorkers([worker]);
    await p.close();
  }
  return {
    worker_rss_mb_after_50k: round(marks[50_000]!),
    worker_rss_growth_mb_50k_to_100k: round(marks[100_000]! - marks[50_000]!),
  };
}

export async function benchIngest(opts: { quick: boolean; soak?: boolean; log?: Log }): Promise<Record<string, number | null>> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const count = opts.quick ? 600 : 2_000;
  const items = benchArticles(count);
  const sizes = items.map((a) => a.page.length / 1024);
  log(`bench/ingest: ${count} pages, ${round(percentile(sizes, 50))} KB median (${round(Math.min(...sizes))}–${round(Math.max(...sizes))} KB)`);

  const extract = await extractOnly(count);
  const sample = await jsdomSample(items.slice(0, opts.quick ? 30 : 100));
  log(`bench/ingest: extraction alone: linkedom ${round(extract.msPerPage)} ms a page (${round(extract.perS)} articles/s); jsdom ${round(sample.msPerPage)} ms a page, same text as linkedom on ${round(sample.sameText * 100)}% of ${opts.quick ? 30 : 100} pages`);

  const site = new BenchSite();
  await site.start();
  try {
    const one = await ingestRate(site, items, 1);
    log(`bench/ingest: ingest with 1 worker process: ${round(one)} articles/s`);
    const two = await ingestRate(site, items, 2);
    log(`bench/ingest: ingest with 2 worker processes: ${round(two)} articles/s (${round(two / one, 2)}×)`);
    const latencies = await feedToStored(site, benchArticles(opts.quick ? 120 : 400, 1_000_000), opts.quick ? 6 : 10, log);
    const memory = opts.soak ? await soak(site, log) : { worker_rss_mb_after_50k: null, worker_rss_growth_mb_50k_to_100k: null };
    if (!opts.soak) log('bench/ingest: worker memory after 50k/100k articles needs --soak (about half an hour)');
    return {
      extract_only_articles_per_s_1proc: round(extract.perS),
      extract_linkedom_ms_per_page: round(extract.msPerPage),
      extract_jsdom_ms_per_page: round(sample.msPerPage),
      extract_jsdom_same_text_pct: round(sample.sameText * 100),
      ingest_articles_per_s_1proc: round(one),
      ingest_articles_per_s_2proc: round(two),
      ingest_to_extract_ratio: round(one / extract.perS, 2),
      ingest_2proc_scaling: round(two / one, 2),
      feed_to_stored_p50_ms: round(percentile(latencies, 50)),
      feed_to_stored_p95_ms: round(percentile(latencies, 95)),
      ...memory,
    };
  } finally {
    await site.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await benchIngest({ quick: process.argv.includes('--quick'), soak: process.argv.includes('--soak') }));
}
