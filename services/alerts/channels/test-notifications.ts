// Notification fixtures shared by the channel tests: a typical incident, an update, a surge, hostile text.
import type { AlertView, NotificationView } from './types.ts';

export const alert: AlertView = { id: 7, name: 'KP attacks', query: 'category:attack place:KP' };

/** A new-incident notification; override any field. */
export function notification(over: Partial<NotificationView> = {}): NotificationView {
  return {
    id: 101,
    alertId: 7,
    kind: 'story-new',
    createdAt: new Date('2026-11-21T09:30:00Z'),
    title: 'Militants attack police post in Bannu',
    url: 'https://www.dawn.com/news/1900001/militants-attack?utm=a&b=c',
    link: 'https://watch.example.org/stories/55',
    source: 'dawn.com',
    publishedAt: new Date('2026-11-21T09:12:00Z'),
    categories: ['attack', 'border_clash'],
    place: 'Bannu',
    province: 'Khyber Pakhtunkhwa',
    killed: 12,
    injured: 5,
    killedRange: [8, 12],
    injuredRange: [5, 5],
    outletCount: 3,
    storyId: 55,
    storyVersion: 1,
    articleId: 9001,
    changes: [],
    snippet: 'Twelve people were killed when militants stormed a police post in Bannu district on Friday.',
    surge: null,
    ...over,
  };
}

/** An update of the same story. */
export function update(over: Partial<NotificationView> = {}): NotificationView {
  return notification({
    id: 102,
    kind: 'story-update',
    storyVersion: 2,
    changes: ['killed 8 → 12', 'confirmed by 3 more outlets'],
    ...over,
  });
}

/** A surge notification. */
export function surge(over: Partial<NotificationView> = {}): NotificationView {
  return notification({
    id: 103,
    kind: 'surge',
    title: 'Surge in attacks',
    url: null,
    link: 'https://watch.example.org/alerts/7',
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
    snippet: null,
    surge: { count: 9, baseline: 2.125, windowHours: 24, factor: 4.235 },
    ...over,
  });
}

/** Title with markup, quotes and an ampersand. */
export const HOSTILE_TITLE = '<script>alert(1)</script> & "quotes"';
