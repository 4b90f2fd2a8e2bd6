const DAY_S = 86_400;

/**
 * Seconds until a failing feed is tried again: its interval doubled per consecutive error, at least
 * what Retry-After asked, jittered by ±20%, never more than a day (a feed is never given up for good).
 */
export function feedRetryDelayS(errorCount: number, intervalS: number, retryAfterMs?: number, random = Math.random): number {
  const exponential = intervalS * 2 ** Math.min(Math.max(errorCount - 1, 0), 16);
  const base = Math.max(exponential, (retryAfterMs ?? 0) / 1000);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(DAY_S, Math.max(30, jittered)));
}
