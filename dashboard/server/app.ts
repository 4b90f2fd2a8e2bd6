import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClassifierData } from '../../services/classifier/load-data.ts';
import { createNameIndex, type NameIndex } from '../../services/classifier/names.ts';
import type { Sql } from '../../services/core/db.ts';
import type { Logger } from '../../services/core/log.ts';
import type { Queues } from '../../services/core/queues.ts';
import type { Redis } from '../../services/core/redis.ts';
import { assetsRouter } from './assets.ts';
import { createAccess } from './auth.ts';
import { errorHandler } from './errors.ts';
import { createMetrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { adminRouter } from './routes/admin.ts';
import { alertFeedRouter, alertsRouter } from './routes/alerts.ts';
import { unreadCount } from '../../services/core/store/alerts.ts';
import { apiRouter } from './routes/api.ts';
import { overviewRouter } from './routes/overview.ts';
import { feedsRouter } from './routes/feeds.ts';
import { pagesRouter } from './routes/pages.ts';
import { searchRouter } from './routes/search.ts';
import { sessionRouter } from './routes/session.ts';
import { storyPagesRouter } from './routes/story-pages.ts';

export interface AppDeps {
  sql: Sql;
  redis: Redis;
  log: Logger;
  /** Bearer token for writes and admin views; unset means a read-only dashboard. */
  adminToken?: string;
  /** Require signing in to read too (READ_ACCESS=protected). */
  protectReads?: boolean;
  /** The pipeline's queues, for /admin/queues and queue depths in /metrics. */
  queues?: Queues;
  /** Place and actor spellings for filters (built from the classifier's data when not given). */
  names?: NameIndex;
  /** Poll interval for feeds added from the dashboard (FEED_DEFAULT_INTERVAL, seconds). */
  feedIntervalS?: number;
  /** Sign-in attempts allowed per address per 15 minutes (default 10). */
  loginLimit?: number;
  /** The address users reach the dashboard at (PUBLIC_URL), for links in feeds; else the request's host. */
  publicUrl?: string;
}

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/** The dashboard as an Express app, without listening (tests and the entry point decide where). */
export function createApp(deps: AppDeps): Express {
  const names = deps.names ?? (() => { const d = loadClassifierData(); return createNameIndex(d.places, d.actors); })();
  const access = createAccess(deps.adminToken, { protectReads: deps.protectReads });
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"], 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"], 'base-uri': ["'none'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"],
      },
    },
    // same-origin: forms posted here carry their Origin (no-referrer would send "null")
    referrerPolicy: { policy: 'same-origin' },
    // plain-HTTP installs on a LAN are common: HSTS is for the TLS proxy in front to set
    strictTransportSecurity: false,
  }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const [db, redis] = await Promise.allSettled([deps.sql`select 1`, deps.redis.ping()]);
    const ok = db.status === 'fulfilled' && redis.status === 'fulfilled';
    res.status(ok ? 200 : 503).json({ postgres: db.status === 'fulfilled', redis: redis.status === 'fulfilled' });
  });
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(assetsRouter());
  // feed readers cannot sign in: an alert's Atom feed is opened by its own token
  app.use(alertFeedRouter(deps.sql, (req) => deps.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host')}`));
  app.use(cookieParser(), express.urlencoded({ extended: false, limit: '64kb' }), access.identify);
  app.use(sessionRouter(access, { loginLimit: deps.loginLimit }));
  app.use(access.requireReader);
  // the unread count beside "Alerts" in every page's navigation
  app.use(async (req, res, next) => {
    if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts('html')) res.locals.unread = await unreadCount(deps.sql);
    next();
  });
  app.use(rateLimit({
    windowMs: 60_000,
    limit: 300,
    skip: (req) => req.method === 'GET' || req.method === 'HEAD',
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    message: { error: 'too many writes: slow down' },
  }));
  app.use(adminRouter(access, createMetrics(deps.sql, deps.queues), deps.queues));
  const openapi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', express.json({ limit: '64kb' }), apiRouter(deps.sql, access));
  app.use(overviewRouter(deps.sql, names));
  app.use(searchRouter(deps.sql, names));
  app.use(feedsRouter(deps.sql, access, deps.feedIntervalS ?? 600));
  app.use(pagesRouter(deps.sql, access));
  app.use(storyPagesRouter(deps.sql, access));
  app.use(alertsRouter(deps.sql, access, names, deps.queues));
  app.use(errorHandler(deps.log));
  return app;
}
