// When alert digests fall due: a wall-clock time in the subscriber's time zone, turned into instants
// with Intl.DateTimeFormat only. A daily time skipped by a DST jump fires at the first instant after it;
// a time repeated when clocks fall back fires once, at its first occurrence.

/** How often a digest is sent: every hour at a local minute, or every day at a local time. */
export type DigestMode = 'hourly' | 'daily';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Maps an instant (epoch ms) to its wall-clock time in a zone, written as if it were a UTC epoch. */
type WallClock = (instant: number) => number;

/** True when `tz` is an IANA time zone name (or alias) this runtime's Intl knows. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses a local time `H:MM` or `HH:MM` from 00:00 to 23:59; throws on anything else. */
export function parseLocalTime(s: string): { hour: number; minute: number } {
  const match = typeof s === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(s) : null;
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    throw new Error(`digest-schedule: invalid local time ${JSON.stringify(s)} (expected HH:MM from 00:00 to 23:59)`);
  }
  return { hour, minute };
}

function wallClock(timeZone: string): WallClock {
  if (!isValidTimeZone(timeZone)) throw new Error(`digest-schedule: unknown time zone ${JSON.stringify(timeZone)}`);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (instant) => {
    const parts = format.formatToParts(new Date(instant));
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    const ms = ((instant % SECOND) + SECOND) % SECOND;
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + ms;
  };
}

/** The earliest instant whose wall time is `wall`; inside a DST gap, the first instant after it. */
function resolveWallTime(wall: number, clock: WallClock): number {
  // Any transition near `wall` has its offsets before and after within a day of it.
  const offsets = [...new Set([wall - DAY, wall, wall + DAY].map((t) => clock(t) - t))];
  const exact = offsets.map((o) => wall - o).filter((t) => clock(t) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: clock(lo) < wall < clock(hi). Find the transition instant to the second.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
    if (clock(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

function localMinute(instant: number, clock: WallClock): number {
  return ((Math.floor(clock(instant) / MINUTE) % 60) + 60) % 60;
}

/** Latest (dir -1, ≤ start) or earliest (dir +1, ≥ start) whole-minute instant at local minute `minute`. */
function hourlyFrom(start: number, minute: number, dir: 1 | -1, clock: WallClock): number {
  const offset = (t: number) => clock(t) - t;
  const m = localMinute(start, clock);
  const steps = dir === 1 ? (minute - m + 60) % 60 : (m - minute + 60) % 60;
  const jump = start + dir * steps * MINUTE;
  if (localMinute(jump, clock) === minute && offset(jump) === offset(start)) return jump;
  // The UTC offset changed in between: walk minute by minute (offsets differ by at most a few hours).
  for (let i = 0, t = start; i <= 6 * 60; i++, t += dir * MINUTE) {
    if (localMinute(t, clock) === minute) return t;
  }
  throw new Error(`digest-schedule: no local minute ${minute} found near ${new Date(start).toISOString()}`);
}

/** Daily due instants for local days `today + k`, first one passing `accept`. */
function dailyFrom(
  at: { hour: number; minute: number },
  now: number,
  ks: number[],
  clock: WallClock,
  accept: (t: number) => boolean,
): number {
  const today = Math.floor(clock(now) / DAY) * DAY;
  for (const k of ks) {
    const t = resolveWallTime(today + k * DAY + at.hour * HOUR + at.minute * MINUTE, clock);
    if (accept(t)) return t;
  }
  throw new Error(`digest-schedule: no daily time found near ${new Date(now).toISOString()}`);
}

function checkNow(now: Date): number {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new Error('digest-schedule: now is not a valid Date');
  return t;
}

/**
 * The latest instant ≤ `now` at which a digest was due. daily: the local wall time `at` in `timeZone`
 * (today if passed, else yesterday). hourly: every hour at the local minute of `at` (Asia/Kabul, UTC+4:30,
 * hourly at :00 local is :30 UTC). Throws on an invalid `at` or time zone.
 */
export function latestDigestDue(mode: DigestMode, at: string, timeZone: string, now: Date): Date {
  const time = parseLocalTime(at);
  const clock = wallClock(timeZone);
  const t = checkNow(now);
  if (mode === 'hourly') {
    return new Date(hourlyFrom(Math.floor(t / MINUTE) * MINUTE, time.minute, -1, clock));
  }
  return new Date(dailyFrom(time, t, [0, -1, -2], clock, (due) => due <= t));
}

/** The earliest instant > `now` at which a digest is due; same rules as `latestDigestDue`. */
export function nextDigestDue(mode: DigestMode, at: string, timeZone: string, now: Date): Date {
  const time = parseLocalTime(at);
  const clock = wallClock(timeZone);
  const t = checkNow(now);
  if (mode === 'hourly') {
    return new Date(hourlyFrom(Math.floor(t / MINUTE) * MINUTE + MINUTE, time.minute, 1, clock));
  }
  return new Date(dailyFrom(time, t, [0, 1, 2], clock, (due) => due > t));
}
