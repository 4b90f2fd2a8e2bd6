import { Router } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { getArticleDetail, listArticles, type ArticleSummary } from '../../../services/core/store/article-list.ts';
import { listFeeds } from '../../../services/core/store/feeds.ts';
import { HttpError } from '../errors.ts';
import { html, page, type SafeHtml } from '../html.ts';
import { articleQuery, parseInput } from './api.ts';

import { badges, fmtDate } from './format.ts';

function casualtyText(c: unknown): string {
  const k = (c as { killed?: number | null } | null)?.killed;
  const i = (c as { injured?: number | null } | null)?.injured;
  return [k != null ? `${k} killed` : '', i != null ? `${i} injured` : ''].filter(Boolean).join(', ');
}

function placeText(places: unknown): string {
  const p = (places as { name: string; district?: string | null; province: string | null; country: string }[] | null)?.[0];
  if (!p) return '';
  const parts = [p.name, p.district, p.province, p.country].filter((x, i, all): x is string => !!x && all.indexOf(x) === i);
  return ` · ${parts.join(', ')}`;
}

function claimsList(claims: unknown): SafeHtml | string {
  const list = (claims as { type: string; actor: string; target?: string; snippet: string }[] | null) ?? [];
  if (list.length === 0) return '';
  return html`<h2>Claims</h2><ul class="claims">${list.map(
    (c) => html`<li><b>${c.actor}</b> ${c.type}${c.target ? html` <b>${c.target}</b>` : ''} — “${c.snippet}”</li>`,
  )}</ul>`;
}

function row(a: ArticleSummary): SafeHtml {
  const place = (a.places as { name: string }[] | null)?.[0]?.name ?? '';
  return html`<tr>
<td class="date">${fmtDate(a.publishedAt)}${a.dateTrusted ? '' : html` <span class="warn" title="date missing or untrusted">?</span>`}</td>
<td><a href="/articles/${a.id}">${a.title ?? a.url}</a><div class="meta">${a.siteName ? `${a.siteName} · ${a.source}` : a.source}${a.extractStatus === 'fallback' ? ' · feed text only' : ''}${a.relevant === false ? ' · off-topic' : ''}</div></td>
<td>${badges(a.categories)}</td><td>${casualtyText(a.casualties)}</td><td>${place}</td></tr>`;
}

/** Server-rendered pages: the article list, one article with its evidence, the feed list. */
export function pagesRouter(sql: Sql): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const filter = parseInput(articleQuery, req.query);
    const { articles, total } = await listArticles(sql, filter);
    const body = html`<h1>Articles <small>${total.toLocaleString('en')} stored</small></h1>
<form class="filters" method="get"><input name="q" placeholder="Search (e.g. Bannu attack -cricket)" value="${filter.q ?? ''}" aria-label="Search">
<select name="category" aria-label="Category"><option value="">All categories</option>${['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees'].map(
      (c) => html`<option value="${c}"${filter.category === c ? html` selected` : ''}>${c.replace(/_/g, ' ')}</option>`,
    )}</select><button>Filter</button></form>
${total === 0 ? html`<p class="empty">No articles yet. Add a feed with <code>npx frontier feeds add URL</code>, or run <code>npm run demo</code>.</p>` : ''}
<table class="articles"><thead><tr><th>Published</th><th>Title</th><th>Categories</th><th>Casualties</th><th>Place</th></tr></thead>
<tbody>${articles.map(row)}</tbody></table>
${filter.offset + filter.limit < total ? html`<p><a href="?${new URLSearchParams({ ...(req.query as Record<string, string>), offset: String(filter.offset + filter.limit) }).toString()}">Older →</a></p>` : ''}`;
    res.type('html').send(page('Articles', body));
  });

  router.get('/articles/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const a = await getArticleDetail(sql, id);
    if (!a) throw new HttpError(404, `article ${id} not found`);
    const evidence = a.categoryDetails.map(
      (c) => html`<li>${badges([c.category])} <span class="score">${c.score.toFixed(2)}</span><ul>${(c.evidence as { term: string; where: string; snippet: string }[]).map(
        (e) => html`<li><b>${e.term}</b> <span class="meta">(${e.where})</span> — “${e.snippet}”</li>`,
      )}</ul></li>`,
    );
    const body = html`<article class="detail"><h1>${a.title ?? a.url}</h1>
<p class="meta"><a href="${/^https?:/i.test(a.url) ? a.url : '#'}" rel="noopener noreferrer nofollow">${a.source}</a> · ${fmtDate(a.publishedAt)} (date from ${a.dateSource ?? 'nowhere'}${a.dateTrusted ? '' : ', untrusted'})${a.byline ? ` · ${a.byline}` : ''}</p>
${a.extractStatus === 'fallback' ? html`<p class="warn">Page could not be extracted (${a.extractError ?? 'unknown'}); showing the feed's summary.</p>` : ''}
${a.storyId ? html`<p class="story-link">Part of <a href="/stories/${a.storyId}">story ${a.storyId}</a>: all reports of this incident, with the figures each gave.</p>` : ''}
<p>${a.relevant ? 'Relevant' : 'Not relevant'} (relevance ${a.relevance?.toFixed(2) ?? '—'}) · ${casualtyText(a.casualties) || 'no casualty figures'}${placeText(a.places)}</p>
${claimsList(a.claims)}
<h2>Why these labels</h2>${evidence.length ? html`<ul class="evidence">${evidence}</ul>` : html`<p>No category applies.</p>`}
<h2>Text</h2>${(a.body ?? '').split(/\n\n/).map((p) => html`<p>${p}</p>`)}</article>`;
    res.type('html').send(page(a.title ?? 'Article', body));
  });

  router.get('/feeds', async (_req, res) => {
    const feeds = await listFeeds(sql);
    const body = html`<h1>Feeds <small>${feeds.length}</small></h1>
<table class="feeds"><thead><tr><th>Feed</th><th>Status</th><th>Last poll</th><th>Items</th><th>Next check</th><th>Last error</th></tr></thead><tbody>
${feeds.map((f) => html`<tr><td>${f.name ?? f.url}<div class="meta">${f.url}</div></td><td class="status-${f.status}">${f.status}${f.errorCount ? ` (${f.errorCount} errors)` : ''}</td>
<td>${f.lastPolledAt?.toISOString().replace('T', ' ').slice(0, 16) ?? 'never'}</td><td>${f.itemCount}</td><td>${f.nextCheckAt.toISOString().replace('T', ' ').slice(0, 16)}</td><td class="error">${f.lastError ?? ''}</td></tr>`)}
</tbody></table>`;
    res.type('html').send(page('Feeds', body));
  });
  return router;
}
