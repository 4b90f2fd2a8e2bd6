// Prometheus metrics at /metrics: what Postgres and the queues hold is read at scrape time (so every
// process reports the whole system), and stage durations are observed by the workers of this process.

import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sql } from '../../services/core/db.ts';
import type { Queues } from '../../services/core/queues.ts';
import { stageDuration } from '../../services/core/stage-metrics.ts';
import { metricsSnapshot } from '../../services/core/store/metrics.ts';
import { deliveryCounts, unreadCount } from '../../services/core/store/alerts.ts';

/** A registry with the system-wide gauges filled in at every scrape. */
export function createMetrics(sql: Sql, queues: Queues | undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'frontier_process_' });
  registry.registerMetric(stageDuration);
  const articles = new Gauge({ name: 'frontier_articles_ingested_total', help: 'Articles stored (all time)', registers: [registry] });
  const byStage = new Gauge({ name: 'frontier_articles_by_stage', help: 'Articles still in the pipeline, per stage (matched articles are done)', labelNames: ['stage'] as const, registers: [registry] });
  const feeds = new Gauge({ name: 'frontier_feeds', help: 'Enabled feeds by status', labelNames: ['status'] as const, registers: [registry] });
  const failures = new Gauge({ name: 'frontier_feed_poll_failures_24h', help: 'Failed feed polls in the last 24 hours', registers: [registry] });
  const stories = new Gauge({ name: 'frontier_stories_total', help: 'Stories stored (merged ones excluded)', registers: [registry] });
  const depth = new Gauge({ name: 'frontier_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'] as const, registers: [registry] });
  const deliveries = new Gauge({ name: 'frontier_alert_deliveries', help: 'Alert deliveries by channel and status (failed ones wait for a retry)', labelNames: ['channel', 'status'] as const, registers: [registry] });
  const unread = new Gauge({ name: 'frontier_alert_unread', help: 'Unread alert notifications (capped at 1000)', registers: [registry] });
  const refresh = async () => {
    const [snap, counts, byDelivery, unreadNow] = await Promise.all([
      metricsSnapshot(sql),
      queues ? Promise.all(Object.values(queues).map(async (q) => [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')] as const)) : [],
      deliveryCounts(sql),
      unreadCount(sql),
    ]);
    deliveries.reset();
    for (const d of byDelivery) deliveries.set({ channel: d.channel, status: d.status }, d.n);
    unread.set(unreadNow);
    articles.set(snap.articles);
    byStage.reset();
    for (const s of snap.stages) byStage.set({ stage: s.stage }, s.n);
    feeds.reset();
    for (const f of snap.feeds) feeds.set({ status: f.status }, f.n);
    failures.set(snap.pollFailures24h);
    stories.set(snap.stories);
    depth.reset();
    for (const [queue, c] of counts) for (const [state, n] of Object.entries(c)) depth.set({ queue, state }, n);
  };
  // one refresh per scrape, before the registry is serialized
  const metrics = registry.metrics.bind(registry);
  registry.metrics = async () => {
    await refresh();
    return metrics();
  };
  return registry;
}
