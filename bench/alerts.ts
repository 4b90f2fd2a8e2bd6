// Alerts with 1,000 alerts defined (generated deterministically: see alert-queries.ts).
//
// 1. Matching, in memory: the fixture articles (classified once by the real classifier) are matched
//    against the 1,000 queries compiled once into an AlertIndex, timing per article what the
//    match-alerts stage does in memory: the document's words (documentWords), then index.match; the
//    naive way (every compiled query tried on every article) is timed beside it in the same runs, and
//    both must find the same alerts. Reports the median over runs of each run's p50 and p95.
// 2. Stored to delivered, on the real pipeline: a database and queue prefix of its own, the 1,000
//    alerts (half story, half article scope; instant; webhooks to a local receiver, one path per
//    alert) plus one article alert that matches every report, and the real classify → assign-story →
//    match-alerts → deliver-alert workers running in this process. Fixture articles arrive one at a
//    time at a steady rate, already extracted; see `benchStoredToAlert` for what the interval covers.
// Run alone: `node bin/run.mjs bench/alerts.ts [--quick]`.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'bullmq';
import { pino } from 'pino';
import postgres from 'postgres';
import { newAlertSchema } from '../services/alerts/alert-input.ts';
import { AlertIndex, compileAlertQuery, documentWords, nameResolver } from '../services/alerts/alert-index.ts';
import { queryDocument } from '../services/alerts/match-alerts.ts';
import { startWebhookReceiver } from '../services/alerts/testing/receivers.ts';
import { createClassifier } from '../services/classifier/index.ts';
import { loadClassifierData } from '../services/classifier/load-data.ts';
import { createNameIndex } from '../services/classifier/names.ts';
import { loadConfig } from '../services/core/config.ts';
import { createSql, inTransaction, type Sql } from '../services/core/db.ts';
import { enqueueArticles, obliterateQueues, QUEUE } from '../services/core/queues.ts';
import { createAlert, deliveryCounts, type ArticleForAlerts } from '../services/core/store/alerts.ts';
import { insertExtractedArticles } from '../services/core/store/articles.ts';
import type { FixtureArticle } from '../services/demo/fixture-articles.ts';
import { demoArticles } from '../services/demo/store-fixtures.ts';
import { createRuntime } from '../services/runtime.ts';
import { startWorkers } from '../services/workers.ts';
import { countUnindexed, generateAlertQueries, mulberry32 } from './alert-queries.ts';

const ALERTS = 1000;
const SEED = 20_251;
const BENCH_DB = process.env.BENCH_ALERTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/frontier_bench_alerts';
/** Matches every fixture report (all of them say "the"): each injected article gets a delivery. */
const CATCH_ALL = 'the OR pakistan OR afghanistan';

type Log = (s: string) => void;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function median(values: number[]): number {
  return percentile(values, 50);
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * GC pauses while `fn` runs, and for asynchronous work the event-loop delay (the matcher, workers and
 * receiver share one thread: a long task delays every job and webhook behind it).
 */
async function watched<T>(log: Log, what: string, fn: () => Promise<T>, opts: { loopDelay: boolean }): Promise<T> {
  const gc: number[] = [];
  const obs = new PerformanceObserver((list) => gc.push(...list.getEntries().map((e) => e.duration)));
  obs.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  if (opts.loopDelay) loop.enable();
  const [cpu, wall] = [process.cpuUsage(), performance.now()];
  try {
    return await fn();
  } finally {
    loop.disable();
    await sleep(20); // GC entries are queued for a later turn of the event loop
    gc.push(...obs.takeRecords().map((e) => e.duration));
    obs.disconnect();
    const used = process.cpuUsage(cpu);
    const busy = (used.user + used.system) / 1000 / (performance.now() - wall);
    const delay = opts.loopDelay ? `; event-loop delay p99 ${round(loop.percentile(99) / 1e6, 1)} ms, max ${round(loop.max / 1e6, 1)} ms` : '';
    log(`${what}: this process used ${round(busy * 100, 0)}% of a core; ${gc.length} GC pauses, ${round(gc.reduce((a, b) => a + b, 0), 0)} ms in all, longest ${round(Math.max(0, ...gc), 1)} ms${delay}`);
  }
}

/** A fixture article as the match stage loads it, labelled by the real classifier, in a story of its own. */
function forAlerts(classify: ReturnType<typeof createClassifier>, a: FixtureArticle, id: number): ArticleForAlerts {
  const r = classify.classify({ id: a.id, title: a.title, text: a.text, published: a.published ?? undefined });
  const categories = r.categories.filter((c) => c.applies).map((c) => c.name).sort();
  const actors = [...new Set(r.actors.map((x) => x.name))];
  const { killed, injured } = r.casualties;
  const place = r.locations[0];
  return {
    id, stage: 'grouped', url: `https://${a.domain}/${a.id}`, source: a.domain, title: a.title, text: a.text, lang: 'en',
    publishedAt: a.published ? new Date(a.published) : null, categories, places: r.locations, actors, killed, injured, following: [], alertRevision: 1,
    story: {
      id, version: 1, title: a.title, url: null, source: a.domain, firstSeen: new Date(a.published ?? 0), categories,
      place: place?.district ?? place?.name ?? null, province: place?.province ?? null, places: r.locations.slice(0, 3), actors,
      killed, injured, killedMin: killed, killedMax: killed, injuredMin: injured, injuredMax: injured, outletCount: 1,
    },
  };
}

/** Per-article matching time with the index and without it, in the same runs. */
async function benchMatch(opts: { quick: boolean }, queries: string[], log: Log): Promise<Record<string, number>> {
  const data = loadClassifierData();
  const resolver = nameResolver(createNameIndex(data.places, data.actors));
  const classifier = createClassifier();
  const articles = demoArticles().map((a, i) => forAlerts(classifier, a, i + 1));
  const alerts = queries.map((query, i) => ({ id: i + 1, query }));
  let t0 = performance.now();
  const index = new AlertIndex(alerts, resolver);
  log(`${index.size} alerts compiled and indexed in ${round(performance.now() - t0, 1)} ms ` +
    `(${countUnindexed(queries)} without key words, ${index.invalid.length} invalid); ${articles.length} articles`);
  // compiled exactly as the index compiles them (parsed, stemmed), but tried one by one
  const tests = index.alerts.map((a) => ({ alert: a, test: compileAlertQuery(a.query, resolver).test }));
  const scopeOf = (i: number) => (i % 2 ? 'article' : 'story');
  const indexed = (a: ArticleForAlerts, i: number) => index.match(queryDocument(a, scopeOf(i), documentWords(a.title, a.text)));
  const naive = (a: ArticleForAlerts, i: number) => {
    const doc = queryDocument(a, scopeOf(i), documentWords(a.title, a.text));
    return tests.filter((t) => t.test(doc)).map((t) => t.alert);
  };
  // the index must find exactly what trying every query finds
  let hits = 0;
  let mismatches = 0;
  articles.forEach((a, i) => {
    const got = indexed(a, i).map((x) => x.id).join();
    const want = naive(a, i).map((x) => x.id).join();
    hits += got ? got.split(',').length : 0;
    if (got !== want) mismatches++;
  });
  if (mismatches > 0) log(`WARNING: the index and the naive match disagree on ${mismatches} of ${articles.length} articles`);
  let sink = 0;
  const pass = (match: typeof indexed): number[] =>
    articles.map((a, i) => {
      t0 = performance.now();
      sink += match(a, i).length;
      return performance.now() - t0;
    });
  for (let w = 0; w < (opts.quick ? 3 : 6); w++) {
    pass(indexed);
    pass(naive);
  }
  const runs = { indexed: [] as number[][], naive: [] as number[][] };
  await watched(log, 'timed matching', async () => {
    for (let r = 0; r < (opts.quick ? 3 : 7); r++) {
      // alternate which goes first, so neither always runs on a freshly collected heap
      const order = r % 2 ? (['naive', 'indexed'] as const) : (['indexed', 'naive'] as const);
      for (const kind of order) {
        runs[kind].push(pass(kind === 'indexed' ? indexed : naive));
        await sleep(0); // a turn of the event loop between passes, as between jobs
      }
    }
  }, { loopDelay: false });
  if (sink < 0) log(String(sink)); // keeps the work observable
  const mid = (xs: number[][], p: number) => median(xs.map((times) => percentile(times, p)));
  log(`index: p50 ${round(mid(runs.indexed, 50), 3)} ms, p95 ${round(mid(runs.indexed, 95), 3)} ms; naive: p50 ` +
    `${round(mid(runs.naive, 50), 3)} ms, p95 ${round(mid(runs.naive, 95), 3)} ms; ${round(hits / articles.length, 1)} alerts matched an article on average`);
  return {
    alert_match_p50_ms_1000_alerts: round(mid(runs.indexed, 50), 3),
    alert_match_p95_ms_1000_alerts: round(mid(runs.indexed, 95), 3),
    alert_match_naive_p50_ms_1000_alerts: round(mid(runs.naive, 50), 3),
    alert_match_mean_hits_1000_alerts: round(hits / articles.length, 1),
  };
}

/** Drops the benchmark's database (left over from an interrupted run, or when done). */
async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql`drop database if exists ${sql(name)} with (force)`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The interval timed per article: from just after the statement storing it as extracted has committed
 * (the end of the extract stage) to the moment the local receiver has read the whole body of the
 * first webhook naming it (notifications[].articleId; a story notification names the report that
 * triggered it). It covers queueing the classify job, every queue wait and worker pickup, classify,
 * assign-story, match-alerts (with the 1,000 alerts compiled in memory) and the delivery's
 * transaction up to the HTTP POST arriving; not fetching or extracting the page, not the receiver's
 * answer nor the delivery being recorded as sent.
 */
async function benchStoredToAlert(opts: { quick: boolean }, queries: string[], log: Log): Promise<Record<string, number>> {
  const receiver = await startWebhookReceiver();
  const firstAt = new Map<number, number>();
  receiver.onRequest = (hook) => {
    const at = performance.now();
    const body = JSON.parse(hook.body) as { notifications: { articleId: number | null }[] };
    for (const n of body.notifications) if (n.articleId !== null && !firstAt.has(n.articleId)) firstAt.set(n.articleId, at);
  };
  await dropDatabase(BENCH_DB);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: BENCH_DB,
    QUEUE_PREFIX: `bench-alerts-${randomBytes(4).toString('hex')}`,
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    SEED_DEFAULT_FEEDS: 'false',
  });
  // failed jobs are worth seeing, on stderr (stdout carries the results)
  const runtime = await createRuntime(config, pino({ name: 'bench-alerts', level: 'warn' }, pino.destination(2)));
  const { sql, queues } = runtime.deps;
  // the extract stage's own connections, as in a deployment where another worker stores the pages
  const extractor = createSql(BENCH_DB, { max: 2 });
  let workers: Worker[] = [];
  try {
    await inTransaction(sql, async (tx) => {
      for (const [i, query] of queries.entries()) {
        const scope = i % 2 ? 'article' : 'story';
        await createAlert(tx, newAlertSchema.parse({ name: `bench ${i + 1}`, query, scope, webhookUrl: `${receiver.url}/alerts/${i + 1}` }));
      }
      await createAlert(tx, newAlertSchema.parse({ name: 'bench: every report', query: CATCH_ALL, scope: 'article', webhookUrl: `${receiver.url}/all` }));
    });
    workers = startWorkers(runtime.deps, runtime.workerRedis(), [QUEUE.classifyArticle, QUEUE.assignStory, QUEUE.matchAlerts, QUEUE.deliverAlert]);
    await Promise.all(workers.map((w) => w.waitUntilReady()));

    // the fixture articles in a fixed shuffled order, each under a URL of its own
    const rnd = mulberry32(SEED);
    const pool = demoArticles().map((a) => ({ a, k: rnd() })).sort((x, y) => x.k - y.k).map((x) => x.a);
    const storedAt = new Map<number, { perf: number; wall: number }>();
    const inject = async (n: number, perSecond: number): Promise<number[]> => {
      const ids: number[] = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        await sleep(start + (i * 1000) / perSecond - performance.now());
        const a = pool.shift();
        if (!a) throw new Error('bench/alerts: ran out of fixture articles');
        const url = `https://${a.domain}/bench/${storedAt.size}-${a.id}`;
        const [id] = await insertExtractedArticles(extractor, [{ url, source: a.domain, title: a.title, body: a.text, publishedAt: a.published ? new Date(a.published) : null }]);
        storedAt.set(id!, { perf: performance.now(), wall: Date.now() });
        await enqueueArticles(queues[QUEUE.classifyArticle], [id!]);
        ids.push(id!);
      }
      return ids;
    };
    // waits until every article has been delivered and no delivery is left pending (or a deadline)
    const settle = async (ids: number[], ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const busy = (await deliveryCounts(sql)).some((c) => (c.status === 'pending' || c.status === 'sending') && c.n > 0);
        if ((!busy && ids.every((id) => firstAt.has(id))) || Date.now() > deadline) return;
        await sleep(100);
      }
    };

    // warm-up: the first match loads and compiles the alerts; the JIT, pools and connections settle
    await settle(await inject(10, 10), 60_000);
    const before = receiver.received.length;
    const rate = 8;
    const ids = await watched(log, 'pipeline', async () => {
      const injected = await inject(rate * (opts.quick ? 10 : 30), rate);
      await settle(injected, 30_000);
      return injected;
    }, { loopDelay: true });
    const deliveries = receiver.received.length - before;
    const missing = ids.filter((id) => !firstAt.has(id));
    if (missing.length > 0) log(`WARNING: ${missing.length} of ${ids.length} articles got no webhook: ${missing.slice(0, 20).join(', ')}`);
    const times = ids.filter((id) => firstAt.has(id)).map((id) => firstAt.get(id)! - storedAt.get(id)!.perf);
    if (times.length === 0) throw new Error('bench/alerts: no article was delivered');
    log(`${ids.length} articles at ${rate}/s, ${deliveries} webhooks (${round(deliveries / ids.length, 1)} an article); ` +
      `stored → first webhook p50 ${round(percentile(times, 50), 1)} ms, p95 ${round(percentile(times, 95), 1)} ms, max ${round(Math.max(...times), 1)} ms`);
    log(`stage by stage, p50/p95: ${await stageBreakdown(sql, ids, storedAt, firstAt)}`);
    return {
      stored_to_alert_p50_ms: round(percentile(times, 50), 1),
      stored_to_alert_p95_ms: round(percentile(times, 95), 1),
      stored_to_alert_deliveries: deliveries,
      stored_to_alert_missing: missing.length,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await obliterateQueues(queues);
    await runtime.close();
    await extractor.end({ timeout: 5 });
    await receiver.close();
    await dropDatabase(BENCH_DB);
  }
}

/**
 * Where the time goes, from the rows' timestamps (each the start of the transaction that wrote it, on
 * the same clock): stored → classify's write began → assign-story's began → match-alerts' write began
 * (after loading the article and matching in memory) → the first delivery's send began → received.
 */
async function stageBreakdown(
  sql: Sql,
  ids: number[],
  storedAt: Map<number, { perf: number; wall: number }>,
  firstAt: Map<number, number>,
): Promise<string> {
  const rows = await sql<{ id: number; classified: number; grouped: number; notified: number | null; sending: number | null }[]>`
    select a.id::int,
      extract(epoch from a.classified_at) * 1000 as classified, extract(epoch from a.grouped_at) * 1000 as grouped,
      (select extract(epoch from min(n.created_at)) * 1000 from alert_notifications n where n.article_id = a.id) as notified,
      (select extract(epoch from min(d.started_at)) * 1000 from alert_deliveries d
        join alert_notifications n on n.id = d.notification_id where n.article_id = a.id) as sending
    from articles a where a.id = any(${ids})`;
  const steps: Record<string, number[]> = { 'to classify': [], 'to assign': [], 'to match': [], 'to deliver': [], 'to received': [] };
  for (const r of rows) {
    const s = storedAt.get(r.id)!;
    const received = firstAt.has(r.id) ? s.wall + (firstAt.get(r.id)! - s.perf) : null;
    const marks = [s.wall, Number(r.classified), Number(r.grouped), r.notified === null ? null : Number(r.notified), r.sending === null ? null : Number(r.sending), received];
    Object.values(steps).forEach((list, k) => {
      const [from, to] = [marks[k], marks[k + 1]];
      if (from !== null && from !== undefined && to !== null && to !== undefined) list.push(to - from);
    });
  }
  return Object.entries(steps).map(([k, v]) => `${k} ${v.length ? `${round(median(v), 1)}/${round(percentile(v, 95), 1)}` : '–'} ms`).join(', ');
}

/** Matching time with 1,000 alerts, and stored-to-webhook latency on the real pipeline with them. */
export async function benchAlerts(opts: { quick: boolean; log?: Log }): Promise<Record<string, number>> {
  const log = opts.log ?? ((s: string) => console.error(`bench/alerts: ${s}`));
  const queries = generateAlertQueries(ALERTS, SEED);
  return { ...(await benchMatch(opts, queries, log)), ...(await benchStoredToAlert(opts, queries, log)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchAlerts({ quick: process.argv.includes('--quick') }));
}
