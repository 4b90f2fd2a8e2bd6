// Shared shapes of what the delivery channels (webhook, email, Atom) render: an alert and its notifications.

/** The alert a notification belongs to, as channels show it. */
export interface AlertView {
  id: number;
  name: string;
  query: string;
}

/** Why a notification was made: a new incident, a changed incident, a single article, a surge, or a test. */
export type NotificationKind = 'story-new' | 'story-update' | 'article' | 'surge' | 'test';

/** One notification, with every fact a channel may show. Strings are untrusted text from the web. */
export interface NotificationView {
  id: number;
  alertId: number;
  kind: NotificationKind;
  createdAt: Date;
  title: string;
  /** the source article's URL (the outlet's page), if any */
  url: string | null;
  /** absolute dashboard URL of the story or article page */
  link: string;
  source: string | null; // e.g. "dawn.com"
  publishedAt: Date | null;
  categories: string[]; // e.g. ["attack","border_clash"]
  place: string | null; // e.g. "Bannu"
  province: string | null; // e.g. "Khyber Pakhtunkhwa"
  killed: number | null;
  injured: number | null;
  /** lowest and highest reported */
  killedRange: [number, number] | null;
  injuredRange: [number, number] | null;
  outletCount: number | null;
  storyId: number | null;
  storyVersion: number | null;
  articleId: number | null;
  /** for updates: what changed, human readable, e.g. ["killed 8 → 12", "confirmed by 3 more outlets"] */
  changes: string[];
  /** plain text, may be long; truncate where you show it */
  snippet: string | null;
  surge: { count: number; baseline: number; windowHours: number; factor: number } | null;
}

/** The period a digest covers. */
export interface DigestInfo {
  periodStart: Date;
  periodEnd: Date;
}
