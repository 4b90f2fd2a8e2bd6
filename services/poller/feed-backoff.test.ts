import { describe, expect, it } from 'vitest';
import { feedRetryDelayS } from './feed-backoff.ts';

describe('feedRetryDelayS', () => {
  const mid = () => 0.5;
  it('doubles the interval per consecutive error', () => {
    expect([1, 2, 3, 4].map((n) => feedRetryDelayS(n, 600, undefined, mid))).toEqual([600, 1200, 2400, 4800]);
  });
  it('jitters by at most ±20%', () => {
    expect(feedRetryDelayS(1, 600, undefined, () => 0)).toBe(480);
    expect(feedRetryDelayS(1, 600, undefined, () => 0.999999)).toBe(720);
  });
  it('never retries sooner than Retry-After', () => {
    expect(feedRetryDelayS(1, 600, 7_200_000, () => 0)).toBe(7200);
  });
  it('caps at a day however long the streak', () => {
    expect(feedRetryDelayS(40, 600, undefined, () => 0.999999)).toBe(86_400);
    expect(feedRetryDelayS(2, 600, 10 * 86_400_000, mid)).toBe(86_400);
  });
});
