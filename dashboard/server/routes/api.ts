import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { getArticleDetail, listArticles } from '../../../services/core/store/article-list.ts';
import { listFeeds } from '../../../services/core/store/feeds.ts';
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

/** Parses request input with a schema; a failure is a 400 naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new HttpError(400, `invalid request: ${detail}`);
  }
  return r.data;
}

/** JSON API: articles (list and detail) and feeds. */
export function apiRouter(sql: Sql): Router {
  const router = Router();
  router.get('/articles', async (req: Request, res) => {
    res.json(await listArticles(sql, parseInput(articleQuery, req.query)));
  });
  router.get('/articles/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const article = await getArticleDetail(sql, id);
    if (!article) throw new HttpError(404, `article ${id} not found`);
    res.json(article);
  });
  router.get('/feeds', async (_req, res) => {
    res.json({ feeds: await listFeeds(sql) });
  });
  return router;
}
