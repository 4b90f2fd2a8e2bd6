import express, { type Express } from 'express';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../../services/core/db.ts';
import type { Logger } from '../../services/core/log.ts';
import type { Redis } from '../../services/core/redis.ts';
import { errorHandler } from './errors.ts';
import { apiRouter } from './routes/api.ts';
import { pagesRouter } from './routes/pages.ts';
import { storyPagesRouter } from './routes/story-pages.ts';

export interface AppDeps {
  sql: Sql;
  redis: Redis;
  log: Logger;
  /** Bearer token for writes; unset means the API is read-only. */
  adminToken?: string;
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/** The dashboard as an Express app, without listening (tests and the entry point decide where). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const [db, redis] = await Promise.allSettled([deps.sql`select 1`, deps.redis.ping()]);
    const ok = db.status === 'fulfilled' && redis.status === 'fulfilled';
    res.status(ok ? 200 : 503).json({ postgres: db.status === 'fulfilled', redis: redis.status === 'fulfilled' });
  });
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.use('/api', express.json({ limit: '64kb' }), apiRouter(deps.sql, deps.adminToken));
  app.use('/', pagesRouter(deps.sql));
  app.use('/', storyPagesRouter(deps.sql));
  app.use(errorHandler(deps.log));
  return app;
}
