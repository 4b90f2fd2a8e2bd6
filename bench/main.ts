import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchAlerts } from './alerts.ts';
import { benchApi } from './api.ts';
import { benchClassify } from './classify.ts';
import { benchIngest } from './ingest.ts';
import { benchStoryAssign } from './story-assign.ts';

/**
 * `npm run bench [-- --quick] [--json FILE] [--only ingest,classify,story-assign,api,alerts] [--soak]`: runs the
 * benchmarks (all, or those named), prints a table and writes the figures as JSON (default
 * bench-results/latest.json). Each benchmark reports the median of several runs.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 && args[jsonIndex + 1] ? args[jsonIndex + 1]! : 'bench-results/latest.json';
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 && args[onlyIndex + 1] ? args[onlyIndex + 1]!.split(',') : null;
const wanted = (name: string) => only === null || only.includes(name);

const results: Record<string, number | null> = {};
const targets: Record<string, string> = {
  ingest_to_extract_ratio: '≥ 0.8',
  ingest_2proc_scaling: '≥ 1.7×',
  feed_to_stored_p95_ms: '≤ 2000 ms',
  worker_rss_mb_after_50k: 'run with --soak',
  classify_mb_per_s: '≥ 20 MB/s per core',
  story_assign_p50_ms_at_1m: '≤ 5 ms',
  api_overview_p95_ms_at_1m: '≤ 50 ms',
  api_search_p95_ms_at_1m: '≤ 150 ms',
  api_rps_overview: '≥ 500 req/s (50 connections)',
  alert_match_p50_ms_1000_alerts: '≤ 2 ms',
  stored_to_alert_p95_ms: '≤ 1000 ms (1,000 alerts)',
};

if (wanted('ingest')) Object.assign(results, await benchIngest({ quick, soak: args.includes('--soak') }));
if (wanted('classify')) Object.assign(results, await benchClassify({ quick }));
// the first run generates the million-article database (about five minutes); later runs reuse it
if (wanted('story-assign')) Object.assign(results, await benchStoryAssign({ quick }));
if (wanted('api')) Object.assign(results, await benchApi({ quick }));
if (wanted('alerts')) Object.assign(results, await benchAlerts({ quick }));

console.log(`\nFrontier Watch benchmarks${quick ? ' (quick)' : ''}\n`);
console.log(`${'metric'.padEnd(38)}${'value'.padStart(12)}   target`);
for (const [key, value] of Object.entries(results)) {
  console.log(`${key.padEnd(38)}${String(value).padStart(12)}   ${targets[key] ?? ''}`);
}
await mkdir(path.dirname(path.resolve(jsonFile)), { recursive: true });
await writeFile(jsonFile, `${JSON.stringify({ quick, ...(only ? { only } : {}), at: new Date().toISOString(), ...results }, null, 2)}\n`);
console.log(`\nwrote ${jsonFile}`);
