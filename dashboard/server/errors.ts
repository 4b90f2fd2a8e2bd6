import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../services/core/log.ts';
import { html, page } from './html.ts';

/** An error with the HTTP status to answer with. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Answers errors as JSON under /api and as a page elsewhere; logs only server errors. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = error instanceof HttpError ? error.status : typeof error?.status === 'number' ? error.status : 500;
    if (status >= 500) log.error({ err: error?.message, path: req.path }, 'request failed');
    const message = status >= 500 ? 'internal error' : String(error?.message ?? 'error');
    if (req.path.startsWith('/api') || req.path === '/metrics') return void res.status(status).json({ error: message });
    const title = status === 404 ? 'Not found' : status >= 500 ? 'Something went wrong' : 'Cannot show this';
    const locals = res.locals as { admin?: boolean; csrf?: string };
    res.status(status).type('html').send(page(title, html`<section class="narrow"><h1>${title}</h1><p class="warn" role="alert">${message}</p>
<p><a href="/">Back to the overview</a></p></section>`, { admin: !!locals.admin, csrf: locals.csrf ?? '' }));
  };
}
