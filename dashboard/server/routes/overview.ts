import { Router, type Request } from 'express';
import type { NameIndex } from '../../../services/classifier/names.ts';
import type { Sql } from '../../../services/core/db.ts';
import { articleTrend, coverageHealth, latestStories, overviewFigures, type OverviewFigures } from '../../../services/core/store/overview.ts';
import { refreshStoryRollups, rollupFigures, rollupsCanAnswer } from '../../../services/core/store/story-rollups.ts';
import { viewer } from '../auth.ts';
import { html, page, SafeHtml } from '../html.ts';
import { CATEGORIES, readView, viewSearch, type View } from '../view-scope.ts';
import { badges, formatter, localeOf, type Formatter } from './format.ts';

/** Everything the overview shows for one view: the page renders it, /api/overview returns it. */
export async function overviewData(sql: Sql, view: View, names: NameIndex) {
  const [figures, articles, health] = await Promise.all([
    storyFigures(sql, view, names),
    view.params.unit === 'articles' ? articleTrend(sql, view.scope, view.interval) : undefined,
    coverageHealth(sql, view.scope.from, view.scope.to),
  ]);
  return {
    range: { from: view.scope.from, to: view.scope.to, days: view.days, interval: view.interval, casualtyInterval: view.casualtyInterval },
    filters: view.params,
    unit: view.params.unit,
    ...figures,
    trend: articles ? articles.trend : figures.trend,
    undatedArticles: articles?.undated ?? null,
    health,
  };
}

/**
 * Story figures: from the daily rollups when the view allows (no filter but the category), else from
 * the stories in scope, which any other filter makes few.
 */
async function storyFigures(sql: Sql, view: View, names: NameIndex): Promise<OverviewFigures> {
  if (!rollupsCanAnswer(view.scope)) return overviewFigures(sql, view.scope, view.interval, view.casualtyInterval);
  await refreshStoryRollups(sql);
  const [figures, latest] = await Promise.all([
    rollupFigures(sql, view.scope, view.interval, view.casualtyInterval),
    latestStories(sql, view.scope, 10),
  ]);
  for (const p of figures.provinces) p.country = names.place(p.province)?.country ?? '';
  for (const p of figures.places) {
    const ref = names.place(p.place);
    p.province = ref?.province ?? null;
    p.country = ref?.country ?? null;
  }
  return { ...figures, latest };
}

export type OverviewData = Awaited<ReturnType<typeof overviewData>>;

const catLabel = (c: string) => c.replace(/_/g, ' ');

/** The view's range and filters as a GET form: applying it changes the URL, so every view is a link. */
export function filterForm(
  view: View,
  names: NameIndex,
  sources: string[],
  opts: { action?: string; hidden?: Record<string, string>; units?: boolean } = {},
): SafeHtml {
  const p = view.params;
  const option = (value: string, text: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${text}</option>`;
  return html`<form class="filters view" method="get" action="${opts.action ?? '/'}" data-autosubmit>
${Object.entries(opts.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<fieldset class="ranges"><legend class="sr-only">Date range</legend>
${(['7d', '30d', '90d', '1y', 'custom'] as const).map((r) => html`<label class="seg"><input type="radio" name="range" value="${r}"${p.range === r ? html` checked` : ''}><span>${r === 'custom' ? 'Custom' : r}</span></label>`)}
<span class="custom-range"${p.range === 'custom' ? '' : html` hidden`}><input type="date" name="from" value="${p.from ?? ''}" aria-label="From"> – <input type="date" name="to" value="${p.to ?? ''}" aria-label="To"></span>
</fieldset>
<select name="category" aria-label="Category">${option('', 'All categories', !p.category)}${CATEGORIES.map((c) => option(c, catLabel(c), p.category === c))}</select>
<input name="place" list="place-names" placeholder="Place" value="${p.place ?? ''}" aria-label="Place" size="14">
<datalist id="place-names">${names.placeNames.map((n) => html`<option value="${n}">`)}</datalist>
<select name="actor" aria-label="Actor">${option('', 'All actors', !p.actor)}${names.actorNames.map((a) => option(a, a, p.actor === a))}</select>
<input name="source" list="source-names" placeholder="Source (e.g. dawn.com)" value="${p.source ?? ''}" aria-label="Source" size="16">
<datalist id="source-names">${sources.map((s) => html`<option value="${s}">`)}</datalist>
<input name="q" class="query" placeholder="Query, e.g. Bannu (attack OR ambush) -cricket" value="${p.q ?? ''}" aria-label="Query (alert query language)">
${opts.units === false ? '' : html`<fieldset class="units"><legend class="sr-only">Count</legend>
<label class="seg"><input type="radio" name="unit" value="stories"${p.unit === 'stories' ? html` checked` : ''}><span>Incidents</span></label><label class="seg"><input type="radio" name="unit" value="articles"${p.unit === 'articles' ? html` checked` : ''}><span>Articles</span></label>
</fieldset>`}
<button>Apply</button>
</form>`;
}

function activeFilters(view: View): SafeHtml | string {
  const p = view.params;
  const chips = (['category', 'place', 'actor', 'source', 'q'] as const).filter((k) => p[k]);
  if (chips.length === 0) return '';
  return html`<p class="chips">${chips.map((k) => html`<a class="chip" href="/${viewSearch(p, { [k]: undefined })}" title="Remove this filter">${k === 'q' ? 'query' : k}: ${k === 'category' ? catLabel(p[k]!) : p[k]} ×</a>`)}
<a href="/${viewSearch({ range: p.range, from: p.from, to: p.to, unit: p.unit })}">Clear all</a></p>`;
}

function kpis(d: OverviewData, f: Formatter, days: number): SafeHtml {
  const t = d.totals;
  const vs = `vs previous ${days} days`;
  const killedRange = t.killedLow !== t.killedHigh ? html`<div class="meta">reports range ${f.num(t.killedLow)}–${f.num(t.killedHigh)}</div>` : '';
  return html`<section class="kpis" aria-label="Key figures">
<div class="kpi"><div class="label">Incidents</div><div class="value" data-kpi="incidents">${f.num(t.incidents)}</div><div class="change" title="${vs}">${f.change(t.incidents, t.previousIncidents)} ${vs}</div></div>
<div class="kpi"><div class="label">Killed <span class="meta">(attacks, clashes, operations)</span></div><div class="value" data-kpi="killed">${f.num(t.killed)}</div>${killedRange}<div class="change">${f.change(t.killed, t.previousKilled)} ${vs}</div></div>
<div class="kpi"><div class="label">Injured</div><div class="value" data-kpi="injured">${f.num(t.injured)}</div></div>
<div class="kpi"><div class="label">Articles ingested</div><div class="value" data-kpi="articles">${f.num(d.health.days.reduce((s, x) => s + x.articles, 0))}</div>
<div class="change${d.health.failingNow ? ' warn' : ''}">${d.health.failingNow ? `${f.num(d.health.failingNow)} of ${f.num(d.health.feeds)} feeds failing now` : `${f.num(d.health.feeds)} feeds, none failing`}</div></div>
</section>
<ul class="comparison" aria-label="By category, against the previous period">${d.comparison.map(
    (c) => html`<li>${badges([c.category])} <b>${f.num(c.current)}</b> <span class="${c.current > c.previous ? 'up' : c.current < c.previous ? 'down' : ''}">${f.change(c.current, c.previous)}</span></li>`,
  )}</ul>`;
}

function dataTable(caption: string, head: string[], rows: (string | number | SafeHtml)[][]): SafeHtml {
  return html`<details class="data"><summary>Data</summary><table><caption class="sr-only">${caption}</caption>
<thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></details>`;
}

function barList(title: string, rows: { name: string | SafeHtml; n: number; href?: string; note?: string }[], f: Formatter, empty: string): SafeHtml {
  const max = Math.max(1, ...rows.map((r) => r.n));
  return html`<section class="panel"><h2>${title}</h2>${rows.length === 0 ? html`<p class="meta">${empty}</p>` : html`<ol class="bars">${rows.map(
    (r) => html`<li><span class="name">${r.href ? html`<a href="${r.href}">${r.name}</a>` : r.name}${r.note ? html` <span class="meta">${r.note}</span>` : ''}</span><span class="n">${f.num(r.n)}</span><span class="bar" data-w="${((r.n / max) * 100).toFixed(1)}%"></span></li>`,
  )}</ol>`}</section>`;
}

/** The overview page: trends with coverage health beneath, casualties, where, who, sources, latest. */
export function renderOverview(d: OverviewData, view: View, names: NameIndex, f: Formatter): SafeHtml {
  const p = view.params;
  const withFilter = (k: 'place' | 'actor' | 'source', v: string) => `/${viewSearch(p, { [k]: v })}`;
  const empty = d.totals.incidents === 0 && d.health.days.every((x) => x.articles === 0);
  const chartData = {
    interval: view.interval,
    casualtyInterval: view.casualtyInterval,
    unit: d.unit,
    categories: p.category ? [p.category] : CATEGORIES,
    trend: d.trend,
    casualties: d.casualties,
    provinces: d.provinces,
    health: { days: d.health.days },
  };
  const buckets = [...new Set(d.trend.map((x) => x.bucket))];
  const undated = d.unit === 'stories' ? d.totals.undated : (d.undatedArticles ?? 0);
  return html`<h1>Overview <small>${f.date(d.range.from)} – ${f.date(new Date(d.range.to.getTime() - 1))}</small></h1>
${filterForm(view, names, d.sources.map((s) => s.source))}
${activeFilters(view)}
${empty ? html`<p class="empty">Nothing in this range yet. ${p.category || p.place || p.actor || p.source || p.q ? 'Try removing a filter or widening the range.' : html`A fresh install: add a feed on the <a href="/feeds">Feeds</a> page (or <code>npx frontier feeds add URL</code>), or run <code>npm run demo</code> to see the dashboard on bundled fixtures.`}</p>` : ''}
${kpis(d, f, view.days)}
<section class="panel wide"><h2>${d.unit === 'stories' ? 'Incidents' : 'Articles (coverage volume)'} per ${view.interval} by category</h2>
<div class="chart tall"><canvas id="chart-trend" role="img" aria-label="${d.unit === 'stories' ? 'Incidents' : 'Articles'} per ${view.interval}, stacked by category"></canvas></div>
${undated ? html`<p class="meta">${f.num(undated)} ${d.unit === 'stories' ? 'incidents' : 'articles'} with a missing or untrusted date are left out of this chart.</p>` : ''}
${dataTable('Trend', [view.interval, ...chartData.categories.map(catLabel)], buckets.map((b) => [f.date(b), ...chartData.categories.map((c) => d.trend.find((x) => x.bucket === b && x.category === c)?.n ?? 0)]))}
<h3>Coverage health</h3>
<div class="chart short"><canvas id="chart-health" role="img" aria-label="Articles ingested and feeds failing per day"></canvas></div>
<p class="meta">A dip in incidents with a dip in articles ingested, or feeds failing, is an outage, not a lull.</p>
</section>
<div class="grid">
<section class="panel"><h2>Killed and injured per ${view.casualtyInterval}</h2>
<div class="chart"><canvas id="chart-casualties" role="img" aria-label="Killed and injured per ${view.casualtyInterval} with the range reported"></canvas></div>
<p class="meta">Each incident counts with its latest report's figure; the light bars show the lowest to highest figure reported.</p>
${dataTable('Casualties', [view.casualtyInterval, 'killed', 'killed (reported range)', 'injured', 'injured (reported range)'], d.casualties.map((c) => [f.date(c.bucket), c.killed, `${c.killedLow}–${c.killedHigh}`, c.injured, `${c.injuredLow}–${c.injuredHigh}`]))}
</section>
<section class="panel"><h2>Incidents by province</h2>
<div class="chart"><canvas id="chart-provinces" role="img" aria-label="Incidents by province"></canvas></div>
${dataTable('Provinces', ['province', 'country', 'incidents', 'killed'], d.provinces.map((x) => [x.province, x.country, x.n, x.killed]))}
</section>
</div>
<div class="grid three">
${barList('Top places', d.places.map((x) => ({ name: x.place, n: x.n, href: withFilter('place', x.place), note: x.killed ? `${f.num(x.killed)} killed` : '' })), f, 'No places.')}
${barList('Actors named', d.actors.map((x) => ({ name: x.actor, n: x.n, href: withFilter('actor', x.actor) })), f, 'No actors.')}
${barList('Top sources', d.sources.map((x) => ({ name: x.source, n: x.n, href: withFilter('source', x.source) })), f, 'No sources.')}
</div>
<div class="grid">
${barList('Who claimed, denied, blamed', d.claims.map((x) => ({ name: html`<b>${x.actor}</b> ${x.type}`, n: x.n })), f, 'No claims in this range.')}
<section class="panel"><h2>Latest incidents</h2>${d.latest.length === 0 ? html`<p class="meta">None.</p>` : html`<ul class="latest">${d.latest.map(
    (s) => html`<li><a href="/stories/${s.id}">${s.title}</a><div class="meta">${f.date(s.firstSeen)} · ${s.place ?? 'place unknown'} · ${s.outletCount} outlet${s.outletCount === 1 ? '' : 's'}${s.killed != null ? ` · ${f.num(s.killed)} killed` : ''}</div>${badges(s.categories)}</li>`,
  )}</ul><p><a href="/search${viewSearch(p, { unit: undefined })}">All matching stories and articles →</a></p>`}</section>
</div>
<script type="application/json" id="overview-data">${jsonForScript(chartData)}</script>`;
}

/** JSON safe inside a script element (no "</script>" or HTML comment openers). */
function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}

/** GET / (the page) and GET /api/overview (its figures as JSON). */
export function overviewRouter(sql: Sql, names: NameIndex): Router {
  const router = Router();
  router.get('/api/overview', async (req, res) => {
    res.json(await overviewData(sql, readView(req.query, names), names));
  });
  router.get('/', async (req: Request, res) => {
    const view = readView(req.query, names);
    const d = await overviewData(sql, view, names);
    res.type('html').send(page('Overview', renderOverview(d, view, names, formatter(localeOf(req))), { script: 'overview', nav: '/', ...viewer(res) }));
  });
  return router;
}
