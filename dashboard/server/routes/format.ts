import type { Request } from 'express';
import { html, type SafeHtml } from '../html.ts';

/** A date as YYYY-MM-DD, or a dash when unknown. */
export const fmtDate = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : '—');

/** Category badges, coloured by the shared palette. */
export function badges(categories: string[]): SafeHtml[] {
  return categories.map((c) => html`<span class="badge cat-${c}">${c.replace(/_/g, ' ')}</span>`);
}

/** The reader's locale from Accept-Language (the first one Intl knows), else English. */
export function localeOf(req: Request): string {
  for (const tag of req.acceptsLanguages()) {
    try {
      if (tag !== '*') return Intl.getCanonicalLocales(tag)[0] ?? 'en';
    } catch {
      // not a language tag: try the next
    }
  }
  return 'en';
}

/** Number and date formatting in one locale. */
export function formatter(locale: string) {
  const n = new Intl.NumberFormat(locale);
  const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return {
    num: (x: number) => n.format(x),
    date: (x: Date | string | null) => (x ? d.format(new Date(x)) : '—'),
    /** "1 report", "12 reports". */
    count: (x: number, word: string) => `${n.format(x)} ${word}${x === 1 ? '' : 's'}`,
    dateTime: (x: Date | string | null) => (x ? `${dt.format(new Date(x))} UTC` : '—'),
    /** "+40%" / "−12%" / "new" against the previous period's figure. */
    change: (current: number, previous: number) =>
      previous === 0 ? (current === 0 ? '±0%' : 'new') : `${current >= previous ? '+' : '−'}${n.format(Math.round((Math.abs(current - previous) / previous) * 100))}%`,
  };
}

export type Formatter = ReturnType<typeof formatter>;
