/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tagged template that escapes every interpolation unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const text = Array.isArray(v)
      ? v.map((x) => (x instanceof SafeHtml ? x.value : escapeHtml(x))).join('')
      : v instanceof SafeHtml ? v.value : escapeHtml(v);
    out += text + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

export interface PageOptions {
  /** A bundle from dashboard/client to load (every page loads the shared behaviour). */
  script?: string;
  /** The nav entry to mark as current. */
  nav?: string;
  /** Signed in as admin: show admin links and sign-out. */
  admin?: boolean;
  /** CSRF token for the sign-out form. */
  csrf?: string;
  /** Unread alert notifications, shown beside "Alerts". */
  unread?: number;
}

const NAV: [string, string, boolean][] = [
  ['/', 'Overview', false],
  ['/search', 'Search', false],
  ['/stories', 'Stories', false],
  ['/alerts', 'Alerts', false],
  ['/feeds', 'Feeds', true],
  ['/admin/queues', 'Queues', true],
];

/** The page frame shared by every server-rendered page. */
export function page(title: string, body: SafeHtml, opts: PageOptions = {}): string {
  const nav = NAV.filter(([, , adminOnly]) => !adminOnly || opts.admin).map(
    ([href, text]) => html`<a href="${href}"${opts.nav === href ? html` aria-current="page"` : ''}>${text}${href === '/alerts' && opts.unread
      ? html` <span class="count" title="unread notifications">${opts.unread > 999 ? '999+' : opts.unread}<span class="visually-hidden"> unread</span></span>`
      : ''}</a>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Frontier Watch</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css">
<script defer src="/static/js/${opts.script ?? 'page'}.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">Frontier Watch</a>
<nav aria-label="Main">${nav}</nav>
<div class="account">${opts.admin
    ? html`<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${opts.csrf ?? ''}"><button class="link">Sign out</button></form>`
    : html`<a href="/login">Sign in</a>`}</div></header>
<main id="main">${body}</main>
</body>
</html>`.value;
}
