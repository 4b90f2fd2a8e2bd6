// Same-incident decision: does an article report the incident a candidate story is about? Pure scoring
// over time, place, categories, casualties and headline/lead words; the weights are tuned on the dev
// part of fixtures/stories and reported on its held-out part (`npm run eval -- --stories`).

import { twinsOf, type ArticleFacts, type IncidentPlace } from './facts.ts';

/** What a candidate story offers for comparison (one row of the stories table). */
export interface StoryCandidate {
  id: number;
  firstSeen: Date;
  lastSeen: Date;
  categories: string[];
  place: IncidentPlace | null;
  killedMin: number | null;
  killedMax: number | null;
  terms: string[];
  kinds: string[];
}

/** Reports of one incident appear within this many hours of its first report. */
export const WINDOW_HOURS = 72;
/** Minimum share of headline and lead words in common (times 5) for two reports of one incident. */
const MIN_WORDS = 0.5;
/** Minimum score for joining a story. */
export const JOIN_THRESHOLD = 1.6;

const HOUR = 3_600_000;
// categories whose incidents have a place; the others (statements, talks, refugees) are matched on words
const LOCATED = new Set(['attack', 'border_clash', 'military_operation']);
const TALK = new Set(['talks_ceasefire', 'diplomatic_statement']);
// categories of events that happen across the border, which each side reports under its own place name
// (a strike inside Afghanistan is also reported from the Pakistani district it was aimed from)
const CROSS_BORDER = new Set(['border_clash', 'refugees', 'military_operation']);

export interface MatchScore {
  score: number;
  /** Why, for logs and tests: each part's contribution. */
  parts: Record<string, number>;
}

/** Scores an article against a story; -Infinity when they cannot be one incident. */
export function scoreCandidate(a: ArticleFacts, s: StoryCandidate): MatchScore {
  const parts: Record<string, number> = {};
  const fromFirst = (a.at.getTime() - s.firstSeen.getTime()) / HOUR;
  const fromLast = (a.at.getTime() - s.lastSeen.getTime()) / HOUR;
  if (fromFirst > WINDOW_HOURS || fromLast < -WINDOW_HOURS) return { score: -Infinity, parts: { time: -Infinity } };
  // an incident with a place is reported within hours; talks and exchanges of statements run for days,
  // and where they are reported from says little (a stray clash label on a talks report does not make
  // the talks a located incident)
  const sharedTalk = a.categories.some((c) => TALK.has(c) && s.categories.includes(c));
  const located = (a.categories.some((c) => LOCATED.has(c)) || s.categories.some((c) => LOCATED.has(c))) && !sharedTalk;
  const hours = Math.min(Math.abs(fromFirst), Math.abs(fromLast));
  parts.time = (-(located ? 1.5 : 0.75) * hours) / WINDOW_HOURS;

  const crossBorder = a.categories.some((c) => CROSS_BORDER.has(c)) && s.categories.some((c) => CROSS_BORDER.has(c));
  parts.place = placeScore(a.place, s.place, located, crossBorder);
  if (parts.place === -Infinity) return { score: -Infinity, parts };

  const shared = a.categories.filter((c) => s.categories.includes(c)).length;
  if (shared > 0) parts.categories = 0.8 + 0.2 * (shared - 1);
  else if (a.categories.length > 0 && s.categories.length > 0) {
    // each side names one event its own way: a Pakistani strike is an "attack" to Kabul, a clash an "operation" to ISPR
    parts.categories = located ? 0.2 : -1.5;
  } else parts.categories = 0;

  parts.words = 5 * termOverlap(a.terms, s.terms);
  // place, time and category alone fit every incident in a busy district: some wording must be shared
  if (parts.words < MIN_WORDS) return { score: -Infinity, parts };
  // border clashes are told as firing, shelling or closures by either side: kinds do not separate them
  if (located && !crossBorder) parts.kinds = kindScore(a.kinds, s.kinds);
  parts.casualties = casualtyScore(a.killed, s.killedMin, s.killedMax);

  const score = Object.values(parts).reduce((x, y) => x + y, 0);
  return { score, parts };
}

const VICTIMS = new Set(['police', 'soldiers']);

/** How the incident happened and whom it hit: agreement helps, naming only different ones counts against. */
function kindScore(a: readonly string[], s: readonly string[]): number {
  let score = 0;
  for (const victims of [true, false]) {
    const x = a.filter((k) => VICTIMS.has(k) === victims);
    const y = s.filter((k) => VICTIMS.has(k) === victims);
    if (x.length === 0 || y.length === 0) continue;
    score += x.some((k) => y.includes(k)) ? 0.25 : victims ? -0.5 : -1;
  }
  return score;
}

function placeScore(a: IncidentPlace | null, s: IncidentPlace | null, located: boolean, crossBorder: boolean): number {
  if (!a || !s) return located ? -0.5 : 0;
  if (crossBorder && twinsOf(a.unit).includes(s.unit)) return 1.5;
  // a statement's place is where it was made, which says little about what it is about
  if (!located && !crossBorder) return a.unit === s.unit ? 0.5 : 0;
  if (a.country !== s.country) return located ? -Infinity : -1;
  if (a.unit === s.unit) {
    // the same town agrees more than the same district; two towns of one district are as likely two
    // incidents as one
    const aTown = a.name !== a.unit;
    const sTown = s.name !== s.unit;
    if (aTown && sTown) return a.name === s.name ? 2 : 0.5;
    return 1.5;
  }
  if ((a.kind === 'province' && a.unit === s.province) || (s.kind === 'province' && s.unit === a.province)) return 0.5;
  return located ? -3 : -0.5;
}

/** Share of the article's distinctive words the story has, with the headline words weighing most. */
export function termOverlap(article: readonly string[], story: readonly string[]): number {
  if (article.length === 0 || story.length === 0) return 0;
  const have = new Set(story);
  let hit = 0;
  let total = 0;
  article.forEach((t, i) => {
    const w = 1 / (1 + i / 8); // terms come most distinctive first
    total += w;
    if (have.has(t)) hit += w;
  });
  return hit / total;
}

function casualtyScore(killed: number | null, min: number | null, max: number | null): number {
  if (killed === null || min === null || max === null) return 0;
  // tolls rise as reports come in, and first reports undercount: only a wild mismatch counts against
  if (killed > Math.max(max * 4, max + 8) || killed * 4 + 4 < min) return -1.5;
  if (killed >= min && killed <= max) return 0.3;
  return 0;
}

/** The story the article joins, or null when no candidate scores above the threshold. */
export function bestCandidate(a: ArticleFacts, candidates: readonly StoryCandidate[]): { id: number; score: MatchScore } | null {
  let best: { id: number; score: MatchScore } | null = null;
  for (const s of candidates) {
    const score = scoreCandidate(a, s);
    if (score.score >= JOIN_THRESHOLD && (!best || score.score > best.score.score)) best = { id: s.id, score };
  }
  return best;
}
