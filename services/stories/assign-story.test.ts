import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAndStore } from '../classifier/classify-article.ts';
import { createClassifier } from '../classifier/index.ts';
import { inTransaction } from '../core/db.ts';
import { insertExtractedArticles } from '../core/store/articles.ts';
import { categoryTrend, getStoryDetail } from '../core/store/story-list.ts';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { assignStory } from './assign-story.ts';
import { CorrectionError, mergeStories, splitArticle } from './corrections.ts';

const WIRE_BODY =
  'PESHAWAR, Pakistan (AP) — Militants armed with rifles and grenades attacked a police checkpoint in the Bannu district of ' +
  'northwest Pakistan before dawn on Tuesday, killing five policemen, police said.\n\n' +
  'Police official Zahid Khan said the attackers opened fire from two sides and the gunbattle lasted more than an hour. ' +
  'Two of the wounded officers were in critical condition at a hospital in Bannu.\n\n' +
  'No group immediately claimed responsibility, but suspicion fell on the Pakistani Taliban, who have carried out ' +
  'most attacks on police in Khyber Pakhtunkhwa province since 2022.';

const ARTICLES = [
  {
    key: 'dawn', source: 'dawn.com', at: '2026-05-05T03:30:00Z',
    title: 'Four policemen martyred in attack on Bannu checkpost',
    body: 'BANNU: Four policemen were martyred and three others injured when terrorists attacked the Fateh Khel checkpost in ' +
      'Bannu district in the early hours of Tuesday, police said.\n\nThe district police officer said the attackers used ' +
      'heavy weapons and fled after police returned fire. The bodies were shifted to the district headquarters hospital.',
  },
  { key: 'ap', source: 'apnews.com', at: '2026-05-05T06:10:00Z', title: 'Militants kill 5 police in attack on checkpoint in northwest Pakistan', body: WIRE_BODY },
  {
    key: 'ap-copy', source: 'arabnews.com', at: '2026-05-05T08:45:00Z', title: 'Five police killed as militants storm checkpoint in Pakistan',
    body: WIRE_BODY.replace('PESHAWAR, Pakistan (AP) —', 'PESHAWAR:').replace('police said', 'officials said'),
  },
  {
    key: 'convoy', source: 'ispr.gov.pk', at: '2026-05-05T17:20:00Z',
    title: 'Two soldiers embrace shahadat as IED targets convoy near Jani Khel',
    body: 'RAWALPINDI: On 5 May 2026, an improvised explosive device planted by khwarij struck a security forces vehicle near ' +
      'Jani Khel, Bannu District, in the evening. As a result, two soldiers embraced shahadat and one was injured.\n\n' +
      'Sanitisation operation is being carried out to eliminate any khwarij found in the area, ISPR said.',
  },
  {
    key: 'toll', source: 'geo.tv', at: '2026-05-05T21:00:00Z', title: 'Bannu checkpost attack toll rises to seven as two injured policemen die',
    body: 'BANNU: The death toll in the pre-dawn terrorist attack on the Fateh Khel checkpost in Bannu rose to seven on Tuesday ' +
      'night after two injured policemen succumbed to their wounds, hospital sources said.\n\nFuneral prayers for the martyred ' +
      'policemen were offered at Police Lines Bannu.',
  },
];

let env: TestEnv;
const ids = new Map<string, number>();
const classifier = createClassifier();

async function storyOf(key: string): Promise<number> {
  const [row] = await env.sql<{ storyId: number }[]>`select story_id::int as "storyId" from articles where id = ${ids.get(key)!}`;
  return row!.storyId;
}

beforeAll(async () => {
  env = await createTestEnv();
  const inserted = await insertExtractedArticles(
    env.sql,
    ARTICLES.map((a) => ({ url: `https://${a.source}/${a.key}`, source: a.source, title: a.title, body: a.body, publishedAt: new Date(a.at) })),
  );
  ARTICLES.forEach((a, i) => ids.set(a.key, inserted[i]!));
  await inTransaction(env.sql, async (tx) => {
    for (const a of ARTICLES) {
      await classifyAndStore(tx, classifier, { id: ids.get(a.key)!, title: a.title, text: a.body, url: '', publishedAt: new Date(a.at) });
    }
  });
  for (const a of ARTICLES) await assignStory(env.sql, ids.get(a.key)!);
});

afterAll(async () => {
  await env?.cleanup();
});

describe('assign-story', () => {
  it('groups independent reports, a syndicated copy and a follow-up into one story', async () => {
    const s = await storyOf('dawn');
    expect(await storyOf('ap')).toBe(s);
    expect(await storyOf('ap-copy')).toBe(s);
    expect(await storyOf('toll')).toBe(s);
    const [copy] = await env.sql<{ duplicateOf: number }[]>`select duplicate_of::int as "duplicateOf" from articles where id = ${ids.get('ap-copy')!}`;
    expect(copy!.duplicateOf).toBe(ids.get('ap'));
  });

  it('keeps a second incident in the same district on the same day apart', async () => {
    expect(await storyOf('convoy')).not.toBe(await storyOf('dawn'));
  });

  it('reconciles the toll: the latest report counts, the range is kept with its outlets', async () => {
    const story = (await getStoryDetail(env.sql, await storyOf('dawn')))!;
    expect(story.articleCount).toBe(4);
    expect(story.outletCount).toBe(4);
    expect(story.killed).toBe(7);
    expect(story.killedRange).toEqual([4, 7]);
    expect(story.place).toBe('Bannu');
    expect(story.categories).toContain('attack');
    expect(story.title).toBe('Four policemen martyred in attack on Bannu checkpost');
    const figures = story.casualties as { killed: { lowest: { source: string }; latest: { source: string } } };
    expect(figures.killed.lowest.source).toBe('dawn.com');
    expect(figures.killed.latest.source).toBe('geo.tv');
  });

  it('counts incidents once in the trend, and every report in coverage', async () => {
    const from = new Date('2026-05-01T00:00:00Z');
    const to = new Date('2026-05-10T00:00:00Z');
    const incidents = await categoryTrend(env.sql, 'stories', 'day', from, to);
    const coverage = await categoryTrend(env.sql, 'articles', 'day', from, to);
    const n = (t: typeof incidents) => t.points.filter((p) => p.category === 'attack').reduce((s, p) => s + p.n, 0);
    expect(n(incidents)).toBe(2);
    expect(n(coverage)).toBe(5);
  });

  it('never makes a second story when an article is processed again', async () => {
    const [before] = await env.sql<{ n: number }[]>`select count(*)::int as n from stories`;
    for (const key of ids.keys()) {
      await env.sql`update articles set stage = 'classified' where id = ${ids.get(key)!}`;
      const r = await assignStory(env.sql, ids.get(key)!);
      expect(r.outcome).toBe('skipped');
    }
    const [after] = await env.sql<{ n: number }[]>`select count(*)::int as n from stories`;
    expect(after!.n).toBe(before!.n);
    const [stage] = await env.sql<{ n: number }[]>`select count(*)::int as n from articles where stage <> 'grouped'`;
    expect(stage!.n).toBe(0);
  });

  it('keeps user corrections: a split article stays out, a merge stays merged, across reprocessing', async () => {
    const main = await storyOf('dawn');
    const convoy = await storyOf('convoy');
    const alone = await splitArticle(env.sql, ids.get('toll')!, 'follow-up checked by hand');
    expect(await storyOf('toll')).toBe(alone);
    expect((await getStoryDetail(env.sql, main))!.killed).toBe(5);

    const merged = await mergeStories(env.sql, convoy, main);
    expect(merged).toBe(main);
    expect(await storyOf('convoy')).toBe(main);
    expect((await getStoryDetail(env.sql, convoy))!.mergedInto).toBe(main);

    for (const key of ids.keys()) {
      await env.sql`update articles set stage = 'classified' where id = ${ids.get(key)!}`;
      await assignStory(env.sql, ids.get(key)!);
    }
    expect(await storyOf('toll')).toBe(alone);
    expect(await storyOf('convoy')).toBe(main);
    const corrections = await env.sql<{ kind: string }[]>`select kind from story_corrections order by id`;
    expect(corrections.map((c) => c.kind)).toEqual(['split', 'merge']);
  });

  it('refuses corrections that make no sense, with a clear reason', async () => {
    await expect(splitArticle(env.sql, ids.get('toll')!)).rejects.toThrow(/already alone/);
    await expect(mergeStories(env.sql, 999_999, await storyOf('dawn'))).rejects.toBeInstanceOf(CorrectionError);
    const s = await storyOf('dawn');
    await expect(mergeStories(env.sql, s, s)).rejects.toThrow(/already one story/);
  });
});
