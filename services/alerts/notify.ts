// What an alert says about an incident or an article, and when a story deserves another notification:
// only when its casualty figures or categories change, or enough new outlets confirm it.
import type { NotificationKind, NotificationView } from './channels/types.ts';
import type { ArticleForAlerts, StoredNotification, StoryForAlerts } from '../core/store/alerts.ts';

/** A notification as stored: everything but its id, alert, time and dashboard link. */
export type Snapshot = Omit<NotificationView, 'id' | 'alertId' | 'createdAt' | 'link' | 'kind'>;

const SNIPPET_CHARS = 600;

function snippetOf(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  return flat.length <= SNIPPET_CHARS ? flat : `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}

function range(min: number | null, max: number | null): [number, number] | null {
  return min !== null && max !== null ? [min, max] : null;
}

/** A snapshot with no incident facts: the base of surge and test notifications. */
export function blankSnapshot(title: string, over: Partial<Snapshot> = {}): Snapshot {
  return {
    title,
    url: null,
    source: null,
    publishedAt: null,
    categories: [],
    place: null,
    province: null,
    killed: null,
    injured: null,
    killedRange: null,
    injuredRange: null,
    outletCount: null,
    storyId: null,
    storyVersion: null,
    articleId: null,
    changes: [],
    snippet: null,
    surge: null,
    ...over,
  };
}

/** The incident as it stands: the story's reconciled figures, linked to its lead report. */
export function storySnapshot(article: ArticleForAlerts, story: StoryForAlerts): Snapshot {
  return {
    title: story.title,
    url: story.url ?? article.url,
    source: story.source ?? article.source,
    publishedAt: story.firstSeen,
    categories: story.categories,
    place: story.place,
    province: story.province,
    killed: story.killed,
    injured: story.injured,
    killedRange: range(story.killedMin, story.killedMax),
    injuredRange: range(story.injuredMin, story.injuredMax),
    outletCount: story.outletCount,
    storyId: story.id,
    storyVersion: story.version,
    articleId: article.id,
    changes: [],
    snippet: snippetOf(article.text),
    surge: null,
  };
}

/** One report, for alerts that notify every matching article. */
export function articleSnapshot(article: ArticleForAlerts): Snapshot {
  const place = article.places[0] ?? null;
  return {
    title: article.title || article.url,
    url: article.url,
    source: article.source,
    publishedAt: article.publishedAt,
    categories: article.categories,
    place: place?.name ?? null,
    province: place?.province ?? null,
    killed: article.killed,
    injured: article.injured,
    killedRange: null,
    injuredRange: null,
    outletCount: null,
    storyId: article.story?.id ?? null,
    storyVersion: article.story?.version ?? null,
    articleId: article.id,
    changes: [],
    snippet: snippetOf(article.text),
    surge: null,
  };
}

function figure(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : String(n);
}

/** What materially changed between the last notification and now, in words. */
export function materialChanges(before: Partial<Snapshot>, now: Snapshot): string[] {
  const changes: string[] = [];
  if ((before.killed ?? null) !== now.killed) changes.push(`killed ${figure(before.killed)} → ${figure(now.killed)}`);
  if ((before.injured ?? null) !== now.injured) changes.push(`injured ${figure(before.injured)} → ${figure(now.injured)}`);
  const had = new Set(before.categories ?? []);
  const has = new Set(now.categories);
  const added = now.categories.filter((c) => !had.has(c));
  const removed = [...had].filter((c) => !has.has(c));
  if (added.length > 0) changes.push(`now also ${added.join(', ')}`);
  if (removed.length > 0) changes.push(`no longer ${removed.join(', ')}`);
  return changes;
}

export interface LastStoryNotification {
  seq: number;
  storyVersion: number;
  outletCount: number;
  snapshot: Record<string, unknown>;
}

export type StoryDecision = { kind: Extract<NotificationKind, 'story-new' | 'story-update'>; seq: number; changes: string[] } | null;

/**
 * Whether a story alert notifies now: the first time it matches; again when the story's version moved
 * (categories or casualty figures changed) and the change shows in what is notified, or when at least
 * `updateOutlets` more outlets report it than at the last notification.
 */
export function decideStoryNotification(last: LastStoryNotification | undefined, now: Snapshot, updateOutlets: number): StoryDecision {
  if (!last) return { kind: 'story-new', seq: 1, changes: [] };
  const changes = (now.storyVersion ?? 0) > last.storyVersion ? materialChanges(last.snapshot as Partial<Snapshot>, now) : [];
  const more = (now.outletCount ?? 0) - last.outletCount;
  if (more >= updateOutlets) changes.push(`confirmed by ${more} more outlet${more === 1 ? '' : 's'} (${now.outletCount} in all)`);
  return changes.length > 0 ? { kind: 'story-update', seq: last.seq + 1, changes } : null;
}

/** A stored notification as the channels render it; `link` points at the dashboard page. */
export function notificationView(n: StoredNotification, publicUrl: string): NotificationView {
  const s = n.snapshot as unknown as Snapshot;
  const base = publicUrl.replace(/\/+$/, '');
  const link = n.storyId !== null ? `${base}/stories/${n.storyId}` : n.articleId !== null ? `${base}/articles/${n.articleId}` : `${base}/alerts/${n.alertId}`;
  // a snapshot written by an older version may lack fields: they read as unknown
  return {
    ...blankSnapshot(''),
    ...s,
    publishedAt: s.publishedAt ? new Date(s.publishedAt) : null,
    changes: s.changes ?? [],
    categories: s.categories ?? [],
    id: n.id,
    alertId: n.alertId,
    kind: n.kind,
    createdAt: n.createdAt,
    link,
  };
}
