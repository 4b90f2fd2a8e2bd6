import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Queues } from '../../../services/core/queues.ts';
import type { Access } from '../auth.ts';
import { HttpError } from '../errors.ts';

export const QUEUES_PATH = '/admin/queues';

/**
 * bull-board's own UI writes with fetch and no CSRF token of ours: besides the session, its writes must
 * come from this origin (Fetch Metadata, which a browser sets and a page elsewhere cannot forge).
 */
const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  if (req.get('sec-fetch-site') === 'same-origin' || req.get('authorization')) return next();
  next(new HttpError(403, 'cross-site request refused'));
};

/** /admin/queues (bull-board) and /metrics (Prometheus), both for admins only. */
export function adminRouter(access: Access, metrics: Registry, queues: Queues | undefined): Router {
  const router = Router();
  router.get('/metrics', access.requireAdmin, async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  if (queues) {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUES_PATH);
    createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Frontier Watch' } } });
    const relaxStyles: RequestHandler = (_req, res, next) => {
      // bull-board's UI uses inline styles; scripts stay same-origin only
      res.set('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'");
      next();
    };
    router.use(QUEUES_PATH, (req, res, next) => {
      // the session check skips CSRF tokens here: sameOriginWrites stands in for them
      const locals = res.locals as { admin?: boolean };
      if (!access.enabled) return next(new HttpError(403, 'admin pages are disabled: set ADMIN_TOKEN to enable them'));
      if (!locals.admin) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      next();
    }, sameOriginWrites, relaxStyles, adapter.getRouter() as Router);
  } else {
    router.use(QUEUES_PATH, access.requireAdminPage, (_req, _res, next) => next(new HttpError(503, 'queues are not available in this process')));
  }
  return router;
}
