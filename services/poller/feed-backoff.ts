const DAY_S = 86_400;

/**
 * Seconds until a failing feed is tried again: its interval doubled per consecutive error with ±20%
 * jitter, never sooner than Retry-After asked, never later than a day (a feed is never given up).
 */
export function feedRetryDelayS(errorCount: number, intervalS: number, retryAfterMs?: number, random = Math.random): number {
  const exponential = intervalS * 2 ** Math.min(Math.max(errorCount - 1, 0), 16) * (0.8 + 0.4 * random());
  const delay = Math.max(exponential, Math.ceil((retryAfterMs ?? 0) / 1000));
  return Math.round(Math.min(DAY_S, Math.max(30, delay)));
}
