import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { OpmlError, parseOpml, renderOpml } from '../../../services/core/opml.ts';
import { deleteFeed, insertFeeds, listFeeds, setFeedEnabled, type FeedWithCounts } from '../../../services/core/store/feeds.ts';
import { viewer, type Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { html, page, type SafeHtml } from '../html.ts';
import { parseInput } from '../input.ts';
import { formatter, localeOf, type Formatter } from './format.ts';

const httpUrl = z.string().trim().max(2000).url('not a URL').refine((u) => /^https?:\/\//i.test(u), 'only http and https feeds');
const newFeed = z.object({
  url: httpUrl,
  name: z.string().trim().max(200).optional().transform((s) => s || null),
  /** minutes; an empty form field means the default */
  interval: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(1440).optional()),
});
const idParam = z.object({ id: z.coerce.number().int().positive() });

function opmlImport(text: string) {
  try {
    return parseOpml(text);
  } catch (error) {
    if (error instanceof OpmlError) throw new HttpError(400, error.message);
    throw error;
  }
}

function feedRow(feed: FeedWithCounts, f: Formatter, csrf: string): SafeHtml {
  const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const status = !feed.enabled ? 'disabled' : feed.status;
  return html`<tr data-feed-id="${feed.id}"><td><b>${feed.name ?? feed.url}</b><div class="meta">${feed.url}</div></td>
<td class="status-${status}">${status}${feed.errorCount ? html`<div class="meta">${f.num(feed.errorCount)} failed in a row</div>` : ''}</td>
<td>${f.dateTime(feed.lastPolledAt)}</td><td>${feed.enabled ? f.dateTime(feed.nextCheckAt) : '—'}</td>
<td class="num">${(feed.itemsLastWeek / 7).toFixed(1)}<div class="meta">${f.num(feed.itemCount)} in all</div></td>
<td class="error">${feed.lastError ?? ''}</td>
<td><form class="inline-form" method="post" action="/feeds/${feed.id}/${feed.enabled ? 'disable' : 'enable'}">${token}<button class="secondary">${feed.enabled ? 'Disable' : 'Enable'}</button></form>
<form class="inline-form" method="post" action="/feeds/${feed.id}/delete">${token}<button class="danger" data-confirm="Remove this feed? Its articles stay.">Remove</button></form></td></tr>`;
}

/** Feed management: the page (admins), its form posts, and the JSON API with OPML import/export. */
export function feedsRouter(sql: Sql, access: Access, defaultIntervalS: number): Router {
  const router = Router();
  const back = (res: Response, notice: string) => res.redirect(303, `/feeds?notice=${encodeURIComponent(notice)}`);
  const add = async (input: unknown) => {
    const body = parseInput(newFeed, input);
    const [feed] = await insertFeeds(sql, [{ url: body.url, name: body.name, intervalS: body.interval ? body.interval * 60 : undefined }], defaultIntervalS);
    return feed;
  };
  const importText = async (text: string) => {
    const { feeds, skipped } = opmlImport(text);
    const added = await insertFeeds(sql, feeds.map((x) => ({ url: x.url, name: x.title })), defaultIntervalS);
    return { added: added.length, present: feeds.length - added.length, skipped };
  };
  const exportOpml = async (res: Response) => {
    const feeds = await listFeeds(sql);
    res.attachment('frontier-watch-feeds.opml').type('text/x-opml; charset=utf-8')
      .send(renderOpml(feeds.map((x) => ({ url: x.url, title: x.name })), { title: 'Frontier Watch feeds' }));
  };

  // pages
  router.get('/feeds', access.requireAdminPage, async (req, res) => {
    const f = formatter(localeOf(req));
    const feeds = await listFeeds(sql);
    const { csrf } = viewer(res);
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : '';
    const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
    const failing = feeds.filter((x) => x.enabled && x.status === 'failing').length;
    const body = html`<h1>Feeds <small>${f.num(feeds.length)} · ${f.num(failing)} failing</small></h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="grid">
<form method="post" action="/feeds" class="panel stack" aria-labelledby="add-h"><h2 id="add-h">Add a feed</h2>${token}
<label for="feed-url">Feed URL (RSS, Atom or RDF)</label><input id="feed-url" name="url" type="url" required placeholder="https://www.example.com/feed.xml">
<label for="feed-name">Name (optional)</label><input id="feed-name" name="name" maxlength="200">
<label for="feed-interval">Check every (minutes, optional)</label><input id="feed-interval" name="interval" type="number" min="1" max="1440" placeholder="${String(Math.round(defaultIntervalS / 60))}">
<button>Add feed</button></form>
<form method="post" action="/feeds/import" class="panel stack" aria-labelledby="import-h"><h2 id="import-h">Import and export OPML</h2>${token}
<label for="opml-file">OPML file from another reader</label><input id="opml-file" type="file" accept=".opml,.xml,text/xml,text/x-opml" data-fills="opml-text">
<label for="opml-text">…or paste it</label><textarea id="opml-text" name="opml" rows="4" required></textarea>
<button>Import</button><p class="meta"><a href="/feeds.opml">Export all feeds as OPML</a></p></form>
</div>
${feeds.length === 0 ? html`<p class="empty">No feeds yet: add one above or import an OPML file.</p>` : html`<table class="feeds"><thead><tr><th>Feed</th><th>Status</th><th>Last poll</th><th>Next check</th><th class="num">Items / day</th><th>Last error</th><th></th></tr></thead>
<tbody>${feeds.map((x) => feedRow(x, f, csrf))}</tbody></table>`}`;
    res.type('html').send(page('Feeds', body, { nav: '/feeds', ...viewer(res) }));
  });
  router.post('/feeds', access.requireAdminPage, async (req, res) => {
    const feed = await add(req.body);
    back(res, feed ? `Added ${feed.url}; it will be polled shortly.` : 'That feed is already on the list.');
  });
  router.post('/feeds/import', express.urlencoded({ extended: false, limit: '6mb' }), access.requireAdminPage, async (req, res) => {
    const text = parseInput(z.object({ opml: z.string().min(1, 'paste or choose an OPML file') }), req.body).opml;
    const r = await importText(text);
    back(res, `Imported ${r.added} new feeds (${r.present} already present${r.skipped.length ? `, ${r.skipped.length} skipped: ${r.skipped.slice(0, 3).map((s) => `${s.outline} (${s.reason})`).join('; ')}` : ''}).`);
  });
  router.get('/feeds.opml', access.requireAdminPage, (_req, res) => exportOpml(res));
  router.post('/feeds/:id/:action', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const action = parseInput(z.enum(['enable', 'disable', 'delete']), req.params.action);
    const ok = action === 'delete' ? await deleteFeed(sql, id) : await setFeedEnabled(sql, id, action === 'enable');
    if (!ok) throw new HttpError(404, `feed ${id} not found`);
    back(res, `Feed ${id} ${action === 'delete' ? 'removed' : `${action}d`}.`);
  });

  // API
  router.get('/api/feeds', async (_req, res) => {
    res.json({ feeds: await listFeeds(sql) });
  });
  router.post('/api/feeds', access.requireAdmin, async (req, res) => {
    const feed = await add(req.body);
    if (!feed) throw new HttpError(409, 'feed already present');
    res.status(201).json(feed);
  });
  router.patch('/api/feeds/:id', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const { enabled } = parseInput(z.object({ enabled: z.boolean() }), req.body);
    if (!(await setFeedEnabled(sql, id, enabled))) throw new HttpError(404, `feed ${id} not found`);
    res.json({ id, enabled });
  });
  router.delete('/api/feeds/:id', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    if (!(await deleteFeed(sql, id))) throw new HttpError(404, `feed ${id} not found`);
    res.status(204).end();
  });
  router.post('/api/feeds/import', express.text({ type: ['text/*', 'application/xml', 'application/octet-stream'], limit: '6mb' }), access.requireAdmin, async (req, res) => {
    if (typeof req.body !== 'string') throw new HttpError(415, 'send the OPML document as the body (Content-Type: text/xml)');
    res.json(await importText(req.body));
  });
  router.get('/api/feeds/export.opml', access.requireAdmin, (_req, res) => exportOpml(res));
  return router;
}
