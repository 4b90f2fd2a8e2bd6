import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * Guards writes with the `ADMIN_TOKEN` bearer token (compared in constant time). With no token
 * configured, writes are refused: an installation is read-only until its owner sets one.
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  const expected = adminToken ? digest(adminToken) : null;
  return (req, _res, next) => {
    if (!expected) return next(new HttpError(403, 'writes are disabled: set ADMIN_TOKEN to enable them'));
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return next(new HttpError(401, 'authorization required: send "Authorization: Bearer <ADMIN_TOKEN>"'));
    if (!timingSafeEqual(digest(match[1]!.trim()), expected)) return next(new HttpError(401, 'invalid token'));
    next();
  };
}
