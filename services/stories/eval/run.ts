// Grouping evaluation on the labelled story set (fixtures/stories): every item goes through the real
// classifier and the real assign-story stage on a scratch Postgres database, in publication order, with
// the article corpus loaded alongside as distractors; the predicted stories are scored per split.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { z } from 'zod';
import { classifyAndStore } from '../../classifier/classify-article.ts';
import type { Classifier } from '../../classifier/index.ts';
import { createSql, inTransaction } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { insertExtractedArticles } from '../../core/store/articles.ts';
import { assignStory } from '../assign-story.ts';
import { scoreGrouping, type GroupingScores } from './metrics.ts';

const storyItem = z.object({
  id: z.string(),
  story: z.string(),
  split: z.enum(['dev', 'heldout']),
  domain: z.string(),
  published: z.string(),
  title: z.string(),
  text: z.string(),
});
export type StoryItem = z.infer<typeof storyItem>;

/** Reads every .jsonl file of fixtures/stories; a malformed line is an error naming file and line. */
export function loadStoryItems(dir: string): StoryItem[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => loadStoryFile(path.join(dir, f)));
}

function loadStoryFile(file: string): StoryItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      const parsed = storyItem.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`stories eval: ${file}:${i + 1}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface GroupingError {
  kind: 'merged apart' | 'split apart';
  a: { id: string; story: string; title: string };
  b: { id: string; story: string; title: string };
}

export interface GroupingReport {
  split: 'dev' | 'heldout' | 'all';
  scores: GroupingScores;
  /** Distractor articles (the classifier corpus) that were put in a story of the set. */
  distractorsJoined: number;
  errors: GroupingError[];
  msPerArticle: number;
}

export interface Distractor {
  id: string;
  domain: string;
  published: string | null;
  title: string;
  text: string;
}

/** Runs the grouping over the set on a scratch database (created and dropped here). */
export async function evaluateGrouping(opts: {
  adminUrl: string;
  classifier: Classifier;
  items: readonly StoryItem[];
  distractors: readonly Distractor[];
  split: 'dev' | 'heldout' | 'all';
}): Promise<GroupingReport> {
  const name = `frontier_eval_${randomBytes(4).toString('hex')}`;
  const admin = postgres(opts.adminUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(name)}`;
  const url = new URL(opts.adminUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: 2 });
  try {
    await migrate(sql);
    const all = [
      ...opts.items.map((i) => ({ key: i.id, domain: i.domain, published: i.published, title: i.title, text: i.text })),
      ...opts.distractors.map((d) => ({ key: d.id, domain: d.domain, published: d.published, title: d.title, text: d.text })),
    ].sort((x, y) => (x.published ?? '').localeCompare(y.published ?? '') || x.key.localeCompare(y.key));
    const ids = await insertExtractedArticles(
      sql,
      all.map((a) => ({
        url: `https://${a.domain}/eval/${a.key}`,
        source: a.domain,
        title: a.title,
        body: a.text,
        publishedAt: a.published ? new Date(a.published) : null,
      })),
    );
    const idOf = new Map(all.map((a, i) => [a.key, ids[i]!]));
    await inTransaction(sql, async (tx) => {
      for (const a of all) {
        await classifyAndStore(tx, opts.classifier, { id: idOf.get(a.key)!, title: a.title, text: a.text, url: '', publishedAt: a.published ? new Date(a.published) : null });
      }
    });
    const started = performance.now();
    for (const a of all) await assignStory(sql, idOf.get(a.key)!);
    const msPerArticle = (performance.now() - started) / all.length;

    const rows = await sql<{ id: number; storyId: number }[]>`select id::int, story_id::int as "storyId" from articles`;
    const storyOf = new Map(rows.map((r) => [r.id, r.storyId]));
    const scored = opts.items.filter((i) => opts.split === 'all' || i.split === opts.split);
    const predicted = scored.map((i) => storyOf.get(idOf.get(i.id)!)!);
    const scores = scoreGrouping(scored.map((i) => i.story), predicted);
    const setStories = new Set(opts.items.map((i) => storyOf.get(idOf.get(i.id)!)));
    const distractorsJoined = opts.distractors.filter((d) => setStories.has(storyOf.get(idOf.get(d.id)!))).length;

    const errors: GroupingError[] = [];
    for (let x = 0; x < scored.length; x++) {
      for (let y = x + 1; y < scored.length; y++) {
        const a = scored[x]!;
        const b = scored[y]!;
        const same = predicted[x] === predicted[y];
        if (same === (a.story === b.story)) continue;
        errors.push({
          kind: same ? 'merged apart' : 'split apart',
          a: { id: a.id, story: a.story, title: a.title },
          b: { id: b.id, story: b.story, title: b.title },
        });
      }
    }
    return { split: opts.split, scores, distractorsJoined, errors, msPerArticle };
  } finally {
    await sql.end({ timeout: 1 });
    await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.end({ timeout: 1 });
  }
}

/** The report as a few lines of text. */
export function formatGroupingReport(r: GroupingReport, maxErrors = 40): string {
  const s = r.scores;
  const pct = (x: number) => x.toFixed(3);
  const lines = [
    `story grouping (${r.split}): ${s.articles} articles, ${s.goldStories} stories labelled, ${s.predictedStories} formed`,
    `pairwise precision ${pct(s.pairwise.precision)}  recall ${pct(s.pairwise.recall)}  F1 ${pct(s.pairwise.f1)}` +
      `   (${s.pairwise.correctPairs} of ${s.pairwise.predictedPairs} pairs grouped are right; ${s.pairwise.truePairs} true pairs)`,
    `B-cubed   precision ${pct(s.bcubed.precision)}  recall ${pct(s.bcubed.recall)}  F1 ${pct(s.bcubed.f1)}`,
    `distractor articles (classifier corpus) that joined a story of the set: ${r.distractorsJoined}`,
    `assignment: ${r.msPerArticle.toFixed(2)} ms per article (small database)`,
  ];
  if (r.errors.length > 0) {
    lines.push(`errors (${r.errors.length} pairs${r.errors.length > maxErrors ? `, first ${maxErrors}` : ''}):`);
    for (const e of r.errors.slice(0, maxErrors)) {
      lines.push(`  ${e.kind === 'merged apart' ? 'wrongly merged' : 'wrongly apart '}  ${e.a.id} [${e.a.story}] ${e.a.title.slice(0, 60)}`);
      lines.push(`                 ${e.b.id} [${e.b.story}] ${e.b.title.slice(0, 60)}`);
    }
  }
  return lines.join('\n');
}
