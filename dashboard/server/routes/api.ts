import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { getArticleDetail, listArticles } from '../../../services/core/store/article-list.ts';
import { listFeeds } from '../../../services/core/store/feeds.ts';
import { correctionsOfStory } from '../../../services/core/store/stories.ts';
import { casualtyTrend, categoryTrend, getStoryDetail, listStories } from '../../../services/core/store/story-list.ts';
import { CorrectionError, mergeStories, splitArticle } from '../../../services/stories/corrections.ts';
import { requireAdmin } from '../auth.ts';
import { HttpError } from '../errors.ts';

const dateParam = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date').transform((s) => new Date(s));

export const articleQuery = z.object({
  q: z.string().trim().max(500).optional().transform((s) => s || undefined),
  category: z.string().regex(/^[a-z_]{1,40}$/, 'unknown category format').optional(),
  source: z.string().max(200).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const DAY = 86_400_000;
const idParam = z.object({ id: z.coerce.number().int().positive() });

export const storyQuery = z.object({
  category: z.string().regex(/^[a-z_]{1,40}$/, 'unknown category format').optional(),
  place: z.string().trim().min(1).max(100).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  all: z.enum(['true', 'false']).default('false').transform((s) => s === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const trendQuery = z.object({
  unit: z.enum(['stories', 'articles']).default('stories'),
  interval: z.enum(['day', 'week']).default('day'),
  from: dateParam.optional(),
  to: dateParam.optional(),
}).refine((q) => !q.from || !q.to || q.from < q.to, 'from must be before to')
  .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= 3 * 366 * DAY, 'range is limited to three years');

const noteBody = z.object({ note: z.string().trim().max(500).optional() }).default({});

/** Parses request input with a schema; a failure is a 400 naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new HttpError(400, `invalid request: ${detail}`);
  }
  return r.data;
}

/** JSON API: articles, stories (with corrections), trends and feeds. */
export function apiRouter(sql: Sql, adminToken: string | undefined): Router {
  const router = Router();
  const admin = requireAdmin(adminToken);
  router.get('/articles', async (req: Request, res) => {
    res.json(await listArticles(sql, parseInput(articleQuery, req.query)));
  });
  router.get('/articles/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const article = await getArticleDetail(sql, id);
    if (!article) throw new HttpError(404, `article ${id} not found`);
    res.json(article);
  });
  router.get('/stories', async (req, res) => {
    const q = parseInput(storyQuery, req.query);
    res.json(await listStories(sql, { ...q, relevantOnly: !q.all }));
  });
  router.get('/stories/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const story = await getStoryDetail(sql, id);
    if (!story) throw new HttpError(404, `story ${id} not found`);
    res.json({ ...story, corrections: await correctionsOfStory(sql, id) });
  });
  router.post('/stories/:id/merge', admin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const body = parseInput(z.object({ into: z.coerce.number().int().positive(), note: z.string().trim().max(500).optional() }), req.body);
    res.json({ storyId: await correct(() => mergeStories(sql, id, body.into, body.note ?? null)) });
  });
  router.post('/articles/:id/split', admin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const body = parseInput(noteBody, req.body ?? {});
    res.json({ storyId: await correct(() => splitArticle(sql, id, body.note ?? null)) });
  });
  router.get('/trends', async (req, res) => {
    const q = parseInput(trendQuery, req.query);
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 90 * DAY);
    const [categories, casualties] = await Promise.all([
      categoryTrend(sql, q.unit, q.interval, from, to),
      casualtyTrend(sql, q.interval, from, to),
    ]);
    res.json({ unit: q.unit, interval: q.interval, from, to, points: categories.points, undated: categories.undated, casualties });
  });
  router.get('/feeds', async (_req, res) => {
    res.json({ feeds: await listFeeds(sql) });
  });
  return router;
}

async function correct(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CorrectionError) throw new HttpError(error.status, error.message);
    throw error;
  }
}
