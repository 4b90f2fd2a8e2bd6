// The overview's figures from daily rollups (see migrations/0004): a year of incidents is a few
// thousand rollup rows instead of hundreds of thousands of stories. Days a story write touched are
// marked dirty by a trigger and recomputed here, so the rollups stay exact.

import type { Db } from '../db.ts';
import type { Interval, OverviewFigures, StoryScope } from './overview.ts';

const CASUALTY_CATEGORIES = ['attack', 'border_clash', 'military_operation'];
const LOCK = 0x0f5e_7011; // advisory lock key: one refresher at a time

/**
 * Recomputes the rollups of every dirty day. Returns the number of days refreshed, or -1 when another
 * process holds the refresh (its result will be there in a moment; readers go on with what is stored).
 */
export async function refreshStoryRollups(sql: Db): Promise<number> {
  // the common case, nothing written since the last refresh, costs one read and no transaction
  const [dirty] = await sql<{ any: boolean }[]>`select exists (select 1 from story_rollup_dirty) as any`;
  if (!dirty!.any) return 0;
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${LOCK}) as ok`;
    if (!lock!.ok) return -1;
    const days = (await tx<{ day: string }[]>`delete from story_rollup_dirty returning day::text`).map((d) => d.day);
    if (days.length === 0) return 0;
    await tx`delete from story_rollups where day = any(${days}::date[])`;
    await tx`
      insert into story_rollups (day, dim, value, category, stories, killed, killed_min, killed_max, injured, injured_min, injured_max)
      select d.day, x.dim, x.value, c.category, count(*)::int,
        coalesce(sum(s.killed), 0)::int, coalesce(sum(s.killed_min), 0)::int, coalesce(sum(s.killed_max), 0)::int,
        coalesce(sum(s.injured), 0)::int, coalesce(sum(s.injured_min), 0)::int, coalesce(sum(s.injured_max), 0)::int
      from unnest(${days}::date[]) d(day)
      join stories s on s.first_seen >= d.day::timestamp at time zone 'UTC' and s.first_seen < (d.day + 1)::timestamp at time zone 'UTC'
      cross join lateral (
        select 'all' as dim, '' as value where s.dated
        union all select 'undated', '' where not s.dated
        union all select 'country', s.country where s.dated and s.country is not null
        union all select 'province', s.province where s.dated and s.province is not null
        union all select 'place', s.place where s.dated and s.place is not null
        union all select distinct 'actor', a from unnest(s.actors) a where s.dated
        union all select distinct 'outlet', o from unnest(s.outlets) o where s.dated
        union all select distinct 'claim', (c->>'actor') || '|' || (c->>'type') from jsonb_array_elements(s.claims) c where s.dated
      ) x
      cross join lateral (
        select '*' as category
        union all select distinct unnest(s.categories)
        union all select '+cas' where s.categories && ${CASUALTY_CATEGORIES}::text[]
      ) c
      where s.merged_into is null and s.relevant and s.article_count > 0
      group by 1, 2, 3, 4`;
    return days.length;
  });
}

/** Whether the rollups can answer a view: no filter but the category (others narrow to few stories). */
export function rollupsCanAnswer(scope: StoryScope): boolean {
  return !scope.query && !scope.place && !scope.actor && !scope.source;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The overview's story figures for a view the rollups can answer (see rollupsCanAnswer), but the latest stories. */
export async function rollupFigures(sql: Db, scope: StoryScope, interval: Interval, casualtyInterval: Interval): Promise<Omit<OverviewFigures, 'latest'>> {
  const span = scope.to.getTime() - scope.from.getTime();
  const prevFrom = day(new Date(scope.from.getTime() - span));
  const from = day(scope.from);
  const to = day(scope.to);
  const cat = scope.category ?? '*';
  const casCat = scope.category ? (CASUALTY_CATEGORIES.includes(scope.category) ? scope.category : '-none-') : '+cas';
  const bucket = (unit: Interval) => sql`date_trunc(${unit}, day::timestamp) at time zone 'UTC'`;
  const list = (dim: string, limit: number) => sql`
    select value, sum(stories)::int as n, sum(killed)::int as killed from story_rollups
    where dim = ${dim} and category = ${cat} and day >= ${from} and day < ${to}
    group by 1 order by 2 desc, 1 limit ${limit}`;
  const [row] = await sql<[Omit<OverviewFigures, 'latest'>]>`
    with sel as materialized (
      select day, category, stories, killed, killed_min, killed_max, injured, injured_min, injured_max
      from story_rollups where dim = 'all' and day >= ${prevFrom} and day < ${to}
    )
    select
      (select coalesce(json_agg(t order by t.bucket, t.category), '[]') from (
        select ${bucket(interval)} as bucket, category, sum(stories)::int as n from sel
        where day >= ${from} and category not in ('*', '+cas') ${scope.category ? sql`and category = ${scope.category}` : sql``}
        group by 1, 2) t) as trend,
      (select coalesce(json_agg(t order by t.bucket), '[]') from (
        select ${bucket(casualtyInterval)} as bucket, sum(stories)::int as incidents,
          sum(killed)::int as killed, sum(killed_min)::int as "killedLow", sum(killed_max)::int as "killedHigh",
          sum(injured)::int as injured, sum(injured_min)::int as "injuredLow", sum(injured_max)::int as "injuredHigh"
        from sel where day >= ${from} and category = ${casCat} group by 1) t) as casualties,
      (select coalesce(json_agg(t order by t.current desc, t.category), '[]') from (
        select category, coalesce(sum(stories) filter (where day >= ${from}), 0)::int as current,
          coalesce(sum(stories) filter (where day < ${from}), 0)::int as previous
        from sel where category not in ('*', '+cas') ${scope.category ? sql`and category = ${scope.category}` : sql``}
        group by 1) t) as comparison,
      (select json_build_object(
          'incidents', coalesce(sum(stories) filter (where category = ${cat} and day >= ${from}), 0),
          'previousIncidents', coalesce(sum(stories) filter (where category = ${cat} and day < ${from}), 0),
          'killed', coalesce(sum(killed) filter (where category = ${casCat} and day >= ${from}), 0),
          'killedLow', coalesce(sum(killed_min) filter (where category = ${casCat} and day >= ${from}), 0),
          'killedHigh', coalesce(sum(killed_max) filter (where category = ${casCat} and day >= ${from}), 0),
          'injured', coalesce(sum(injured) filter (where category = ${casCat} and day >= ${from}), 0),
          'previousKilled', coalesce(sum(killed) filter (where category = ${casCat} and day < ${from}), 0),
          'undated', (select coalesce(sum(stories), 0) from story_rollups
                      where dim = 'undated' and category = ${cat} and day >= ${from} and day < ${to}))
        from sel) as totals,
      (select coalesce(json_agg(json_build_object('province', t.value, 'country', null, 'n', t.n, 'killed', t.killed) order by t.n desc, t.value), '[]')
        from (${list('province', 20)}) t) as provinces,
      (select coalesce(json_agg(json_build_object('place', t.value, 'province', null, 'country', null, 'lat', null, 'lon', null, 'n', t.n, 'killed', t.killed) order by t.n desc, t.value), '[]')
        from (${list('place', 15)}) t) as places,
      (select coalesce(json_agg(json_build_object('actor', t.value, 'n', t.n) order by t.n desc, t.value), '[]') from (${list('actor', 12)}) t) as actors,
      (select coalesce(json_agg(json_build_object('actor', split_part(t.value, '|', 1), 'type', split_part(t.value, '|', 2), 'n', t.n) order by t.n desc, t.value), '[]')
        from (${list('claim', 12)}) t) as claims,
      (select coalesce(json_agg(json_build_object('source', t.value, 'n', t.n) order by t.n desc, t.value), '[]') from (${list('outlet', 12)}) t) as sources`;
  return row;
}
