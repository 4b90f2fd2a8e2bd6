import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { NameIndex } from '../../../services/classifier/names.ts';
import type { Sql } from '../../../services/core/db.ts';
import { MARK_END, MARK_START, searchArticles, searchStories, type ArticleHit } from '../../../services/core/store/search.ts';
import type { StorySummary } from '../../../services/core/store/story-list.ts';
import { escapeHtml, html, page, SafeHtml } from '../html.ts';
import { readView, viewSearch, type View } from '../view-scope.ts';
import { viewer } from '../auth.ts';
import { toCsv } from '../csv.ts';
import { parseInput } from '../input.ts';
import { badges, formatter, localeOf, type Formatter } from './format.ts';
import { filterForm } from './overview.ts';

const PAGE_SIZE = 25;
const EXPORT_MAX = 5000;

const searchParams = z.object({
  kind: z.enum(['articles', 'stories']).default('articles'),
  page: z.coerce.number().int().min(1).max(400).default(1),
  format: z.enum(['html', 'json', 'csv']).default('html'),
});

/** Text with the store's highlight marks turned into <mark> elements, everything else escaped. */
function marked(text: string | null): SafeHtml {
  const safe = escapeHtml(text ?? '');
  return new SafeHtml(safe.replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>'));
}

function casualtyText(c: { killed?: number | null; injured?: number | null } | null, f: Formatter): string {
  return [c?.killed != null ? `${f.num(c.killed)} killed` : '', c?.injured != null ? `${f.num(c.injured)} injured` : ''].filter(Boolean).join(', ');
}

function articleResult(a: ArticleHit, f: Formatter): SafeHtml {
  return html`<li class="hit"><a class="title" href="/articles/${a.id}">${a.titleMarked ? marked(a.titleMarked) : (a.title ?? a.url)}</a>
<div class="meta">${a.source} · ${f.date(a.publishedAt)}${a.dateTrusted ? '' : html` <span class="warn" title="date missing or untrusted">(date uncertain)</span>`}${a.place ? ` · ${a.place}` : ''}${casualtyText(a.casualties, f) ? ` · ${casualtyText(a.casualties, f)}` : ''}${a.relevant === false ? ' · off-topic' : a.relevant === null ? ' · not classified yet' : ''}${a.storyId ? html` · <a href="/stories/${a.storyId}">story</a>${a.outletCount && a.outletCount > 1 ? ` (${f.num(a.outletCount)} outlets)` : ''}` : ''}</div>
<div class="labels">${badges(a.categories)}</div><p class="snippet">${marked(a.snippet)}</p></li>`;
}

function storyResult(s: StorySummary, f: Formatter): SafeHtml {
  const killed = s.killed != null ? `${f.num(s.killed)} killed${s.killedRange && s.killedRange[0] !== s.killedRange[1] ? ` (reports ${s.killedRange[0]}–${s.killedRange[1]})` : ''}` : '';
  return html`<li class="hit"><a class="title" href="/stories/${s.id}">${s.title}</a>
<div class="meta">${f.date(s.firstSeen)} · ${s.place ?? 'place unknown'}${s.province && s.province !== s.place ? `, ${s.province}` : ''} · ${f.num(s.articleCount)} report${s.articleCount === 1 ? '' : 's'} from ${f.num(s.outletCount)} outlet${s.outletCount === 1 ? '' : 's'}${killed ? ` · ${killed}` : ''}${s.injured != null ? ` · ${f.num(s.injured)} injured` : ''}</div>
<div class="labels">${badges(s.categories)}</div></li>`;
}

async function runSearch(sql: Sql, view: View, kind: 'articles' | 'stories', limit: number, offset: number) {
  return kind === 'articles'
    ? { kind, ...(await searchArticles(sql, view.scope, { limit, offset })) }
    : { kind, ...(await searchStories(sql, view.scope, { limit, offset })) };
}

function exportRows(result: Awaited<ReturnType<typeof runSearch>>): (string | number | null)[][] {
  if (result.kind === 'articles') {
    const rows = (result as { hits: ArticleHit[] }).hits;
    return [
      ['id', 'published_at', 'source', 'title', 'url', 'categories', 'killed', 'injured', 'place', 'province', 'story_id'],
      ...rows.map((a) => [a.id, a.publishedAt ? new Date(a.publishedAt).toISOString() : null, a.source, a.title, a.url, a.categories.join(' '),
        a.casualties?.killed ?? null, a.casualties?.injured ?? null, a.place, a.province, a.storyId]),
    ];
  }
  const rows = (result as { stories: StorySummary[] }).stories;
  return [
    ['id', 'first_seen', 'title', 'categories', 'place', 'province', 'country', 'reports', 'outlets', 'killed', 'killed_low', 'killed_high', 'injured'],
    ...rows.map((s) => [s.id, new Date(s.firstSeen).toISOString(), s.title, s.categories.join(' '), s.place, s.province, s.country,
      s.articleCount, s.outletCount, s.killed, s.killedRange?.[0] ?? null, s.killedRange?.[1] ?? null, s.injured]),
  ];
}

/** GET /search (page, or ?format=csv|json for an export of the whole view) and GET /api/search. */
export function searchRouter(sql: Sql, names: NameIndex): Router {
  const router = Router();
  const read = (req: Request) => {
    return { view: readView(req.query, names), ...parseInput(searchParams, req.query) };
  };
  const exportView = async (res: Response, view: View, kind: 'articles' | 'stories', format: 'csv' | 'json') => {
    const result = await runSearch(sql, view, kind, EXPORT_MAX, 0);
    const name = `frontier-${kind}-${new Date().toISOString().slice(0, 10)}`;
    if (format === 'json') {
      res.attachment(`${name}.json`).json({ view: view.params, ...result, truncated: result.total > EXPORT_MAX });
    } else {
      res.attachment(`${name}.csv`).type('text/csv; charset=utf-8').send(toCsv(exportRows(result)));
    }
  };

  router.get('/api/search', async (req, res) => {
    const { view, kind, page: n, format } = read(req);
    if (format === 'csv' || format === 'json') return exportView(res, view, kind, format);
    res.json(await runSearch(sql, view, kind, PAGE_SIZE, (n - 1) * PAGE_SIZE));
  });

  router.get('/search', async (req, res) => {
    const { view, kind, page: n, format } = read(req);
    if (format !== 'html') return exportView(res, view, kind, format);
    const f = formatter(localeOf(req));
    const result = await runSearch(sql, view, kind, PAGE_SIZE, (n - 1) * PAGE_SIZE);
    const p = view.params;
    const link = (change: Record<string, string | undefined>) => {
      const base = viewSearch(p);
      const q = new URLSearchParams(base.slice(1));
      for (const [k, v] of Object.entries({ kind, ...change })) v === undefined ? q.delete(k) : q.set(k, v);
      return `/search?${q.toString()}`;
    };
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const items = result.kind === 'articles'
      ? (result as { hits: ArticleHit[] }).hits.map((a) => articleResult(a, f))
      : (result as { stories: StorySummary[] }).stories.map((s) => storyResult(s, f));
    const body = html`<h1>Search <small>${f.date(view.scope.from)} – ${f.date(new Date(view.scope.to.getTime() - 1))}</small></h1>
${filterForm(view, names, [], { action: '/search', hidden: { kind }, units: false })}
<div class="toolbar" role="toolbar" aria-label="Results">
<nav class="tabs" aria-label="Result kind"><a href="${link({ kind: 'articles', page: undefined })}"${kind === 'articles' ? html` aria-current="page"` : ''}>Articles</a>
<a href="${link({ kind: 'stories', page: undefined })}"${kind === 'stories' ? html` aria-current="page"` : ''}>Stories</a></nav>
<span class="meta" data-total="${result.total}">${f.num(result.total)} ${kind === 'articles' ? 'articles' : 'stories'}</span><span class="spacer"></span>
<a href="${link({ format: 'csv', page: undefined })}" download>Export CSV</a><a href="${link({ format: 'json', page: undefined })}" download>Export JSON</a>
</div>
${result.total === 0 ? html`<p class="empty">Nothing matches. Check the spelling, remove a filter or widen the date range. Queries use words, "phrases", OR, -word, prefix*, and fields such as <code>category:attack</code>, <code>place:Bannu</code>, <code>actor:TTP</code>, <code>killed>=5</code>.</p>` : html`<ol class="results">${items}</ol>`}
${pages > 1 ? html`<nav class="pager" aria-label="Pages">${n > 1 ? html`<a rel="prev" href="${link({ page: String(n - 1) })}">← Newer</a>` : ''}<span class="meta">page ${f.num(n)} of ${f.num(pages)}</span>${n < pages ? html`<a rel="next" href="${link({ page: String(n + 1) })}">Older →</a>` : ''}</nav>` : ''}`;
    res.type('html').send(page('Search', body, { nav: '/search', ...viewer(res) }));
  });
  return router;
}
