import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { encodeXML } from 'entities';
import type { FixtureArticle } from './fixture-articles.ts';
import { addFaultRoutes } from './fault-routes.ts';
import { renderArticlePage } from './render-page.ts';

const ATOM_STYLES = new Set(['afghan_outlet']);

export interface FixtureSiteOptions {
  articles: FixtureArticle[];
  host?: string;
  port?: number;
  /** Serve /bad/* routes that misbehave (for tests). */
  faults?: boolean;
  /** Serve the files of this folder under /real/ (the real-world feed captures). */
  realFeedsDir?: string;
}

export interface FixtureSite {
  url: string;
  /** Feed URLs, one per outlet, plus an aggregated wire feed that repeats items of other feeds. */
  feeds: { name: string; url: string }[];
  /** Requests received, by path, and how many were answered 304. */
  hits: Map<string, number>;
  notModified: number;
  close(): Promise<void>;
}

export function slugOf(domain: string): string {
  return domain.split('.')[0]!.replace(/[^a-z0-9-]/gi, '').toLowerCase();
}

function articlePath(a: FixtureArticle): string {
  const slug = a.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const date = a.published ? a.published.slice(0, 10).replace(/-/g, '/') : 'undated';
  return `/${slugOf(a.domain)}/${date}/${a.id}-${slug}`;
}

/**
 * A local news site built from fixture articles: an RSS 2.0 or Atom feed per outlet (Afghan outlets
 * use Atom), realistic HTML pages, ETag/Last-Modified with 304, and optional misbehaving routes.
 */
export async function startFixtureSite(opts: FixtureSiteOptions): Promise<FixtureSite> {
  const host = opts.host ?? '127.0.0.1';
  const byOutlet = new Map<string, FixtureArticle[]>();
  for (const a of opts.articles) byOutlet.set(slugOf(a.domain), [...(byOutlet.get(slugOf(a.domain)) ?? []), a]);
  const pages = new Map<string, FixtureArticle>();
  for (const a of opts.articles) pages.set(articlePath(a), a);

  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse, base: string) => void>();
  const hits = new Map<string, number>();
  const site: FixtureSite = { url: '', feeds: [], hits, notModified: 0, close: async () => {} };

  const sendCached = (req: IncomingMessage, res: ServerResponse, type: string, body: string, lastModified?: string) => {
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag || (lastModified && !req.headers['if-none-match'] && req.headers['if-modified-since'] === lastModified)) {
      site.notModified++;
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { 'content-type': type, etag, ...(lastModified ? { 'last-modified': lastModified } : {}) });
    res.end(body);
  };

  for (const [slug, list] of byOutlet) {
    const sorted = [...list].sort((x, y) => (y.published ?? '').localeCompare(x.published ?? ''));
    const atom = ATOM_STYLES.has(sorted[0]!.style);
    const feedPath = `/feeds/${slug}.${atom ? 'atom' : 'xml'}`;
    site.feeds.push({ name: `${sorted[0]!.outlet} (fixture)`, url: feedPath });
    routes.set(feedPath, (req, res, base) => {
      const body = atom ? atomFeed(sorted, base, slug) : rssFeed(sorted, base, slug);
      const newest = sorted.find((a) => a.published)?.published;
      sendCached(req, res, atom ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8', body, newest ? new Date(newest).toUTCString() : undefined);
    });
  }
  // Wire copy republished by an aggregator: the same stories as the wire feeds, AMP and tracking variants.
  const wire = opts.articles.filter((a) => a.style === 'wire');
  if (wire.length) {
    site.feeds.push({ name: 'Wire round-up (fixture aggregator)', url: '/feeds/wire-roundup.xml' });
    routes.set('/feeds/wire-roundup.xml', (req, res, base) => {
      const body = rssFeed(wire, base, 'roundup', (p) => `${p}/amp?utm_source=roundup&utm_medium=rss#top`);
      sendCached(req, res, 'application/rss+xml; charset=utf-8', body);
    });
  }
  if (opts.faults) addFaultRoutes(routes, site.feeds);
  if (opts.realFeedsDir) {
    for (const file of readdirSync(opts.realFeedsDir).filter((f) => /\.(rss|atom|xml)$/.test(f))) {
      const body = readFileSync(path.join(opts.realFeedsDir, file));
      routes.set(`/real/${file}`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(body);
      });
    }
  }

  const related = (a: FixtureArticle) =>
    (byOutlet.get(slugOf(a.domain)) ?? []).filter((x) => x.id !== a.id).slice(0, 5).map((x) => ({ title: x.title, href: articlePath(x) }));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const base = `http://${req.headers.host ?? host}`;
    const route = routes.get(url.pathname);
    if (route) return route(req, res, base);
    const page = pages.get(url.pathname.replace(/\/amp$/, ''));
    if (page) return sendCached(req, res, 'text/html; charset=utf-8', renderArticlePage(page, related(page)));
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Not found</title><h1>404</h1>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  site.url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : 0}`;
  site.feeds = site.feeds.map((f) => ({ ...f, url: f.url.startsWith('http') ? f.url : `${site.url}${f.url}` }));
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

function rssFeed(items: FixtureArticle[], base: string, slug: string, link = (p: string) => `${p}?utm_source=rss&utm_medium=feed`): string {
  const entries = items.map((a) => `    <item>
      <title>${encodeXML(a.title)}</title>
      <link>${encodeXML(link(base + articlePath(a)))}</link>
      <guid isPermaLink="false">${slug}-${a.id}</guid>
      ${a.published ? `<pubDate>${new Date(a.published).toUTCString()}</pubDate>` : ''}
      <description>${encodeXML(a.text.split(/\n\s*\n/)[0]!.slice(0, 400))}</description>
    </item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${encodeXML(items[0]?.outlet ?? slug)}</title>
    <link>${base}/${slug}</link>
    <description>Fixture feed</description>
${entries.join('\n')}
  </channel>
</rss>`;
}

function atomFeed(items: FixtureArticle[], base: string, slug: string): string {
  const updated = items.find((a) => a.published)?.published ?? '2026-01-01T00:00:00Z';
  const entries = items.map((a) => `  <entry>
    <title type="html">${encodeXML(a.title)}</title>
    <link rel="alternate" type="text/html" href="${encodeXML(articlePath(a))}"/>
    <id>tag:${slug}.fixture,2025:${a.id}</id>
    ${a.published ? `<published>${a.published}</published><updated>${a.published}</updated>` : ''}
    <summary>${encodeXML(a.text.split(/\n\s*\n/)[0]!.slice(0, 400))}</summary>
  </entry>`);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/">
  <title>${encodeXML(items[0]?.outlet ?? slug)}</title>
  <link rel="alternate" href="${base}/${slug}"/>
  <id>tag:${slug}.fixture,2025:feed</id>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>`;
}
