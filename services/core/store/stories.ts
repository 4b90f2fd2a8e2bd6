// Story assignment SQL: the facts an article is grouped by, near-duplicate and same-incident candidates
// (index lookups bounded by a time window), and the story record written back after each change.

import type { Claim, Place } from '../../classifier/types.ts';
import type { ArticleFacts } from '../../stories/facts.ts';
import { distinctiveTerms, incidentKinds, incidentPlace, storyKeys } from '../../stories/facts.ts';
import type { StoryCandidate } from '../../stories/match.ts';
import type { StoryRecord, StoryReport } from '../../stories/reconcile.ts';
import type { Db } from '../db.ts';

// One lock serializes assignment: two reports of one incident handled at once by two workers must not
// each start a story. Assignment takes a few milliseconds, so this is not a bottleneck.
const ASSIGN_LOCK = 0x5707_1e5;

export async function lockStoryAssignment(tx: Db): Promise<void> {
  await tx`select pg_advisory_xact_lock(${ASSIGN_LOCK})`;
}

/**
 * The outlet behind an article: its host name, or the site's own name when the host is only an address
 * (the offline demo serves every outlet from 127.0.0.1).
 */
export const OUTLET = (sql: Db) =>
  sql`case when (a.source ~ '^[0-9.]+$' or a.source = 'localhost' or a.source like '[%') and a.site_name is not null then a.site_name else a.source end`;

interface FactsRow {
  id: number;
  stage: string;
  storyId: number | null;
  source: string;
  at: Date;
  dated: boolean;
  title: string;
  body: string;
  relevant: boolean | null;
  categories: string[];
  places: Place[] | null;
  casualties: { killed?: number | null; injured?: number | null } | null;
  actors: { name: string }[] | null;
}

/** The article as grouping sees it, with its stage and current story; undefined when it is gone. */
export async function articleForGrouping(
  sql: Db,
  id: number,
): Promise<{ stage: string; storyId: number | null; body: string; facts: ArticleFacts } | undefined> {
  const [row] = await sql<FactsRow[]>`
    select a.id::int, a.stage, a.story_id::int as "storyId", a.source,
      coalesce(a.published_at, a.feed_published_at, a.discovered_at) as at,
      (a.published_at is not null or a.feed_published_at is not null) as dated,
      coalesce(a.title, a.feed_title, '') as title, coalesce(a.body, a.feed_summary, '') as body,
      a.relevant, a.places, a.casualties, a.actors,
      coalesce((select array_agg(c.category order by c.category) from article_categories c where c.article_id = a.id), '{}') as categories
    from articles a where a.id = ${id}`;
  if (!row) return undefined;
  return { stage: row.stage, storyId: row.storyId, body: row.body, facts: factsOf(row) };
}

function factsOf(row: FactsRow): ArticleFacts {
  return {
    id: row.id,
    source: row.source,
    at: row.at,
    dated: row.dated,
    title: row.title,
    relevant: row.relevant ?? false,
    categories: row.categories,
    place: incidentPlace(row.places),
    killed: row.casualties?.killed ?? null,
    injured: row.casualties?.injured ?? null,
    actors: (row.actors ?? []).map((a) => a.name),
    terms: distinctiveTerms(row.title, row.body),
    kinds: incidentKinds(row.title, row.body),
  };
}

/** Grouped articles sharing an LSH band with `bands`, published within `days` of `at`. */
export async function nearDuplicateCandidates(
  sql: Db,
  bands: readonly number[],
  at: Date,
  days: number,
): Promise<{ id: number; storyId: number; minhash: number[] }[]> {
  return sql`
    select id::int, story_id::int as "storyId", minhash from articles
    where lsh_bands && ${bands.map(String)}::bigint[] and story_id is not null
      and coalesce(published_at, feed_published_at, discovered_at)
          between ${at}::timestamptz - make_interval(days => ${days}) and ${at}::timestamptz + make_interval(days => ${days})
    limit 50`;
}

/** Open stories sharing a lookup key with the article and overlapping its time window. */
export async function incidentCandidates(sql: Db, keys: readonly string[], at: Date, hours: number): Promise<StoryCandidate[]> {
  if (keys.length === 0) return [];
  const rows = await sql<
    { id: number; firstSeen: Date; lastSeen: Date; categories: string[]; place: string | null; placeName: string | null;
      province: string | null; country: string | null; placeKind: string | null; killedMin: number | null;
      killedMax: number | null; matchKeys: string[] }[]
  >`
    select id::int, first_seen as "firstSeen", last_seen as "lastSeen", categories, place,
      places->0->>'name' as "placeName", places->0->>'kind' as "placeKind", province, country,
      killed_min as "killedMin", killed_max as "killedMax", match_keys as "matchKeys"
    from stories
    where merged_into is null and match_keys && ${keys as string[]}::text[]
      -- a report joins a story within the window after its first report (see scoreCandidate), so both
      -- bounds are on first_seen: one index range, however long the table
      and first_seen >= ${at}::timestamptz - make_interval(hours => ${hours})
      and first_seen <= ${at}::timestamptz + make_interval(hours => ${hours})
      and last_seen >= ${at}::timestamptz - make_interval(hours => ${hours})
    order by last_seen desc
    limit 200`;
  return rows.map((r) => ({
    id: r.id,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    categories: r.categories,
    place: r.place
      ? { name: r.placeName ?? r.place, unit: r.place, province: r.province, country: r.country ?? '', kind: r.placeKind ?? 'district' }
      : null,
    killedMin: r.killedMin,
    killedMax: r.killedMax,
    terms: r.matchKeys.filter((k) => k.startsWith('t:')).map((k) => k.slice(2)),
    kinds: r.matchKeys.filter((k) => k.startsWith('k:')).map((k) => k.slice(2)),
  }));
}

/** The story a merged story now lives in (follows merges). */
export async function liveStoryId(sql: Db, id: number): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    with recursive chain(id, next, depth) as (
      select id, merged_into, 0 from stories where id = ${id}
      union all
      select s.id, s.merged_into, c.depth + 1 from stories s join chain c on s.id = c.next where c.depth < 50
    )
    select id::int from chain where next is null limit 1`;
  return row?.id ?? id;
}

/** Starts an empty story (version 0); `saveStoryRecord` fills it in and makes it version 1. */
export async function createStory(sql: Db, title: string, at: Date): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into stories (title, first_seen, last_seen, version) values (${title}, ${at}, ${at}, 0) returning id::int`;
  return row!.id;
}

/**
 * Puts an article in a story and moves it to `grouped`. A null signature keeps the stored one;
 * `duplicateOf` undefined keeps the stored link.
 */
export async function setArticleStory(
  sql: Db,
  id: number,
  s: { storyId: number; minhash: number[] | null; bands: number[] | null; duplicateOf?: number | null; pinned?: boolean },
): Promise<void> {
  await sql`
    update articles set story_id = ${s.storyId},
      minhash = coalesce(${s.minhash}::int[], minhash),
      lsh_bands = coalesce(${s.bands ? s.bands.map(String) : null}::bigint[], lsh_bands),
      ${s.duplicateOf !== undefined ? sql`duplicate_of = ${s.duplicateOf},` : sql``}
      story_pinned = story_pinned or ${s.pinned ?? false}, grouped_at = now(),
      stage = case when stage = 'classified' then 'grouped' else stage end,
      stage_at = case when stage = 'classified' then now() else stage_at end
    where id = ${id}`;
}

/** Every report of a story, as reconciliation reads them. */
export async function storyReports(sql: Db, storyId: number): Promise<StoryReport[]> {
  const rows = await sql<
    { id: number; source: string; at: Date; dated: boolean; title: string; lead: string; relevant: boolean | null; categories: string[];
      places: Place[] | null; casualties: { killed?: number | null; injured?: number | null } | null;
      actors: { name: string }[] | null; claims: Claim[] | null; duplicateOf: number | null }[]
  >`
    select a.id::int, ${OUTLET(sql)} as source, coalesce(a.published_at, a.feed_published_at, a.discovered_at) as at,
      (a.published_at is not null or a.feed_published_at is not null) as dated,
      coalesce(a.title, a.feed_title, '') as title, left(coalesce(a.body, a.feed_summary, ''), 600) as lead,
      a.relevant, a.places, a.casualties, a.actors, a.claims, a.duplicate_of::int as "duplicateOf",
      coalesce((select array_agg(c.category order by c.category) from article_categories c where c.article_id = a.id), '{}') as categories
    from articles a where a.story_id = ${storyId}
    order by a.id
    limit 5000`;
  return rows.map((r) => {
    const first = r.places?.[0];
    return {
      articleId: r.id,
      source: r.source,
      at: r.at,
      dated: r.dated,
      title: r.title,
      lead: r.lead,
      relevant: r.relevant ?? false,
      categories: r.categories,
      place: incidentPlace(r.places),
      placeCoords: first ? { lat: first.lat, lon: first.lon } : null,
      killed: r.casualties?.killed ?? null,
      injured: r.casualties?.injured ?? null,
      actors: (r.actors ?? []).map((a) => a.name),
      claims: r.claims ?? [],
      duplicateOf: r.duplicateOf,
    };
  });
}

/**
 * Writes a story's record; bumps its version when a material fact changed (categories, killed,
 * injured), which is what alerts key their "update" notifications on.
 */
export async function saveStoryRecord(sql: Db, id: number, r: StoryRecord): Promise<{ version: number; changed: boolean }> {
  const place = r.place;
  const casualties = { killed: r.killed, injured: r.injured };
  const [row] = await sql<{ version: number; changed: boolean }[]>`
    with old as (select categories, killed, injured from stories where id = ${id})
    update stories s set
      title = ${r.title}, lead_article_id = ${r.leadArticleId}, first_seen = ${r.firstSeen}, last_seen = ${r.lastSeen}, dated = ${r.dated},
      article_count = ${r.articleCount}, outlet_count = ${r.outlets.length}, outlets = ${r.outlets},
      relevant = ${r.relevant}, categories = ${r.categories},
      place = ${place?.unit ?? null}, province = ${place?.province ?? null}, country = ${place?.country ?? null},
      lat = ${r.placeCoords?.lat ?? null}, lon = ${r.placeCoords?.lon ?? null},
      places = ${sql.json(place ? [{ ...place, ...r.placeCoords }] : [])},
      actors = ${r.actors}, claims = ${sql.json(r.claims as never)},
      killed = ${r.killed.value}, injured = ${r.injured.value},
      killed_min = ${r.killed.min}, killed_max = ${r.killed.max},
      injured_min = ${r.injured.min}, injured_max = ${r.injured.max},
      casualties = ${sql.json(casualties as never)},
      match_keys = ${storyKeys(place, r.terms.slice(0, 24), r.kinds)},
      version = case when s.version = 0 then 1
                     when old.categories is distinct from ${r.categories}::text[]
                       or old.killed is distinct from ${r.killed.value}::int
                       or old.injured is distinct from ${r.injured.value}::int
                     then s.version + 1 else s.version end,
      updated_at = now()
    from old where s.id = ${id}
    returning s.version, (old.categories is distinct from ${r.categories}::text[]
      or old.killed is distinct from ${r.killed.value}::int or old.injured is distinct from ${r.injured.value}::int) as changed`;
  return row ?? { version: 0, changed: false };
}

/** Removes a story that no longer has reports (after a split or merge emptied it). */
export async function deleteStory(sql: Db, id: number): Promise<void> {
  await sql`delete from stories where id = ${id} and not exists (select 1 from articles where story_id = ${id})`;
}

/** Moves every article of story `from` into `into` and pins them there; marks `from` as merged. */
export async function moveStoryArticles(sql: Db, from: number, into: number): Promise<number> {
  const moved = await sql`update articles set story_id = ${into}, story_pinned = true where story_id = ${from} returning id`;
  await sql`update articles set story_pinned = true where story_id = ${into}`;
  await sql`update stories set merged_into = ${into}, article_count = 0, updated_at = now() where id = ${from}`;
  return moved.length;
}

/** Records a user correction (merge or split) for audit and display. */
export async function recordCorrection(
  sql: Db,
  c: { kind: 'merge' | 'split'; storyId: number; otherStory: number | null; articleId: number | null; note: string | null },
): Promise<void> {
  await sql`
    insert into story_corrections (kind, story_id, other_story, article_id, note)
    values (${c.kind}, ${c.storyId}, ${c.otherStory}, ${c.articleId}, ${c.note})`;
}

export interface StoryCorrection {
  id: number;
  kind: 'merge' | 'split';
  storyId: number;
  otherStory: number | null;
  articleId: number | null;
  note: string | null;
  createdAt: Date;
}

/** Corrections that involve a story, newest first. */
export async function correctionsOfStory(sql: Db, storyId: number): Promise<StoryCorrection[]> {
  return sql<StoryCorrection[]>`
    select id::int, kind, story_id::int as "storyId", other_story::int as "otherStory", article_id::int as "articleId",
      note, created_at as "createdAt"
    from story_corrections where story_id = ${storyId} or other_story = ${storyId}
    order by id desc limit 100`;
}

/** A story's id, whether it is merged, and its article count; undefined when there is no such story. */
export async function storyState(sql: Db, id: number): Promise<{ id: number; mergedInto: number | null; articleCount: number } | undefined> {
  const [row] = await sql<{ id: number; mergedInto: number | null; articleCount: number }[]>`
    select s.id::int, s.merged_into::int as "mergedInto", (select count(*)::int from articles a where a.story_id = s.id) as "articleCount"
    from stories s where s.id = ${id}`;
  return row;
}

/** The stories the given articles belong to. */
export async function storiesOfArticles(sql: Db, articleIds: readonly number[]): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select distinct story_id::int as id from articles where id = any(${articleIds as number[]}) and story_id is not null`;
  return rows.map((r) => r.id);
}
