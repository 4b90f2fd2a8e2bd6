import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { getArticleDetail, listArticles } from '../../../services/core/store/article-list.ts';
import { correctionsOfStory } from '../../../services/core/store/stories.ts';
import { casualtyTrend, categoryTrend, getStoryDetail, listStories } from '../../../services/core/store/story-list.ts';
import { correctLabel, CorrectionError, mergeStories, splitArticle } from '../../../services/stories/corrections.ts';
import { CATEGORIES } from '../view-scope.ts';
import type { Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { parseInput } from '../input.ts';

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

const labelCorrectionBody = z.object({
  category: z.enum(CATEGORIES),
  applies: z.boolean(),
  note: z.string().trim().max(500).optional(),
});

const noteBody = z.object({ note: z.string().trim().max(500).optional() }).default({});


/** JSON API: articles, stories (with corrections), trends and feeds. */
export function apiRouter(sql: Sql, access: Access): Router {
  const router = Router();
  const admin = access.requireAdmin;
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
  router.post('/articles/:id/labels', admin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const body = parseInput(labelCorrectionBody, req.body);
    await correct(() => correctLabel(sql, id, body.category, body.applies, body.note ?? null));
    res.json({ articleId: id, category: body.category, applies: body.applies });
  });
  return router;
}

/** Runs a correction; its refusals (unknown story, nothing to split) become 404/409 answers. */
export async function correct<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CorrectionError) throw new HttpError(error.status, error.message);
    throw error;
  }
}
