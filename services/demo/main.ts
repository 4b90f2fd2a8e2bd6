import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/log.ts';
import { obliterateQueues } from '../core/queues.ts';
import { handleShutdown } from '../core/shutdown.ts';
import { countArticlesByStage, pipelineProgress } from '../core/store/articles.ts';
import { insertFeeds, markAllFeedsDue } from '../core/store/feeds.ts';
import { startRoles } from '../main.ts';
import { scheduleDueFeeds } from '../poller/schedule.ts';
import { createRuntime } from '../runtime.ts';
import { FIXTURES_DIR, loadCorpus, loadSeeds } from './fixture-articles.ts';
import { startFixtureSite } from './fixture-site.ts';
import { newAlertSchema } from '../alerts/alert-input.ts';
import { createAlert, listAlerts, unreadCount } from '../core/store/alerts.ts';
import type { Sql } from '../core/db.ts';

/** Alerts a new demo database starts with (inbox and Atom feed only: nothing leaves the machine). */
const DEMO_ALERTS = [
  { name: 'Attacks in Khyber Pakhtunkhwa', query: 'category:attack place:"Khyber Pakhtunkhwa"' },
  { name: 'Border crossings', query: 'Torkham OR Chaman OR "Spin Boldak" OR "Angoor Adda"', scope: 'article' },
  { name: 'Talks and ceasefires (daily digest)', query: 'category:talks_ceasefire', mode: 'daily', digestAt: '08:00', timeZone: 'Asia/Karachi' },
  { name: 'Surge in attacks', query: 'category:attack', kind: 'surge', surgeWindowH: 72, surgeFactor: 2, surgeMin: 3 },
];

async function seedDemoAlerts(sql: Sql): Promise<void> {
  if ((await listAlerts(sql)).length > 0) return;
  for (const input of DEMO_ALERTS) await createAlert(sql, newAlertSchema.parse(input));
}

/**
 * `npm run demo`: a local fixture news site on loopback, the whole pipeline pointed at it, and the
 * dashboard. Uses its own database (frontier_demo) and queue prefix unless DATABASE_URL/QUEUE_PREFIX
 * are set. `--exit-when-done` stops once every fixture article is classified (for timing and CI).
 */
export async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/frontier_demo',
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'frontier-demo',
    SEED_DEFAULT_FEEDS: process.env.SEED_DEFAULT_FEEDS ?? 'false',
    FETCH_ALLOW_HOSTS: [process.env.FETCH_ALLOW_HOSTS, '127.0.0.1'].filter(Boolean).join(','),
  };
  const config = loadConfig(env);
  const log = createLogger(config.LOG_LEVEL);
  const articles = [...loadCorpus(), ...loadCorpus(path.join(FIXTURES_DIR, 'stories')), ...loadSeeds()];
  const site = await startFixtureSite({ articles, port: Number(process.env.FIXTURE_PORT ?? 8077) });
  log.info({ url: site.url, feeds: site.feeds.length, articles: articles.length }, 'fixture news site started');

  const runtime = await createRuntime(config, log);
  const { deps } = runtime;
  // the demo owns its queue prefix: start from empty queues, whatever an earlier run left in Redis
  await obliterateQueues(deps.queues);
  await seedDemoAlerts(deps.sql);
  await insertFeeds(deps.sql, site.feeds.map((f) => ({ url: f.url, name: f.name })), config.FEED_DEFAULT_INTERVAL);
  await markAllFeedsDue(deps.sql);
  const { closers, server } = await startRoles(runtime, ['scheduler', 'worker', 'dashboard']);
  const address = server?.address();
  const dashboardUrl = `http://${config.HOST}:${typeof address === 'object' && address ? address.port : config.PORT}`;
  closers.push({ name: 'fixture site', close: () => site.close() });
  handleShutdown(log, closers);
  await scheduleDueFeeds(deps);

  for (;;) {
    const row = await pipelineProgress(deps.sql, `${site.url}/`, '/bad/');
    if (row.done >= articles.length && row.pending === 0) {
      const stages = await countArticlesByStage(deps.sql);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `demo: ${row.done} fixture articles stored, extracted, classified and grouped into stories in ${seconds}s (${site.feeds.length} feeds; articles by stage ${JSON.stringify(stages)})\n` +
          `demo: ${await unreadCount(deps.sql)} unread alert notifications from ${(await listAlerts(deps.sql)).length} demo alerts (${dashboardUrl}/alerts)\n` +
        `demo: dashboard at ${dashboardUrl} — Ctrl-C to stop\n`,
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (argv.includes('--exit-when-done')) process.kill(process.pid, 'SIGTERM');
}
