// Access: the API takes the ADMIN_TOKEN as a bearer token; the pages take it once at sign-in and then
// carry a signed session cookie (HttpOnly, SameSite=Strict), with a CSRF token bound to the session on
// every form. Sessions are stateless: changing ADMIN_TOKEN signs everyone out.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './errors.ts';

export const SESSION_COOKIE = 'fw_session';
const SESSION_HOURS = 12;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export interface Access {
  /** Marks the request as admin (bearer token or valid session) in `res.locals`; never refuses. */
  identify: RequestHandler;
  /** Refuses a write or admin view without a bearer token, or a session with a valid CSRF token. */
  requireAdmin: RequestHandler;
  /** For pages: sends someone without a session to the sign-in page. */
  requireAdminPage: RequestHandler;
  /** When reading is protected, refuses readers who are not signed in. */
  requireReader: RequestHandler;
  /** A new session cookie value when the token is right, else null. */
  signIn(token: string): string | null;
  enabled: boolean;
}

export interface AccessLocals {
  admin: boolean;
  /** How the request proved itself: bearer tokens need no CSRF token, sessions do. */
  via: 'bearer' | 'session' | null;
  csrf: string;
}

/** Builds the access checks; with no ADMIN_TOKEN every write is refused (a read-only install). */
export function createAccess(adminToken: string | undefined, opts: { protectReads?: boolean } = {}): Access {
  const key = adminToken ? createHmac('sha256', adminToken).update('frontier-watch session v1').digest() : null;
  const sign = (s: string) => createHmac('sha256', key!).update(s).digest('base64url');

  const sessionValid = (value: string | undefined): boolean => {
    if (!key || !value) return false;
    const parts = value.split('.');
    if (parts.length !== 3) return false;
    const [expires, nonce, mac] = parts as [string, string, string];
    if (!/^\d+$/.test(expires) || Number(expires) < Date.now() / 1000) return false;
    return sameSecret(mac, sign(`${expires}.${nonce}`));
  };

  const identify: RequestHandler = (req, res, next) => {
    const locals = res.locals as AccessLocals;
    locals.admin = false;
    locals.via = null;
    locals.csrf = '';
    if (!adminToken) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (bearer !== undefined) {
      if (!sameSecret(bearer, adminToken)) return next(new HttpError(401, 'invalid token'));
      locals.admin = true;
      locals.via = 'bearer';
      return next();
    }
    const session = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (sessionValid(session)) {
      locals.admin = true;
      locals.via = 'session';
      locals.csrf = sign(`csrf:${session}`);
    }
    next();
  };

  const csrfOk = (req: Request, res: Response): boolean => {
    const locals = res.locals as AccessLocals;
    if (locals.via === 'bearer') return true;
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const given = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
    return typeof given === 'string' && locals.csrf !== '' && sameSecret(given, locals.csrf);
  };

  const requireAdmin: RequestHandler = (req, res, next) => {
    if (!adminToken) return next(new HttpError(403, 'writes are disabled: set ADMIN_TOKEN to enable them'));
    const locals = res.locals as AccessLocals;
    if (!locals.admin) return next(new HttpError(401, 'authorization required: send "Authorization: Bearer <ADMIN_TOKEN>" or sign in'));
    if (!csrfOk(req, res)) return next(new HttpError(403, 'missing or invalid CSRF token: reload the page and try again'));
    next();
  };

  const requireAdminPage: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if ((res.locals as AccessLocals).admin) return requireAdmin(req, res, next);
    if (!adminToken) return next(new HttpError(403, 'admin pages are disabled: set ADMIN_TOKEN to enable them'));
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  };

  const requireReader: RequestHandler = (req, res, next) => {
    if (!opts.protectReads || (res.locals as AccessLocals).admin) return next();
    if (req.path.startsWith('/api/') || req.path.startsWith('/api')) return next(new HttpError(401, 'authorization required: reading is protected on this installation'));
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  };

  return {
    identify,
    requireAdmin,
    requireAdminPage,
    requireReader,
    enabled: !!adminToken,
    signIn(token) {
      if (!adminToken || !sameSecret(token, adminToken)) return null;
      const expires = Math.floor(Date.now() / 1000) + SESSION_HOURS * 3600;
      const nonce = randomBytes(12).toString('base64url');
      return `${expires}.${nonce}.${sign(`${expires}.${nonce}`)}`;
    },
  };
}

/** Cookie options for the session (Secure when the request came over HTTPS). */
export function sessionCookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path: '/', maxAge: SESSION_HOURS * 3600 * 1000 };
}

/** What a page needs to know about its reader: signed in as admin, and the CSRF token for its forms. */
export function viewer(res: Response): { admin: boolean; csrf: string; unread: number } {
  const locals = res.locals as Partial<AccessLocals> & { unread?: number };
  return { admin: !!locals.admin, csrf: locals.csrf ?? '', unread: locals.unread ?? 0 };
}
