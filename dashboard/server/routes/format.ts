import { html, type SafeHtml } from '../html.ts';

/** A date as YYYY-MM-DD, or a dash when unknown. */
export const fmtDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

/** Category badges, coloured by the shared palette. */
export function badges(categories: string[]): SafeHtml[] {
  return categories.map((c) => html`<span class="badge cat-${c}">${c.replace(/_/g, ' ')}</span>`);
}
