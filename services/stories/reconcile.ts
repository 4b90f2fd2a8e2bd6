// A story's record from its reports: representative title, time span, outlets, merged labels, and the
// casualty figures reconciled across reports. Pure; the store recomputes it whenever a report joins.

import type { Claim } from '../classifier/types.ts';
import type { IncidentPlace } from './facts.ts';
import { distinctiveTerms, incidentKinds } from './facts.ts';

export interface StoryReport {
  articleId: number;
  source: string;
  at: Date;
  /** False when the report had no date (`at` is when it was found). */
  dated: boolean;
  title: string;
  lead: string;
  relevant: boolean;
  categories: string[];
  place: IncidentPlace | null;
  placeCoords: { lat: number; lon: number } | null;
  killed: number | null;
  injured: number | null;
  actors: string[];
  claims: Claim[];
  /** Set when the report is a syndicated copy of an earlier one (its figures are not news). */
  duplicateOf: number | null;
}

export interface FigureReport {
  articleId: number;
  source: string;
  at: string;
  value: number;
}

/** Reported figures for one measure: the trend figure, the range, and every report in time order. */
export interface Figure {
  /** The figure used in trends: the latest original report's value. */
  value: number | null;
  min: number | null;
  max: number | null;
  latest: FigureReport | null;
  lowest: FigureReport | null;
  highest: FigureReport | null;
  reports: FigureReport[];
}

export interface StoryRecord {
  title: string;
  leadArticleId: number;
  firstSeen: Date;
  lastSeen: Date;
  dated: boolean;
  articleCount: number;
  outlets: string[];
  relevant: boolean;
  categories: string[];
  place: IncidentPlace | null;
  placeCoords: { lat: number; lon: number } | null;
  actors: string[];
  claims: Claim[];
  killed: Figure;
  injured: Figure;
  terms: string[];
  /** Incident kinds named by the first report (and any report that agrees with it). */
  kinds: string[];
}

/** Builds the story record; `reports` must not be empty. */
export function reconcileStory(reports: readonly StoryReport[]): StoryRecord {
  // undated reports carry only the time they were found: they place the story in time only when
  // no report has a date
  const dated = reports.filter((r) => r.dated);
  const timed = dated.length > 0 ? dated : reports;
  const byTime = [...reports].sort((x, y) => x.at.getTime() - y.at.getTime() || x.articleId - y.articleId);
  const spanByTime = [...timed].sort((x, y) => x.at.getTime() - y.at.getTime());
  const n = byTime.length;
  const lead = byTime.find((r) => r.relevant && r.title) ?? byTime[0]!;

  // a label belongs to the story when a third of its reports carry it (one outlet's stray label does not)
  const need = Math.max(1, Math.ceil(n / 3));
  const categoryCounts = countBy(byTime.flatMap((r) => r.categories));
  const categories = [...categoryCounts].filter(([, c]) => c >= need).map(([k]) => k).sort();

  const placeCounts = new Map<string, { place: IncidentPlace; coords: StoryReport['placeCoords']; n: number }>();
  for (const r of byTime) {
    if (!r.place) continue;
    const e = placeCounts.get(r.place.unit);
    if (e) e.n++;
    else placeCounts.set(r.place.unit, { place: r.place, coords: r.placeCoords, n: 1 });
  }
  const place = [...placeCounts.values()].sort((x, y) => y.n - x.n)[0] ?? null;

  const claimSeen = new Set<string>();
  const claims: Claim[] = [];
  for (const c of byTime.flatMap((r) => r.claims)) {
    const key = `${c.type}|${c.actor}|${c.target ?? ''}`;
    if (claimSeen.has(key)) continue;
    claimSeen.add(key);
    claims.push(c);
  }

  const terms = new Map<string, number>();
  for (const r of byTime) {
    distinctiveTerms(r.title, r.lead).forEach((t, i) => terms.set(t, (terms.get(t) ?? 0) + 1 / (1 + i / 8)));
  }

  return {
    title: lead.title,
    leadArticleId: lead.articleId,
    firstSeen: spanByTime[0]!.at,
    lastSeen: spanByTime[spanByTime.length - 1]!.at,
    dated: dated.length > 0,
    articleCount: n,
    outlets: [...new Set(byTime.map((r) => r.source))].sort(),
    relevant: byTime.some((r) => r.relevant),
    categories,
    place: place?.place ?? null,
    placeCoords: place?.coords ?? null,
    actors: [...countBy(byTime.flatMap((r) => r.actors))].sort((x, y) => y[1] - x[1]).map(([k]) => k),
    claims,
    killed: reconcileFigure(byTime, (r) => r.killed),
    injured: reconcileFigure(byTime, (r) => r.injured),
    terms: [...terms].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 40).map(([t]) => t),
    kinds: [...new Set(byTime.flatMap((r) => incidentKinds(r.title, r.lead)))].sort(),
  };
}

/**
 * Trend figure = the value of the latest original report (tolls rise as reports come in; later reports
 * supersede earlier ones), ignoring syndicated copies, whose figure is their source's. Ties in time
 * take the higher value.
 */
export function reconcileFigure(byTime: readonly StoryReport[], pick: (r: StoryReport) => number | null): Figure {
  const reports: (FigureReport & { copy: boolean })[] = [];
  for (const r of byTime) {
    const value = pick(r);
    if (value === null) continue;
    reports.push({ articleId: r.articleId, source: r.source, at: r.at.toISOString(), value, copy: r.duplicateOf !== null });
  }
  if (reports.length === 0) return { value: null, min: null, max: null, latest: null, lowest: null, highest: null, reports: [] };
  const originals = reports.filter((r) => !r.copy);
  const pool = originals.length > 0 ? originals : reports;
  let latest = pool[0]!;
  for (const r of pool) if (r.at > latest.at || (r.at === latest.at && r.value > latest.value)) latest = r;
  let lowest = reports[0]!;
  let highest = reports[0]!;
  for (const r of reports) {
    if (r.value < lowest.value) lowest = r;
    if (r.value > highest.value) highest = r;
  }
  const strip = ({ copy: _copy, ...r }: FigureReport & { copy: boolean }): FigureReport => r;
  return {
    value: latest.value,
    min: lowest.value,
    max: highest.value,
    latest: strip(latest),
    lowest: strip(lowest),
    highest: strip(highest),
    reports: reports.map(strip),
  };
}

function countBy(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
