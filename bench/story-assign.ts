// Story assignment at scale: with 1,000,000 articles (and their stories) stored, how long does the
// assign-story stage take for one new article? The data is generated here, deterministically, into a
// database of its own (kept between runs: generating it takes minutes); realistic new articles (the
// labelled fixtures, classified by the real classifier) are then assigned one by one and timed, and
// removed again afterwards so that the next run starts from the same data.
// Run alone: `node bin/run.mjs bench/story-assign.ts [--quick]`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { classifyAndStore } from '../services/classifier/classify-article.ts';
import { createClassifier } from '../services/classifier/index.ts';
import { createSql, ensureDatabase, inTransaction, type Sql } from '../services/core/db.ts';
import { migrate } from '../services/core/migrate.ts';
import { insertExtractedArticles } from '../services/core/store/articles.ts';
import { countingUnit } from '../services/classifier/gazetteer.ts';
import { loadClassifierData } from '../services/classifier/load-data.ts';
import { assignStory } from '../services/stories/assign-story.ts';
import { distinctiveTerms } from '../services/stories/facts.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR_VERSION = 'stories-v3';
export const BENCH_DB = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/frontier_bench_1m';
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1_000_000);
// two years of coverage: about 1,370 articles a day, grouped into stories of 1-6 reports
const START = Date.UTC(2025, 0, 1);
const DAYS = 730;

interface FixtureText {
  id: string;
  title: string;
  text: string;
}

function fixtureTexts(): FixtureText[] {
  const out: FixtureText[] = [];
  for (const dir of ['articles', 'stories']) {
    const full = path.join(ROOT, 'fixtures', dir);
    for (const f of readdirSync(full).filter((x) => x.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(full, f), 'utf8').split('\n')) {
        if (line.trim()) out.push(JSON.parse(line) as FixtureText);
      }
    }
  }
  return out;
}

/** Words weighted by how often they are distinctive in real coverage, for the generated stories' keys. */
function vocabulary(texts: readonly FixtureText[]): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of distinctiveTerms(t.title, t.text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

async function generated(sql: Sql): Promise<boolean> {
  const [t] = await sql<{ ok: boolean }[]>`select to_regclass('bench_meta') is not null as ok`;
  if (!t!.ok) return false;
  const [m] = await sql<{ version: string; articles: number }[]>`select version, articles from bench_meta`;
  return m?.version === GENERATOR_VERSION && m.articles === ARTICLES;
}

/** Fills the database with ARTICLES articles in stories, in SQL (a few minutes for a million). */
async function generate(sql: Sql, texts: readonly FixtureText[], log: (s: string) => void): Promise<void> {
  const vocab = vocabulary(texts);
  const places = loadClassifierData()
    .places.filter((p) => p.kind !== 'country')
    .map((p) => ({ unit: countingUnit(p), name: p.name, province: p.province ?? '', country: p.country, kind: p.kind, lat: p.lat, lon: p.lon }));
  const storyCount = Math.round(ARTICLES / 2.5);
  const started = Date.now();
  await sql`drop table if exists bench_meta`;
  await sql`truncate stories, articles, article_categories, story_corrections, feeds, feed_polls restart identity cascade`;
  await sql`create temp table place_list as select * from jsonb_to_recordset(${sql.json(places)})
    as p(unit text, name text, province text, country text, kind text, lat float8, lon float8)`;
  await sql`alter table place_list add column n serial`;
  // article bodies are paragraphs of the fixture articles, so that full-text search meets real wording
  const paragraphs = texts.flatMap((t) => t.text.split(/\n\s*\n/)).filter((p) => p.length > 80);
  await sql`create temp table paragraph_list as select * from unnest(${paragraphs}::text[]) with ordinality as p(text, n)`;
  const actors = ['TTP', 'Pakistan Army', 'Police', 'CTD', 'Afghan Taliban', 'FC', 'ISPR', 'Hafiz Gul Bahadur group', 'BLA', 'ISKP', 'Jamaat-ul-Ahrar', 'Afghan border forces'];
  const cats = ['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees'];
  log(`generating ${storyCount.toLocaleString()} stories…`);
  // stories: time, place (skewed towards the first places of the gazetteer, i.e. the north-west),
  // one or two categories, 24 key words drawn with a power law from the vocabulary
  await sql`
    insert into stories (title, first_seen, last_seen, article_count, outlet_count, relevant, categories, place, province, country,
      lat, lon, places, actors, match_keys, killed, killed_min, killed_max, version)
    select 'Generated story ' || g, t, t + make_interval(hours => (random() * 40)::int), 0, 0, true,
      array[(${cats}::text[])[1 + (random() ^ 1.5 * 6)::int % 6]],
      p.unit, p.province, p.country, p.lat, p.lon,
      json_build_array(json_build_object('name', p.name, 'unit', p.unit, 'province', p.province, 'country', p.country, 'kind', p.kind)),
      array(select distinct (${actors}::text[])[1 + floor((random() ^ 2) * ${actors.length})::int] from generate_series(1, (random() * 2.4)::int + 0 * g)),
      (select array_agg('t:' || (${vocab}::text[])[1 + floor((random() ^ 2.2) * ${vocab.length})::int]) from generate_series(1, 24 + 0 * g))
        || array['p:' || p.unit, 'v:' || p.province],
      k, k, k + (random() * 3)::int, 1
    from (select g, to_timestamp(${START / 1000} + random() * ${DAYS * 86400}) as t,
            1 + floor((random() ^ 2) * (select count(*) from place_list))::int as pn,
            case when random() < 0.5 then (random() * 12)::int end as k
          from generate_series(1, ${storyCount}) g) s
    join place_list p on p.n = s.pn
    -- stories arrive in time order in real use, so the table's physical order follows first_seen
    order by s.t`;
  log(`stories done in ${((Date.now() - started) / 1000).toFixed(0)} s; generating ${ARTICLES.toLocaleString()} articles…`);
  // articles: each spread at random over the stories (2.5 a story on average) within the story's time
  // span, each with a signature of its own
  for (let done = 0; done < ARTICLES; ) {
    const batch = Math.min(100_000, ARTICLES - done);
    await sql`
      insert into articles (canonical_url, url, source, title, body, published_at, date_source, date_trusted, extract_status,
        stage, relevant, relevance, casualties, places, classifier_version, classified_at, story_id, minhash, lsh_bands, grouped_at, discovered_at)
      select 'https://bench.invalid/a/' || n, 'https://bench.invalid/a/' || n, 'outlet' || (n % 60) || '.example',
        s.title || ' (report ' || n || ')',
        (select string_agg(p.text, E'\n\n') from paragraph_list p
          where p.n in (1 + (hashint4(x.n) & 65535) % ${paragraphs.length}, 1 + (hashint4(x.n + 7) & 65535) % ${paragraphs.length},
                        1 + (hashint4(x.n + 13) & 65535) % ${paragraphs.length})),
        s.first_seen + (s.last_seen - s.first_seen) * random(), 'page', true, 'ok', 'grouped', true, 0.8,
        json_build_object('killed', s.killed, 'injured', null), s.places, 'bench', now(), s.id, sig.m, sig.b, now(),
        s.last_seen + make_interval(mins => (random() * 30)::int)
      from (select ${done} + g as n from generate_series(1, ${batch}) g) x
      join stories s on s.id = 1 + (hashint4(x.n) & 2147483647) % ${storyCount}
      cross join lateral (select
          array(select (hashint4(x.n * 64 + i) ) from generate_series(1, 64) i) as m,
          array(select hashint8(x.n::bigint * 16 + i) >> 12 from generate_series(1, 16) i) as b) sig`;
    done += batch;
    log(`  ${done.toLocaleString()} articles (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  log('feeds and their poll history…');
  // sixty feeds polled hourly over the whole period, about 3% of polls failing (for coverage health)
  await sql`insert into feeds (url, name, status) select 'https://outlet' || n || '.example/feed', 'Outlet ' || n, 'ok' from generate_series(0, 59) n`;
  await sql`
    insert into feed_polls (feed_id, polled_at, outcome, http_status, items_seen, items_new, error)
    select f.id, t, case when random() < 0.03 then 'error' else 'ok' end, 200, 20, 1, null
    from feeds f cross join generate_series(${new Date(START)}::timestamptz, ${new Date(START + DAYS * 86_400_000)}::timestamptz, interval '1 hour') t`;
  await sql`update feed_polls set http_status = 503, error = 'fetch: HTTP 503', items_seen = 0, items_new = 0 where outcome = 'error'`;
  log('categories and story counts…');
  await sql`insert into article_categories (article_id, category, score) select a.id, s.categories[1], 0.8 from articles a join stories s on s.id = a.story_id`;
  await sql`update stories s set article_count = c.n, outlet_count = cardinality(c.outlets), outlets = c.outlets
    from (select story_id, count(*)::int as n, array_agg(distinct source) as outlets from articles group by 1) c where c.story_id = s.id`;
  await sql`delete from stories where article_count = 0`;
  await sql`vacuum analyze stories`;
  await sql`vacuum analyze articles`;
  await sql`vacuum analyze article_categories`;
  await sql`vacuum analyze feed_polls`;
  await sql`create table bench_meta (version text, articles int, generated_at timestamptz default now())`;
  await sql`insert into bench_meta (version, articles) values (${GENERATOR_VERSION}, ${ARTICLES})`;
  log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Opens (and if needed generates) the 1M-article database; shared with the API benchmarks. */
export async function openBenchDatabase(log: (s: string) => void): Promise<Sql> {
  await ensureDatabase(BENCH_DB);
  const sql = createSql(BENCH_DB, { max: 4 });
  await migrate(sql);
  if (!(await generated(sql))) await generate(sql, fixtureTexts(), log);
  return sql;
}

/** Median and p95 time to assign one new article to a story with ARTICLES articles stored. */
export async function benchStoryAssign(opts: { quick: boolean; log?: (s: string) => void }): Promise<Record<string, number>> {
  const log = opts.log ?? ((s: string) => console.error(`bench/story-assign: ${s}`));
  const sql = await openBenchDatabase(log);
  const classifier = createClassifier();
  const texts = fixtureTexts().slice(0, opts.quick ? 150 : 400);
  const [top] = await sql<{ maxStory: number }[]>`select coalesce(max(id), 0)::int as "maxStory" from stories`;
  const maxStory = top!.maxStory;
  // new articles arrive now: date them within the last 30 days of the generated period (as dense as
  // anywhere in it). Stories of those days are the ones a live system has in memory, as here after warm-up.
  const rnd = mulberry32(7);
  const items = texts.map((t, i) => ({
    url: `https://bench.invalid/new/${i}-${t.id}`,
    source: `outlet${i % 60}.example`,
    title: t.title,
    body: t.text,
    publishedAt: new Date(START + (DAYS - 33 + rnd() * 30) * 86_400_000),
  }));
  // assignment rewrites the records of the stories new articles join: keep the month's stories to put
  // them back afterwards (recomputing them instead would derive their keys from the generated titles)
  const since = new Date(START + (DAYS - 40) * 86_400_000);
  await sql`drop table if exists bench_story_snapshot`;
  await sql`create table bench_story_snapshot as select * from stories where first_seen >= ${since}`;
  try {
    const ids = await insertExtractedArticles(sql, items);
    await inTransaction(sql, async (tx) => {
      for (let i = 0; i < ids.length; i++) {
        const it = items[i]!;
        await classifyAndStore(tx, classifier, { id: ids[i]!, title: it.title, text: it.body, url: it.url, publishedAt: it.publishedAt });
      }
    });
    const warm = Math.min(30, ids.length >> 3);
    const times: number[] = [];
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < ids.length; i++) {
      const t0 = performance.now();
      const r = await assignStory(sql, ids[i]!);
      const ms = performance.now() - t0;
      if (i >= warm) times.push(ms);
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    }
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from articles`;
    const n = count!.n;
    log(`${times.length} timed assignments with ${n.toLocaleString()} articles stored; outcomes ${JSON.stringify(outcomes)}`);
    return {
      story_assign_p50_ms_at_1m: round(percentile(times, 50)),
      story_assign_p95_ms_at_1m: round(percentile(times, 95)),
    };
  } finally {
    // put the data back as it was: drop the new articles and stories, restore the stories they joined
    await inTransaction(sql, async (tx) => {
      await tx`delete from articles where url like 'https://bench.invalid/new/%'`;
      await tx`delete from stories where id > ${maxStory}`;
      // (an update, not delete and insert: deleting a story would unlink its articles)
      const columns = (await tx<{ name: string }[]>`
        select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = 'stories' and column_name <> 'id'`).map((c) => c.name);
      await tx`update stories s set (${tx(columns)}) = (select ${tx(columns.map((c) => `b.${c}`))})
        from bench_story_snapshot b where s.id = b.id`;
      await tx`drop table bench_story_snapshot`;
    });
    await sql.end({ timeout: 5 });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchStoryAssign({ quick: process.argv.includes('--quick') }));
}
