import { Router } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { correctionsOfStory } from '../../../services/core/store/stories.ts';
import { getStoryDetail, listStories, type StorySummary } from '../../../services/core/store/story-list.ts';
import type { Figure } from '../../../services/stories/reconcile.ts';
import { viewer, type Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { html, page, type SafeHtml } from '../html.ts';
import { parseInput } from '../input.ts';
import { correct, storyQuery } from './api.ts';
import { mergeStories } from '../../../services/stories/corrections.ts';
import { badges, fmtDate } from './format.ts';

function figureText(value: number | null, range: [number, number] | null, word: string): string {
  if (value === null) return '';
  return range && range[0] !== range[1] ? `${value} ${word} (reports ${range[0]}–${range[1]})` : `${value} ${word}`;
}

function casualtiesOf(s: StorySummary): string {
  return [figureText(s.killed, s.killedRange, 'killed'), figureText(s.injured, s.injuredRange, 'injured')].filter(Boolean).join(', ');
}

function storyRow(s: StorySummary): SafeHtml {
  return html`<tr><td class="date">${s.dated ? fmtDate(s.firstSeen) : html`<span class="warn" title="no report gave a date; left out of trends">undated</span>`}</td>
<td><a href="/stories/${s.id}">${s.title}</a><div class="meta">${s.articleCount} report${s.articleCount === 1 ? '' : 's'} from ${s.outletCount} outlet${s.outletCount === 1 ? '' : 's'}</div></td>
<td>${badges(s.categories)}</td><td>${casualtiesOf(s)}</td><td>${s.place ?? ''}</td></tr>`;
}

function figureRows(label: string, f: Figure | undefined): SafeHtml | string {
  if (!f || f.reports.length === 0) return '';
  return html`${f.reports.map(
    (r) => html`<tr><td>${label}</td><td>${r.value}</td><td>${r.source}</td><td>${r.at.slice(0, 16).replace('T', ' ')}</td><td><a href="/articles/${r.articleId}">report</a></td></tr>`,
  )}`;
}

/** Server-rendered story pages: the incidents list and one story with its reports and figures. */
export function storyPagesRouter(sql: Sql, access: Access): Router {
  const router = Router();
  router.get('/stories', async (req, res) => {
    const q = parseInput(storyQuery, req.query);
    const { stories, total } = await listStories(sql, { ...q, relevantOnly: !q.all });
    const body = html`<h1>Stories <small>${total.toLocaleString('en')} incidents and events</small></h1>
<p class="meta">Reports of one incident are grouped into one story; counts and trends count stories, not articles.</p>
${total === 0 ? html`<p class="empty">No stories yet: they appear as articles are classified.</p>` : ''}
<table class="articles"><thead><tr><th>First report</th><th>Story</th><th>Categories</th><th>Casualties</th><th>Place</th></tr></thead>
<tbody>${stories.map(storyRow)}</tbody></table>
${q.offset + q.limit < total ? html`<p><a href="?${new URLSearchParams({ ...(req.query as Record<string, string>), offset: String(q.offset + q.limit) }).toString()}">Older →</a></p>` : ''}`;
    res.type('html').send(page('Stories', body, { nav: '/stories', ...viewer(res) }));
  });

  router.get('/stories/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const s = await getStoryDetail(sql, id);
    if (!s) throw new HttpError(404, `story ${id} not found`);
    if (s.mergedInto) return res.redirect(302, `/stories/${s.mergedInto}`);
    const figures = s.casualties as { killed?: Figure; injured?: Figure };
    const corrections = await correctionsOfStory(sql, id);
    const { admin, csrf } = viewer(res);
    const body = html`<article class="detail"><h1>${s.title}</h1>
<p class="meta">${fmtDate(s.firstSeen)} – ${fmtDate(s.lastSeen)} · ${s.articleCount} reports from ${s.outletCount} outlets · ${s.place ? [s.place, s.province, s.country].filter(Boolean).join(', ') : 'no agreed place'}</p>
<p>${badges(s.categories)} ${casualtiesOf(s) || 'no casualty figures'}</p>
<p class="meta">Trend figure: the latest original report's number (syndicated copies do not count as new reports); the range shows what outlets reported.</p>
${figures.killed?.reports.length || figures.injured?.reports.length ? html`<h2>Figures as reported</h2>
<table class="figures"><thead><tr><th></th><th>Figure</th><th>Outlet</th><th>When (UTC)</th><th></th></tr></thead>
<tbody>${figureRows('killed', figures.killed)}${figureRows('injured', figures.injured)}</tbody></table>` : ''}
<h2>Reports</h2><ul class="reports">${s.articles.map(
      (a) => html`<li><a href="/articles/${a.id}">${a.title ?? a.url}</a> <span class="meta">${a.source} · ${fmtDate(a.publishedAt)}${a.duplicateOf ? ' · syndicated copy' : ''}${a.pinned ? ' · placed by a correction' : ''}</span></li>`,
    )}</ul>
${corrections.length ? html`<h2>Corrections</h2><ul>${corrections.map(
      (c) => html`<li>${c.kind === 'merge' ? `story ${c.otherStory} merged into ${c.storyId}` : `article ${c.articleId} split out into story ${c.otherStory}`} · ${c.createdAt.toISOString().slice(0, 16).replace('T', ' ')}${c.note ? ` — ${c.note}` : ''}</li>`,
    )}</ul>` : ''}
${admin ? html`<h2>Correct the grouping</h2>
<form method="post" action="/stories/${s.id}/merge" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}">
<label for="merge-into">Same incident as story</label><input id="merge-into" name="into" type="number" min="1" required size="8">
<input name="note" placeholder="Why (optional)" maxlength="500" aria-label="Note"><button class="secondary">Merge into it</button></form>
<p class="meta">To take one report out of this story, open it and use “split out”. Corrections are kept: later runs never undo them.</p>` : ''}</article>`;
    res.type('html').send(page(s.title, body, viewer(res)));
  });
  router.post('/stories/:id/merge', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const body = parseInput(z.object({ into: z.coerce.number().int().positive(), note: z.string().trim().max(500).optional() }), req.body);
    const storyId = await correct(() => mergeStories(sql, id, body.into, body.note || null));
    res.redirect(303, `/stories/${storyId}`);
  });
  return router;
}
