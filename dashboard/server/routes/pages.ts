import { Router } from 'express';
import { z } from 'zod';
import type { Sql } from '../../../services/core/db.ts';
import { getArticleDetail } from '../../../services/core/store/article-list.ts';
import { labelCorrectionsOf } from '../../../services/core/store/label-corrections.ts';
import { getStoryDetail } from '../../../services/core/store/story-list.ts';
import { correctLabel, splitArticle } from '../../../services/stories/corrections.ts';
import { viewer, type Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { html, page, type SafeHtml } from '../html.ts';
import { CATEGORIES } from '../view-scope.ts';
import { parseInput } from '../input.ts';
import { correct } from './api.ts';
import { badges, formatter, localeOf, type Formatter } from './format.ts';

interface Casualties {
  killed?: number | null;
  injured?: number | null;
  flags?: string[];
  breakdown?: { group: string; killed: number | null; injured: number | null }[];
}

function casualtyBlock(c: Casualties | null, f: Formatter): SafeHtml {
  if (!c || (c.killed == null && c.injured == null)) {
    return html`<p>No casualty figures${c?.flags?.length ? html` <span class="meta">(${c.flags.join(', ')})</span>` : ''}.</p>`;
  }
  const groups = (c.breakdown ?? []).filter((g) => g.killed != null || g.injured != null);
  return html`<p><b>${c.killed != null ? `${f.num(c.killed)} killed` : ''}${c.killed != null && c.injured != null ? ', ' : ''}${c.injured != null ? `${f.num(c.injured)} injured` : ''}</b>
${groups.length ? html` <span class="meta">(${groups.map((g) => [g.group, g.killed != null ? `${g.killed} killed` : '', g.injured != null ? `${g.injured} injured` : ''].filter(Boolean).join(' ')).join('; ')})</span>` : ''}
${c.flags?.length ? html` <span class="meta">${c.flags.join(', ')}</span>` : ''}</p>`;
}

/** " · Mir Ali, Khyber Pakhtunkhwa, Pakistan" for the article's main place, without repeats. */
function placeLine(places: unknown): string {
  const p = (places as { name: string; province: string | null; country: string }[] | null)?.[0];
  if (!p) return '';
  return ` · ${[p.name, p.province, p.country].filter((x, i, all) => x && all.indexOf(x) === i).join(', ')}`;
}

function claimsList(claims: unknown): SafeHtml | string {
  const list = (claims as { type: string; actor: string; target?: string; snippet: string }[] | null) ?? [];
  if (list.length === 0) return '';
  return html`<h2>Claims</h2><ul class="claims">${list.map(
    (c) => html`<li><b>${c.actor}</b> ${c.type}${c.target ? html` <b>${c.target}</b>` : ''} — “${c.snippet}”</li>`,
  )}</ul>`;
}

const labelBody = z.object({
  category: z.enum(CATEGORIES),
  applies: z.enum(['yes', 'no']).transform((v) => v === 'yes'),
  note: z.string().trim().max(500).optional().transform((s) => s || null),
});

/** One article: text, source, labels with their evidence, figures, claims, its story's other reports. */
export function pagesRouter(sql: Sql, access: Access): Router {
  const router = Router();
  router.get('/articles/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const a = await getArticleDetail(sql, id);
    if (!a) throw new HttpError(404, `article ${id} not found`);
    const f = formatter(localeOf(req));
    const { admin, csrf } = viewer(res);
    const [corrections, story] = await Promise.all([labelCorrectionsOf(sql, id), a.storyId ? getStoryDetail(sql, a.storyId) : undefined]);
    const corrected = new Map(corrections.map((c) => [c.category, c]));
    const evidence = a.categoryDetails.map(
      (c) => html`<li>${badges([c.category])}${corrected.has(c.category) ? html`<span class="badge corrected" title="set by a user">corrected</span>` : ''} <span class="meta">score ${c.score.toFixed(2)}</span><ul>${(c.evidence as { term: string; where: string; snippet: string }[]).map(
        (e) => html`<li><b>${e.term}</b> <span class="meta">(${e.where})</span>${e.snippet ? html` — “${e.snippet}”` : ''}</li>`,
      )}</ul></li>`,
    );
    const removed = corrections.filter((c) => !c.applies);
    const siblings = story?.articles.filter((x) => x.id !== a.id) ?? [];
    const body = html`<article class="detail"><h1>${a.title ?? a.url}</h1>
<p class="meta"><a href="${/^https?:/i.test(a.url) ? a.url : '#'}" rel="noopener noreferrer nofollow">${a.siteName ?? a.source}</a> · ${f.dateTime(a.publishedAt)} (date from ${a.dateSource ?? 'nowhere'}${a.dateTrusted ? '' : ', untrusted'})${a.byline ? ` · ${a.byline}` : ''}${a.lang ? ` · ${a.lang}` : ''}</p>
${a.extractStatus === 'fallback' ? html`<p class="warn">The page could not be extracted (${a.extractError ?? 'unknown'}); showing the feed's summary.</p>` : ''}
<p>${a.relevant ? 'Relevant' : 'Not relevant'} <span class="meta">(relevance ${a.relevance?.toFixed(2) ?? '—'})</span>${placeLine(a.places)}</p>
${casualtyBlock(a.casualties as Casualties | null, f)}
${claimsList(a.claims)}
<h2>Why these labels</h2>${evidence.length ? html`<ul class="evidence">${evidence}</ul>` : html`<p>No category applies.</p>`}
${removed.length ? html`<p class="meta">Removed by a user: ${removed.map((c) => html`${badges([c.category])}${c.note ? ` (${c.note})` : ''} `)}</p>` : ''}
${admin ? html`<form method="post" action="/articles/${a.id}/labels" class="inline-form panel" aria-label="Correct a label"><input type="hidden" name="_csrf" value="${csrf}">
<b>Correct a label:</b><select name="category" aria-label="Category">${CATEGORIES.map((c) => html`<option value="${c}">${c.replace(/_/g, ' ')}</option>`)}</select>
<select name="applies" aria-label="Verdict"><option value="yes">applies</option><option value="no">does not apply</option></select>
<input name="note" placeholder="Note (optional)" maxlength="500" aria-label="Note"><button>Save correction</button></form>` : ''}
${story ? html`<h2>Story</h2><p>Part of <a href="/stories/${story.id}">${story.title}</a>: ${f.count(story.articleCount, 'report')} from ${f.count(story.outletCount, 'outlet')}.</p>
${siblings.length ? html`<ul class="reports">${siblings.slice(0, 20).map((x) => html`<li><a href="/articles/${x.id}">${x.title ?? x.url}</a> <span class="meta">${x.source} · ${f.date(x.publishedAt)}${x.duplicateOf ? ' · syndicated copy' : ''}</span></li>`)}</ul>` : ''}
${admin && story.articleCount > 1 ? html`<form method="post" action="/articles/${a.id}/split" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}"><input name="note" placeholder="Why (optional)" maxlength="500" aria-label="Note"><button class="secondary" data-confirm="Move this report out into a story of its own?">Not the same incident: split out</button></form>` : ''}` : ''}
<h2>Text</h2><div class="body">${(a.body ?? '').split(/\n\n/).map((p) => html`<p>${p}</p>`)}</div></article>`;
    res.type('html').send(page(a.title ?? 'Article', body, viewer(res)));
  });

  router.post('/articles/:id/labels', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const body = parseInput(labelBody, req.body);
    await correct(() => correctLabel(sql, id, body.category, body.applies, body.note));
    res.redirect(303, `/articles/${id}`);
  });
  router.post('/articles/:id/split', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), req.params);
    const { note } = parseInput(z.object({ note: z.string().trim().max(500).optional() }), req.body);
    const storyId = await correct(() => splitArticle(sql, id, note || null));
    res.redirect(303, `/stories/${storyId}`);
  });
  return router;
}
