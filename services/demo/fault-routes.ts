import type { IncomingMessage, ServerResponse } from 'node:http';

type Route = (req: IncomingMessage, res: ServerResponse, base: string) => void;

const xml = (res: ServerResponse, body: string, status = 200, type = 'application/rss+xml') => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

/**
 * Misbehaving endpoints for robustness tests: error statuses, bodies that are not feeds, a 20 MB
 * feed, a body that never ends, a redirect loop, and a feed whose article pages are broken.
 */
export function addFaultRoutes(routes: Map<string, Route>, feeds: { name: string; url: string }[]): void {
  routes.set('/bad/404', (_q, res) => xml(res, 'gone', 404, 'text/plain'));
  routes.set('/bad/410', (_q, res) => xml(res, 'gone for good', 410, 'text/plain'));
  routes.set('/bad/500', (_q, res) => xml(res, 'oops', 500, 'text/plain'));
  routes.set('/bad/429', (_q, res) => {
    res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '7200' });
    res.end('slow down');
  });
  routes.set('/bad/not-xml', (_q, res) => xml(res, 'Hello, this is plain text and not a feed.', 200, 'text/plain'));
  routes.set('/bad/malformed', (_q, res) => xml(res, '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Cut off</ti'));
  routes.set('/bad/huge', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
    const item = `<item><title>Padding item</title><link>http://example.invalid/x</link><description>${'x'.repeat(4000)}</description></item>`;
    let sent = 0;
    const pump = () => {
      while (sent < 20 * 1024 * 1024) {
        sent += item.length;
        if (!res.write(item)) return void res.once('drain', pump);
      }
      res.end('</channel></rss>');
    };
    res.on('error', () => {});
    pump();
  });
  routes.set('/bad/never-ends', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>');
    // never ends: the client's total timeout must stop it
  });
  routes.set('/bad/redirect-loop', (_q, res) => {
    res.writeHead(302, { location: '/bad/redirect-loop' });
    res.end();
  });
  routes.set('/bad/page-pdf', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n');
  });
  routes.set('/bad/page-never-ends', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.write('<!doctype html><html><head><title>Slow page</title></head><body><article><p>Loading');
  });
  routes.set('/bad/page-404', routes.get('/bad/404')!);
  routes.set('/bad/page-redirect-loop', routes.get('/bad/redirect-loop')!);
  routes.set('/bad/page-empty', (_q, res) => xml(res, '<!doctype html><html><body><nav>Menu</nav></body></html>', 200, 'text/html'));
  routes.set('/bad/feed-with-bad-pages.xml', (_q, res, base) => {
    const pages = ['page-pdf', 'page-never-ends', 'page-404', 'page-redirect-loop', 'page-empty'];
    const items = pages.map((p) => `<item><title>Broken page: ${p}</title><link>${base}/bad/${p}</link>
      <description>Summary kept when the page at ${p} cannot be extracted.</description><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate></item>`);
    xml(res, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad pages</title><link>${base}/bad</link>${items.join('')}
      <item><title>No link at all</title><description>An item without a link</description></item></channel></rss>`);
  });
  feeds.push({ name: 'Feed whose pages are broken', url: '/bad/feed-with-bad-pages.xml' });
}
