// The facts every channel states about a notification, as plain text: one-line headlines, labelled
// fact rows (place, casualties, outlets, changes…) and digest summaries. Renderers escape them.
import { singleLine, truncateText } from './escape-text.ts';
import type { DigestInfo, NotificationKind, NotificationView } from './types.ts';

/** One labelled fact, plain text. */
export interface Fact {
  label: string;
  value: string;
}

const KIND_LABELS: Record<NotificationKind, string> = {
  'story-new': 'New incident',
  'story-update': 'Update',
  article: 'Article',
  surge: 'Surge',
  test: 'Test',
};
const KIND_NOUNS: Record<NotificationKind, [string, string]> = {
  'story-new': ['incident', 'incidents'],
  'story-update': ['update', 'updates'],
  article: ['article', 'articles'],
  surge: ['surge', 'surges'],
  test: ['test', 'tests'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "New incident", "Update", "Article", "Surge" or "Test". */
export function kindLabel(kind: NotificationKind): string {
  return KIND_LABELS[kind];
}

/** "border_clash" → "border clash". */
export function humanizeCategory(category: string): string {
  return singleLine(category.replace(/_/g, ' '));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "09:00" in UTC. */
function hhmm(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "21 Nov 09:00" in UTC. */
function dayTime(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${hhmm(d)}`;
}

/** "21 Nov 2026 09:12 UTC". */
export function formatUtc(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hhmm(d)} UTC`;
}

/** "21 Nov 09:00–10:00 UTC", or "21 Nov 09:00 – 22 Nov 09:00 UTC" across days. */
export function formatPeriod(digest: DigestInfo): string {
  const { periodStart: a, periodEnd: b } = digest;
  const sameDay = a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
  if (sameDay) return `${dayTime(a)}–${hhmm(b)} UTC`;
  return `${dayTime(a)} – ${dayTime(b)} UTC`;
}

/** "1 outlet", "3 outlets". */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Up to one decimal: 2.125 → "2.1", 3 → "3". */
function shortNumber(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** "9 incidents in 24 h (baseline 2.1)". */
export function surgeText(surge: NonNullable<NotificationView['surge']>): string {
  const count = plural(surge.count, 'incident', 'incidents');
  return `${count} in ${shortNumber(surge.windowHours)} h (baseline ${shortNumber(surge.baseline)})`;
}

/** "killed 8 (reports 6–8)", "killed 8", "killed 6–8", or null when nothing is known. */
export function casualtyText(word: string, count: number | null, range: [number, number] | null): string | null {
  const spread = range !== null && range[0] !== range[1];
  if (count !== null) {
    return spread && range ? `${word} ${count} (reports ${range[0]}–${range[1]})` : `${word} ${count}`;
  }
  if (range === null) return null;
  return spread ? `${word} ${range[0]}–${range[1]}` : `${word} ${range[0]}`;
}

/** "Bannu, Khyber Pakhtunkhwa" (either part may be missing). */
export function placeText(item: NotificationView): string | null {
  const parts = [item.place, item.province].filter((p): p is string => !!p && singleLine(p) !== '');
  const unique = parts.map(singleLine).filter((p, i, all) => all.indexOf(p) === i);
  return unique.length > 0 ? unique.join(', ') : null;
}

function casualtiesFact(item: NotificationView): string | null {
  const parts = [
    casualtyText('killed', item.killed, item.killedRange),
    casualtyText('injured', item.injured, item.injuredRange),
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function sourceFact(item: NotificationView): string | null {
  const source = item.source ? singleLine(item.source) : '';
  const published = item.publishedAt ? `published ${formatUtc(item.publishedAt)}` : '';
  return [source, published].filter(Boolean).join(', ') || null;
}

/** The labelled facts of a notification, in display order, omitting unknown ones. Plain, unescaped text. */
export function itemFacts(item: NotificationView): Fact[] {
  const changes = item.changes.slice(0, 10).map((c) => truncateText(singleLine(c), 200));
  const rows: [string, string | null][] = [
    ['Surge', item.surge ? `${surgeText(item.surge)}, ${shortNumber(item.surge.factor)}× usual` : null],
    ['Place', placeText(item)],
    ['Categories', item.categories.map(humanizeCategory).filter(Boolean).join(', ') || null],
    ['Casualties', casualtiesFact(item)],
    ['Reported by', item.outletCount !== null ? plural(item.outletCount, 'outlet', 'outlets') : null],
    ['What changed', changes.length > 0 ? changes.join('; ') : null],
    ['Source', sourceFact(item)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null).map(([label, value]) => ({ label, value }));
}

/** "Bannu: attack, 12 killed" — the short facts that lead a headline, or '' when none are known. */
function headlineFacts(item: NotificationView): string {
  const where = singleLine(item.place ?? item.province ?? '');
  const what = item.categories.slice(0, 3).map(humanizeCategory);
  if (item.killed !== null && item.killed > 0) what.push(`${item.killed} killed`);
  if (item.injured !== null && item.injured > 0) what.push(`${item.injured} injured`);
  const list = what.filter(Boolean).join(', ');
  if (where && list) return `${where}: ${list}`;
  return where || list;
}

/**
 * One line naming a notification: "Bannu: attack, 12 killed — <title>", "Update: …" for updates,
 * "Surge: 9 incidents in 24 h (baseline 2.1)" for surges, "Test: <title>" for tests. Not length-capped.
 */
export function itemHeadline(item: NotificationView): string {
  const title = singleLine(item.title);
  if (item.kind === 'surge') return `Surge: ${item.surge ? surgeText(item.surge) : title}`;
  if (item.kind === 'test') return `Test: ${title}`;
  const facts = headlineFacts(item);
  const line = facts ? `${facts} — ${title}` : title;
  return item.kind === 'story-update' ? `Update: ${line}` : line;
}

/** "7 incidents, 3 updates" (kinds in a fixed order), or "no new notifications". */
export function countSummary(items: NotificationView[]): string {
  const parts: string[] = [];
  for (const kind of Object.keys(KIND_NOUNS) as NotificationKind[]) {
    const n = items.filter((i) => i.kind === kind).length;
    if (n > 0) parts.push(plural(n, ...KIND_NOUNS[kind]));
  }
  return parts.length > 0 ? parts.join(', ') : 'no new notifications';
}

/** "7 incidents, 3 updates (21 Nov 09:00–10:00 UTC)"; the period only for digests. */
export function digestSummary(items: NotificationView[], digest: DigestInfo | null | undefined): string {
  const counts = countSummary(items);
  return digest ? `${counts} (${formatPeriod(digest)})` : counts;
}
