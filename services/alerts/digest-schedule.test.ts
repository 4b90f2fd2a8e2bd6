import { describe, expect, it } from 'vitest';
import { isValidTimeZone, latestDigestDue, nextDigestDue, parseLocalTime, type DigestMode } from './digest-schedule.ts';

type Case = [DigestMode, string, string, string, string, string]; // mode, at, zone, now, latest, next

function check([mode, at, zone, now, latest, next]: Case): void {
  expect(latestDigestDue(mode, at, zone, new Date(now)).toISOString()).toBe(new Date(latest).toISOString());
  expect(nextDigestDue(mode, at, zone, new Date(now)).toISOString()).toBe(new Date(next).toISOString());
}

describe('parseLocalTime', () => {
  it.each([
    ['00:00', 0, 0],
    ['0:00', 0, 0],
    ['9:05', 9, 5],
    ['08:30', 8, 30],
    ['23:59', 23, 59],
  ])('reads %s', (s, hour, minute) => {
    expect(parseLocalTime(s)).toEqual({ hour, minute });
  });

  it.each([['24:00'], ['08:60'], ['8:5'], [''], ['ab:cd'], ['08:00:00'], ['-1:00'], [' 08:00'], ['123:00'], ['8h30']])(
    'rejects %j',
    (s) => {
      expect(() => parseLocalTime(s)).toThrow(/digest-schedule: invalid local time .*HH:MM/);
    },
  );
});

describe('isValidTimeZone', () => {
  it.each([['UTC'], ['Asia/Karachi'], ['Asia/Kabul'], ['Europe/London'], ['America/New_York']])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
  it.each([['Mars/Olympus'], [''], ['Asia/Karachi '], ['+25:00']])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('latestDigestDue / nextDigestDue', () => {
  describe('Asia/Karachi daily 08:00 (UTC+5, no DST)', () => {
    it.each<Case>([
      ['daily', '08:00', 'Asia/Karachi', '2026-01-10T04:00:00Z', '2026-01-10T03:00:00Z', '2026-01-11T03:00:00Z'],
      ['daily', '08:00', 'Asia/Karachi', '2026-01-10T02:59:59Z', '2026-01-09T03:00:00Z', '2026-01-10T03:00:00Z'],
      ['daily', '08:00', 'Asia/Karachi', '2026-01-10T03:00:00Z', '2026-01-10T03:00:00Z', '2026-01-11T03:00:00Z'],
      // 23:30 UTC is already the next local day (04:30 PKT).
      ['daily', '08:00', 'Asia/Karachi', '2026-01-10T23:30:00Z', '2026-01-10T03:00:00Z', '2026-01-11T03:00:00Z'],
      ['daily', '0:00', 'Asia/Karachi', '2026-12-31T19:00:00Z', '2026-12-31T19:00:00Z', '2027-01-01T19:00:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  describe('Asia/Kabul hourly (UTC+4:30)', () => {
    it.each<Case>([
      ['hourly', '00:00', 'Asia/Kabul', '2026-05-01T10:45:00Z', '2026-05-01T10:30:00Z', '2026-05-01T11:30:00Z'],
      ['hourly', '08:00', 'Asia/Kabul', '2026-05-01T10:30:00Z', '2026-05-01T10:30:00Z', '2026-05-01T11:30:00Z'],
      ['hourly', '09:20', 'Asia/Kabul', '2026-05-01T10:45:00Z', '2026-05-01T09:50:00Z', '2026-05-01T10:50:00Z'],
      ['hourly', '00:00', 'Asia/Kabul', '2026-05-01T23:59:00Z', '2026-05-01T23:30:00Z', '2026-05-02T00:30:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  describe('UTC hourly at :15', () => {
    it.each<Case>([
      ['hourly', '00:15', 'UTC', '2026-05-01T10:14:59.999Z', '2026-05-01T09:15:00Z', '2026-05-01T10:15:00Z'],
      ['hourly', '00:15', 'UTC', '2026-05-01T10:15:00Z', '2026-05-01T10:15:00Z', '2026-05-01T11:15:00Z'],
      ['hourly', '17:15', 'UTC', '2026-05-01T10:15:30Z', '2026-05-01T10:15:00Z', '2026-05-01T11:15:00Z'],
      ['hourly', '00:15', 'UTC', '2026-12-31T23:20:00Z', '2026-12-31T23:15:00Z', '2027-01-01T00:15:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  describe('Europe/London daily 01:30 across DST', () => {
    it.each<Case>([
      // Winter (GMT): 01:30 local is 01:30 UTC.
      ['daily', '01:30', 'Europe/London', '2026-03-28T12:00:00Z', '2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z'],
      // 2026-03-29: clocks jump 01:00 GMT → 02:00 BST, so 01:30 does not exist; it fires at the jump (01:00 UTC).
      ['daily', '01:30', 'Europe/London', '2026-03-29T00:59:00Z', '2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z'],
      ['daily', '01:30', 'Europe/London', '2026-03-29T01:00:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
      // Summer (BST): 01:30 local is 00:30 UTC.
      ['daily', '01:30', 'Europe/London', '2026-03-29T12:00:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
      // 2026-10-25: clocks fall back 02:00 BST → 01:00 GMT, 01:30 happens twice; it fires once, the first time.
      ['daily', '01:30', 'Europe/London', '2026-10-25T00:00:00Z', '2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z'],
      ['daily', '01:30', 'Europe/London', '2026-10-25T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
      ['daily', '01:30', 'Europe/London', '2026-10-25T01:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
      ['daily', '01:30', 'Europe/London', '2026-10-25T01:45:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  describe('Europe/London hourly stays one real hour apart across DST', () => {
    it.each<Case>([
      ['hourly', '00:00', 'Europe/London', '2026-03-29T00:30:00Z', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z'],
      ['hourly', '00:00', 'Europe/London', '2026-03-29T01:00:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z'],
      ['hourly', '00:00', 'Europe/London', '2026-10-25T00:30:00Z', '2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z'],
      ['hourly', '00:00', 'Europe/London', '2026-10-25T01:00:00Z', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  describe('America/New_York', () => {
    it.each<Case>([
      ['daily', '09:00', 'America/New_York', '2026-01-15T12:00:00Z', '2026-01-14T14:00:00Z', '2026-01-15T14:00:00Z'],
      ['daily', '09:00', 'America/New_York', '2026-07-15T12:00:00Z', '2026-07-14T13:00:00Z', '2026-07-15T13:00:00Z'],
      // Around midnight UTC the local date is still the previous day.
      ['daily', '21:00', 'America/New_York', '2026-07-16T00:30:00Z', '2026-07-15T01:00:00Z', '2026-07-16T01:00:00Z'],
      // 2026-03-08: 02:00 EST → 03:00 EDT; 02:30 fires at 03:00 EDT (07:00 UTC).
      ['daily', '02:30', 'America/New_York', '2026-03-08T06:00:00Z', '2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z'],
      ['daily', '02:30', 'America/New_York', '2026-03-08T12:00:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z'],
      // 2026-11-01: 02:00 EDT → 01:00 EST; 01:30 fires at its first occurrence (05:30 UTC) only.
      ['daily', '01:30', 'America/New_York', '2026-11-01T05:00:00Z', '2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z'],
      ['daily', '01:30', 'America/New_York', '2026-11-01T06:45:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
    ])('%s %s %s at %s', (...c) => check(c));
  });

  it('keeps hourly due times at the local minute when the offset moves by half an hour (Lord Howe)', () => {
    // 2026-10-04 02:00 +10:30 → 02:30 +11:00 (15:30 UTC): the :00 local mark moves from :30 UTC to :00 UTC.
    check(['hourly', '00:00', 'Australia/Lord_Howe', '2026-10-03T15:20:00Z', '2026-10-03T14:30:00Z', '2026-10-03T16:00:00Z']);
  });

  it('agrees with itself: next of (latest - 1 ms) is latest, consecutive daily dues are a local day apart', () => {
    const now = new Date('2026-06-01T12:34:56Z');
    for (const mode of ['hourly', 'daily'] as const) {
      const latest = latestDigestDue(mode, '07:45', 'Asia/Karachi', now);
      expect(nextDigestDue(mode, '07:45', 'Asia/Karachi', new Date(latest.getTime() - 1))).toEqual(latest);
      const next = nextDigestDue(mode, '07:45', 'Asia/Karachi', now);
      expect(next.getTime() - latest.getTime()).toBe(mode === 'hourly' ? 3_600_000 : 86_400_000);
    }
  });

  it('throws on an invalid zone, time or date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(() => latestDigestDue('daily', '08:00', 'Mars/Olympus', now)).toThrow('digest-schedule: unknown time zone "Mars/Olympus"');
    expect(() => nextDigestDue('hourly', '08:00', '', now)).toThrow(/unknown time zone/);
    expect(() => nextDigestDue('daily', '25:00', 'UTC', now)).toThrow('digest-schedule: invalid local time "25:00"');
    expect(() => latestDigestDue('hourly', '8.30', 'UTC', now)).toThrow(/invalid local time/);
    expect(() => latestDigestDue('daily', '08:00', 'UTC', new Date('nope'))).toThrow(/not a valid Date/);
  });
});
