import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../services/core/log.ts';

/** An error with the HTTP status to answer with. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Answers errors as JSON under /api and as text elsewhere; logs only server errors. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = error instanceof HttpError ? error.status : typeof error?.status === 'number' ? error.status : 500;
    if (status >= 500) log.error({ err: error?.message, path: req.path }, 'request failed');
    const message = status >= 500 ? 'internal error' : String(error?.message ?? 'error');
    if (req.path.startsWith('/api')) res.status(status).json({ error: message });
    else res.status(status).type('text/plain').send(message);
  };
}
