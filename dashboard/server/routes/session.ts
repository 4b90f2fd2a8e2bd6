import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { SESSION_COOKIE, sessionCookieOptions, type Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { html, page } from '../html.ts';

/** Only same-site paths: never send someone elsewhere after signing in. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** Refuses a form posted from another origin (belt and braces beside SameSite=Strict). */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

function loginPage(next: string, error?: string, enabled = true): string {
  return page('Sign in', html`<section class="narrow"><h1>Sign in</h1>
${enabled ? '' : html`<p class="warn">Signing in is disabled: start the dashboard with <code>ADMIN_TOKEN</code> set.</p>`}
${error ? html`<p class="warn" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="stack">
<input type="hidden" name="next" value="${next}">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button>Sign in</button>
</form>
<p class="meta">The token is the <code>ADMIN_TOKEN</code> the dashboard was started with. Signing in lets you manage feeds, alerts and corrections.</p></section>`);
}

/** GET/POST /login and POST /logout; sign-in attempts are rate-limited per address. */
export function sessionRouter(access: Access, opts: { loginLimit?: number } = {}): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: opts.loginLimit ?? 10,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).type('html').send(loginPage('/', 'Too many sign-in attempts from this address: wait 15 minutes and try again.'));
    },
  });
  router.get('/login', (req, res) => {
    res.type('html').send(loginPage(safeNext(req.query.next), undefined, access.enabled));
  });
  router.post('/login', limiter, (req, res) => {
    if (!sameOrigin(req)) throw new HttpError(403, 'sign-in from another site refused');
    const body = z.object({ token: z.string().max(500).default(''), next: z.string().max(2000).optional() }).parse(req.body ?? {});
    const cookie = access.signIn(body.token);
    if (!cookie) return void res.status(401).type('html').send(loginPage(safeNext(body.next), 'That token is not right.', access.enabled));
    res.cookie(SESSION_COOKIE, cookie, sessionCookieOptions(req));
    res.redirect(303, safeNext(body.next));
  });
  router.post('/logout', access.requireAdmin, (req, res) => {
    res.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(req), maxAge: undefined });
    res.redirect(303, '/');
  });
  return router;
}
