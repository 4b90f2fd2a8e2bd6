import { describe, expect, it } from 'vitest';
import { loadConfig, parseDuration } from './config.ts';

describe('configuration', () => {
  it('has a default for everything', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/frontier');
    expect(c.ADMIN_TOKEN).toBeUndefined();
    expect(c.ALERT_DELIVERY_ATTEMPTS).toBe(6);
    expect(c.ALERT_TICK).toBe(60);
  });

  it('treats empty variables as unset, as docker compose passes them', () => {
    const c = loadConfig({ ADMIN_TOKEN: '', SMTP_URL: '', PUBLIC_URL: ' ', PORT: '' });
    expect(c.ADMIN_TOKEN).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.PUBLIC_URL).toBeUndefined();
    expect(c.PORT).toBe(3000);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'short', PUBLIC_URL: 'not a url', ALERT_DELIVERY_ATTEMPTS: '0' })).toThrow(/ADMIN_TOKEN: use at least 16[\s\S]*PUBLIC_URL[\s\S]*ALERT_DELIVERY_ATTEMPTS/);
  });

  it('reads durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('2h')).toBe(7200);
    expect(() => parseDuration('soon')).toThrow(/cannot read duration "soon"/);
  });
});
