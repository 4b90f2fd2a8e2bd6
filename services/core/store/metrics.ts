import type { Db } from '../db.ts';

export interface MetricsSnapshot {
  articles: number;
  stages: { stage: string; n: number }[];
  feeds: { status: string; n: number }[];
  pollFailures24h: number;
  stories: number;
}

/** The system-wide figures /metrics reports, in one round trip (estimates where counting would scan). */
export async function metricsSnapshot(sql: Db): Promise<MetricsSnapshot> {
  const [row] = await sql<[MetricsSnapshot]>`
    select
      (select coalesce(max(id), 0)::int from articles) as articles,
      (select coalesce(json_agg(t), '[]') from (
        select stage, count(*)::int as n from articles where stage <> 'matched' group by 1) t) as stages,
      (select coalesce(json_agg(t), '[]') from (select status, count(*)::int as n from feeds where enabled group by 1) t) as feeds,
      (select count(*)::int from feed_polls where outcome = 'error' and polled_at > now() - interval '24 hours') as "pollFailures24h",
      (select count(*)::int from stories where merged_into is null) as stories`;
  return row;
}
