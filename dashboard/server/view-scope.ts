// What a dashboard view covers, read from the URL: a date range (preset or custom) and filters. Pages
// and the API read it the same way, so any view can be bookmarked, shared and fetched as JSON.

import { z } from 'zod';
import { parseQuery, QueryError } from '../../services/alerts/query/index.ts';
import type { NameIndex } from '../../services/classifier/names.ts';
import type { Interval, StoryScope } from '../../services/core/store/overview.ts';
import { HttpError } from './errors.ts';
import { parseInput } from './input.ts';

export const CATEGORIES = ['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees'] as const;
export const RANGES = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 } as const;
const DAY = 86_400_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date');

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((s) => s || undefined);

export const viewParams = z.object({
  range: z.enum(['7d', '30d', '90d', '1y', 'custom']).default('30d'),
  from: z.literal('').transform(() => undefined).or(day).optional(),
  to: z.literal('').transform(() => undefined).or(day).optional(),
  category: z.enum(CATEGORIES).optional().or(z.literal('').transform(() => undefined)),
  source: optionalText(200),
  place: optionalText(100),
  actor: optionalText(100),
  q: optionalText(1000),
  unit: z.enum(['stories', 'articles']).default('stories'),
});

export type ViewParams = z.infer<typeof viewParams>;

export interface View {
  params: ViewParams;
  scope: StoryScope;
  interval: Interval;
  /** Casualties are shown per week unless the range is short. */
  casualtyInterval: Interval;
  days: number;
}

/** Reads and checks the view; an unknown place or actor, a bad range or a bad query is a 400. */
export function readView(input: unknown, names: NameIndex, now = new Date()): View {
  const params = parseInput(viewParams, input);
  let from: Date;
  let to: Date;
  if (params.range === 'custom') {
    if (!params.from || !params.to) throw new HttpError(400, 'invalid request: a custom range needs from and to (YYYY-MM-DD)');
    from = new Date(`${params.from}T00:00:00Z`);
    to = new Date(new Date(`${params.to}T00:00:00Z`).getTime() + DAY);
    if (to <= from) throw new HttpError(400, 'invalid request: from must not be after to');
    if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw new HttpError(400, 'invalid request: a range is limited to three years');
  } else {
    // whole UTC days, today included: the buckets of a chart are days
    to = new Date(Math.floor(now.getTime() / DAY) * DAY + DAY);
    from = new Date(to.getTime() - RANGES[params.range] * DAY);
  }
  const place = params.place ? names.place(params.place) : undefined;
  if (params.place && !place) throw new HttpError(400, `invalid request: place: unknown place "${params.place}"`);
  const actor = params.actor ? names.actor(params.actor) : undefined;
  if (params.actor && !actor) throw new HttpError(400, `invalid request: actor: unknown actor "${params.actor}"`);
  let query;
  if (params.q) {
    try {
      query = parseQuery(params.q);
    } catch (error) {
      if (error instanceof QueryError) throw new HttpError(400, `invalid request: q: ${error.message}`);
      throw error;
    }
  }
  const days = Math.round((to.getTime() - from.getTime()) / DAY);
  return {
    params,
    scope: {
      from,
      to,
      category: params.category,
      source: params.source,
      place: place ?? undefined,
      actor: actor ?? undefined,
      query,
      names,
    },
    interval: days > 120 ? 'week' : 'day',
    casualtyInterval: days > 14 ? 'week' : 'day',
    days,
  };
}

/** The view's parameters as a query string, leaving out defaults (for links that keep the view). */
export function viewSearch(params: Partial<ViewParams>, change: Partial<Record<keyof ViewParams, string | undefined>> = {}): string {
  const merged: Record<string, string | undefined> = { ...(params as Record<string, string | undefined>), ...change };
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === '') continue;
    if ((k === 'range' && v === '30d') || (k === 'unit' && v === 'stories')) continue;
    if ((k === 'from' || k === 'to') && merged.range !== 'custom') continue;
    out.set(k, v);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}
