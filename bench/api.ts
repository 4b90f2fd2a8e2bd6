// Dashboard API at scale: with the million-article benchmark database (see story-assign.ts), how long
// do overview and search requests take over real HTTP, and how many overview requests a second does
// one dashboard process serve to 50 connections (autocannon)?
// Run alone: `node bin/run.mjs bench/api.ts [--quick]`.
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createApp } from '../dashboard/server/app.ts';
import { listenOnLoopback } from '../dashboard/server/testing/listen.ts';
import { loadConfig } from '../services/core/config.ts';
import { createLogger } from '../services/core/log.ts';
import { createProducerRedis } from '../services/core/redis.ts';
import { refreshStoryRollups } from '../services/core/store/story-rollups.ts';
import { openBenchDatabase } from './story-assign.ts';

/** Overview views a user clicks through: ranges, a category, a place; answered from the rollups or few stories. */
const OVERVIEW_VIEWS = ['', 'range=7d', 'range=90d', 'range=1y', 'category=attack', 'range=90d&category=border_clash', 'place=Bannu', 'place=Khyber%20Pakhtunkhwa', 'actor=TTP', 'source=outlet7.example'];
/** Views narrowed by a query in the alert language (matched against the articles' text). */
const QUERY_VIEWS = ['q=Bannu%20checkpost', 'q=%22North%20Waziristan%22%20suicide', 'q=Torkham%20OR%20Chaman'];
const SEARCHES = ['q=Bannu', 'q=suicide%20attack', 'q=%22North%20Waziristan%22', 'q=Torkham%20OR%20Chaman', 'q=drone*%20-quadcopter', 'q=Bannu&kind=stories', 'q=category:attack%20Lakki', 'q=Kurram&range=90d'];

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

async function timeRequests(base: string, paths: string[], rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const p of paths) {
      const t0 = performance.now();
      const res = await fetch(`${base}${p}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bench/api: ${p} answered ${res.status}`);
      times.push(performance.now() - t0);
    }
  }
  return times;
}

export async function benchApi(opts: { quick: boolean; log?: (s: string) => void }): Promise<Record<string, number>> {
  const log = opts.log ?? ((s: string) => console.error(`bench/api: ${s}`));
  const sql = await openBenchDatabase(log);
  const redis = createProducerRedis(loadConfig().REDIS_URL);
  let server: Server | undefined;
  try {
    const started = Date.now();
    const days = await refreshStoryRollups(sql);
    if (days > 0) log(`rollups of ${days} days refreshed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const listening = await listenOnLoopback(createApp({ sql, redis, log: createLogger('silent') }));
    server = listening.server;
    const base = listening.base;
    const rounds = opts.quick ? 4 : 12;
    const overview = OVERVIEW_VIEWS.map((v) => `/api/overview?${v}`);
    const queries = QUERY_VIEWS.map((v) => `/api/overview?${v}`);
    const searches = SEARCHES.map((v) => `/api/search?${v}`);
    await timeRequests(base, [...overview, ...queries, ...searches], 2); // warm-up (caches, JIT, ingest_days)
    const o = await timeRequests(base, overview, rounds);
    const q = await timeRequests(base, queries, rounds);
    const s = await timeRequests(base, searches, rounds);
    const perView: Record<string, number> = {};
    for (const p of overview) perView[p.replace('/api/overview?', '') || '(default 30d)'] = round(percentile(await timeRequests(base, [p], opts.quick ? 5 : 15), 95));
    log(`overview p95 per view: ${JSON.stringify(perView)}`);
    const cannon = await autocannon({ url: `${base}/api/overview`, connections: 50, duration: opts.quick ? 5 : 15 });
    return {
      api_overview_p50_ms_at_1m: round(percentile(o, 50)),
      api_overview_p95_ms_at_1m: round(percentile(o, 95)),
      api_overview_query_p95_ms_at_1m: round(percentile(q, 95)),
      api_search_p50_ms_at_1m: round(percentile(s, 50)),
      api_search_p95_ms_at_1m: round(percentile(s, 95)),
      api_rps_overview: Math.round(cannon.requests.average),
      api_rps_overview_errors: cannon.errors + cannon.non2xx,
    };
  } finally {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await redis.quit();
    await sql.end({ timeout: 5 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchApi({ quick: process.argv.includes('--quick') }));
}
