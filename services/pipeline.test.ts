import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueues } from './core/queues.ts';
import { stageDuration } from './core/stage-metrics.ts';
import { createLogger } from './core/log.ts';
import { insertFeeds } from './core/store/feeds.ts';
import { createTestEnv, type TestEnv } from './core/testing/test-env.ts';
import { pollOnce } from './cli/poll-once.ts';
import { loadCorpus, loadSeeds, type FixtureArticle } from './demo/fixture-articles.ts';
import { startFixtureSite, type FixtureSite } from './demo/fixture-site.ts';
import { createRuntime, type Runtime } from './runtime.ts';

// End to end on the real Postgres and Redis: fixture site → poll → queue → extract → classify → store.
let env: TestEnv;
let site: FixtureSite;
let runtime: Runtime;
let fixtures: FixtureArticle[];

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  fixtures = [...loadCorpus(), ...loadSeeds()];
  site = await startFixtureSite({ articles: fixtures, faults: true });
  env = await createTestEnv({ FETCH_TIMEOUT_MS: '2500', JOB_ATTEMPTS: '2' });
  runtime = await createRuntime(env.config, createLogger('silent'));
  await insertFeeds(env.sql, site.feeds, 600);
});

afterAll(async () => {
  if (runtime) await obliterateQueues(runtime.deps.queues);
  await runtime?.close();
  await site?.close();
  await env?.cleanup();
});

describe('ingest pipeline', () => {
  it('stores every fixture article exactly once, extracted, classified and grouped', async () => {
    const summary = await pollOnce(runtime);
    expect(summary.feedsFailed).toEqual([]);
    // every stage's jobs were timed for /metrics
    const timed = (await stageDuration.get()).values.filter((v) => v.metricName === 'frontier_stage_duration_seconds_count' && v.labels.outcome === 'ok');
    for (const queue of ['poll-feed', 'extract-article', 'classify-article', 'assign-story']) {
      expect(timed.find((v) => v.labels.queue === queue)?.value ?? 0, queue).toBeGreaterThan(0);
    }
    const rows = await env.sql<{ url: string; title: string; body: string; stage: string; extractStatus: string; publishedAt: Date | null; categories: string[]; relevant: boolean }[]>`
      select url, title, body, stage, extract_status as "extractStatus", published_at as "publishedAt", relevant,
        coalesce((select array_agg(category order by category) from article_categories c where c.article_id = a.id), '{}') as categories
      from articles a where url not like '%/bad/%'`;
    expect(rows).toHaveLength(fixtures.length);
    const classifier = runtime.deps.classifier;
    for (const f of fixtures) {
      const matches = rows.filter((r) => new URL(r.url).pathname.includes(`/${f.id}-`));
      expect(matches, f.id).toHaveLength(1);
      const row = matches[0]!;
      expect(row.stage).toBe('matched');
      expect(row.extractStatus, f.id).toBe('ok');
      // Readability recovers the story text from the page around it
      expect(norm(row.body), f.id).toBe(norm(f.text));
      expect(row.publishedAt?.toISOString() ?? null, f.id).toBe(f.published ? new Date(f.published).toISOString() : null);
      // stored labels are exactly what the classifier gives for the extracted article
      const input = { title: row.title, text: row.body, url: row.url, published: row.publishedAt?.toISOString() };
      const expected = classifier.classify(input).categories.filter((c) => c.applies).map((c) => c.name).sort();
      expect(row.categories, f.id).toEqual(expected);
    }
  });

  it('labels the five seed documents as DESIGN.md expects', async () => {
    for (const seed of loadSeeds()) {
      const [row] = await env.sql<{ relevant: boolean; categories: string[] }[]>`
        select relevant, coalesce((select array_agg(category) from article_categories c where c.article_id = a.id), '{}') as categories
        from articles a where url like ${`%/${seed.id}-%`}`;
      expect(row!.relevant, seed.id).toBe(true);
      for (const c of seed.expected.categories) expect(row!.categories, `${seed.id} ${c}`).toContain(c);
      for (const c of seed.expected.never ?? []) expect(row!.categories, `${seed.id} never ${c}`).not.toContain(c);
    }
  });

  it('stores a syndicated story seen in two feeds once, linked to both', async () => {
    const [row] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from feed_items fi join feeds f on f.id = fi.feed_id where f.url like '%wire-roundup%'`;
    const wire = fixtures.filter((f) => f.style === 'wire').length;
    expect(row!.n).toBe(wire);
    const [dupes] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from (select article_id from feed_items group by article_id having count(*) > 1) x`;
    expect(dupes!.n).toBe(wire);
  });

  it('keeps the feed item when a page cannot be extracted, with the reason', async () => {
    const rows = await env.sql<{ url: string; title: string; body: string; status: string; error: string }[]>`
      select url, title, body, extract_status as status, extract_error as error from articles where url like '%/bad/page-%' order by url`;
    const byPage = Object.fromEntries(rows.map((r) => [r.url.split('/bad/')[1], r]));
    expect(Object.keys(byPage).sort()).toEqual(['page-404', 'page-empty', 'page-never-ends', 'page-pdf', 'page-redirect-loop']);
    expect(byPage['page-404']!.error).toMatch(/404/);
    expect(byPage['page-pdf']!.error).toMatch(/unexpected content type application\/pdf/);
    expect(byPage['page-never-ends']!.error).toMatch(/timed out/);
    expect(byPage['page-redirect-loop']!.error).toMatch(/more than 5 redirects/);
    expect(byPage['page-empty']!.error).toMatch(/extract: /);
    for (const r of rows) {
      expect(r.status).toBe('fallback');
      expect(r.title).toMatch(/^Broken page/);
      expect(r.body).toMatch(/Summary kept when the page/);
    }
  });

  it('adds nothing on a second poll and honours 304 Not Modified', async () => {
    const before = site.notModified;
    const articlesBefore = (await env.sql<{ n: number }[]>`select count(*)::int as n from articles`)[0]!.n;
    const summary = await pollOnce(runtime);
    expect(summary.newArticles).toBe(0);
    const articlesAfter = (await env.sql<{ n: number }[]>`select count(*)::int as n from articles`)[0]!.n;
    expect(articlesAfter).toBe(articlesBefore);
    const outletFeeds = site.feeds.filter((f) => f.url.includes('/feeds/')).length;
    expect(site.notModified - before).toBeGreaterThanOrEqual(outletFeeds);
    expect(summary.feedsNotModified).toBeGreaterThanOrEqual(outletFeeds);
  });

  it('processes a fresh database on a queue prefix that already ran jobs for the same article ids', async () => {
    // e.g. the demo database dropped and recreated while Redis kept its queues
    const env2 = await createTestEnv({ QUEUE_PREFIX: env.config.QUEUE_PREFIX, FETCH_TIMEOUT_MS: '2500', JOB_ATTEMPTS: '2' });
    const runtime2 = await createRuntime(env2.config, createLogger('silent'));
    try {
      const feed = site.feeds.find((f) => f.url.includes('/feeds/dawn.'))!;
      await insertFeeds(env2.sql, [feed], 600);
      const summary = await pollOnce(runtime2, { timeoutMs: 60_000 });
      expect(summary.newArticles).toBeGreaterThan(0);
      const [row] = await env2.sql<{ pending: number }[]>`select count(*) filter (where stage <> 'matched')::int as pending from articles`;
      expect(row!.pending).toBe(0);
    } finally {
      await runtime2.close();
      await env2.cleanup();
    }
  });
});
