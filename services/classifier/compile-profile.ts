// Compiles a validated profile, the gazetteer and the actor list into one matcher plus the tables the
// scorers read. Done once per classifier; classifying an article then never looks at the YAML again.
import type { ActorEntry } from './actors.ts';
import { MONTHS } from './analysis.ts';
import { CASUALTY_CUE_PHRASES, type CasualtyCues } from './casualties.ts';
import { CLAIM_CUES } from './claims.ts';
import { DataFileError } from './data-errors.ts';
import type { GazetteerEntry } from './gazetteer.ts';
import type { CategoryProfile, Profile } from './parse-profile.ts';
import type { ConditionSpec, Settings, TermSpec } from './profile-schema.ts';
import { compileMatcher, type MatchEntry, type Matcher } from './term-matcher.ts';
import { tokenize, wordAt } from './tokenize.ts';
import type { Zone } from './types.ts';

/** A context condition: matches of any of `groups` (namespaces) within the scope. */
export interface CompiledCondition {
  groups: number[];
  scope: 'article' | 'sentence' | 'window';
  window: number;
  reported: boolean;
  /** Only matches in these zones count. */
  zones?: Zone[];
  /** Groups that, in the sentence of the term, make the condition not hold. */
  unless?: number[];
}

/** A category term with its weight and its own context rules. */
export interface CompiledTerm {
  weight: number;
  near?: CompiledCondition;
  notNear?: CompiledCondition;
  zones?: Zone[];
}

/** A category ready to score: its matcher namespace, terms and context rules. */
export interface CompiledCategory extends Omit<CategoryProfile, 'terms' | 'requires' | 'excludes' | 'weaken'> {
  ns: number;
  /** Indexed by the payload of the category's matcher entries. */
  terms: CompiledTerm[];
  requires: CompiledCondition[];
  excludes: CompiledCondition[];
  weaken: Array<CompiledCondition & { factor: number }>;
}

/** A relevance feature with group names resolved to matcher namespaces. */
export interface CompiledFeature {
  name: string;
  any: number[];
  all: number[];
  none: number[];
  weight: number;
  perHit: boolean;
  cap: number;
  minHits: number;
  minEach: number;
  zones?: Zone[];
  reported: boolean;
}

/** Everything the classifier needs, ready to use. */
export interface CompiledProfile {
  name: string;
  settings: Settings;
  matcher: Matcher;
  /** For each matcher entry, its index in the table of its namespace (term, place alias, actor alias…). */
  payload: number[];
  nsCount: number;
  ns: { cue: number; current: number; clause: number; place: number; actor: number; claimCue: number; month: number };
  /** Namespaces of the casualty reader's sentence cues. */
  casualtyNs: Record<keyof CasualtyCues, number>;
  groupNs: Map<string, number>;
  categories: CompiledCategory[];
  /** Indices (in `categories`) of the categories that report an incident; empty = every category. */
  incidentCategories: number[];
  relevance: { threshold: number; scale: number; features: CompiledFeature[] };
  background: { threshold: number; olderYearWeight: number; olderMonthWeight: number; cueWeights: number[]; currentWeights: number[] };
  places: GazetteerEntry[];
  /** Per place alias: the place index. */
  placeOf: number[];
  actors: ActorEntry[];
  /** Per actor alias: actor index and whether it is a metonym ("Kabul"). */
  actorOf: Array<{ actor: number; metonym: boolean }>;
}

const ACRONYM = /^[A-Z][A-Z0-9]+$/;

/**
 * A matcher entry for a phrase. Words written in capitals ("IMF", "WHO", "FC") must appear in
 * capitals; with `exactCase` every word must appear exactly as written ("Swat", "Tank").
 */
function toEntry(phrase: string, exactCase: boolean, ns: number): MatchEntry {
  const prefix = phrase.endsWith('*');
  const text = prefix ? phrase.slice(0, -1) : phrase;
  const t = tokenize(text);
  const entry: MatchEntry = { tokens: t.starts.map((_, k) => wordAt(t, k)), prefix, ns };
  const forms = t.starts.map((_, k) => {
    const form = text.slice(t.starts[k], t.ends[k]);
    return exactCase || ACRONYM.test(form) ? form : null;
  });
  if (forms.some((f) => f !== null)) entry.caseForms = forms;
  return entry;
}

/** Names of the groups that the relevance features and the categories' rules refer to. */
function referencedGroups(profile: Profile): Set<string> {
  const used = new Set<string>();
  const addAll = (names: readonly string[] | undefined) => names?.forEach((n) => used.add(n));
  for (const f of profile.relevance.features) {
    addAll(f.any);
    addAll(f.all);
    addAll(f.none);
  }
  for (const c of profile.categories) {
    for (const t of c.terms) {
      if (t.group) used.add(t.group);
      addAll(t.near);
      addAll(t.notNear);
    }
    for (const cond of [...c.requires, ...c.excludes]) {
      addAll(cond.any);
      addAll(cond.unless);
    }
    for (const w of c.weaken) addAll(w.any);
  }
  return used;
}

/** Compiles the profile with its data; throws a DataFileError for group selections that match nothing. */
export function compileProfile(profile: Profile, places: GazetteerEntry[], actors: ActorEntry[]): CompiledProfile {
  const entries: MatchEntry[] = [];
  const payload: number[] = [];
  let nsCount = 0;
  const seen = new Set<string>();
  const add = (phrase: string, exactCase: boolean, ns: number, ref: number) => {
    const entry = toEntry(phrase, exactCase, ns);
    // The same phrase twice in one namespace would count twice: the first listing wins.
    const key = `${ns}|${entry.prefix}|${entry.tokens.join(' ')}|${entry.caseForms?.join(' ') ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(entry);
    payload.push(ref);
  };

  const ns = { cue: nsCount++, current: nsCount++, clause: nsCount++, place: nsCount++, actor: nsCount++, claimCue: nsCount++, month: nsCount++ };
  for (const [name, number] of MONTHS) add(name, false, ns.month, number);
  const casualtyNs = {} as Record<keyof CasualtyCues, number>;
  for (const role of Object.keys(CASUALTY_CUE_PHRASES) as Array<keyof CasualtyCues>) {
    casualtyNs[role] = nsCount++;
    CASUALTY_CUE_PHRASES[role].forEach((w, i) => add(w, false, casualtyNs[role], i));
  }
  CLAIM_CUES.forEach((w, i) => add(w, false, ns.claimCue, i));
  const placeOf: number[] = [];
  places.forEach((p, i) => {
    for (const spelling of [p.name, ...(p.aliases ?? [])]) {
      add(spelling, p.case === true, ns.place, placeOf.length);
      placeOf.push(i);
    }
  });
  const actorOf: Array<{ actor: number; metonym: boolean }> = [];
  actors.forEach((a, i) => {
    const spell = (list: string[], exact: boolean, metonym: boolean) => {
      for (const s of list) {
        add(s, exact, ns.actor, actorOf.length);
        actorOf.push({ actor: i, metonym });
      }
    };
    spell(a.aliases, false, false);
    spell(a.case_aliases, true, false);
    spell(a.metonyms, true, true);
  });

  // Groups: every phrase a group stands for, as (phrase, exact case) pairs.
  const groupPhrases = new Map<string, Array<[string, boolean]>>();
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const [name, g] of Object.entries(profile.groups)) {
    const list: Array<[string, boolean]> = g.terms.filter((t) => t.phrase).map((t) => [t.phrase!, t.case === true]);
    if (g.places) {
      const sel = g.places;
      const chosen = places.filter((p) => (!sel.country || p.country === sel.country) &&
        (!sel.province || p.province === sel.province) && (!sel.kind || sel.kind.includes(p.kind)));
      if (chosen.length === 0) issues.push({ path: ['groups', name, 'places'], message: 'selects no gazetteer place' });
      for (const p of chosen) for (const s of [p.name, ...(p.aliases ?? [])]) list.push([s, p.case === true]);
    }
    if (g.actors) {
      const sel = g.actors;
      const chosen = actors.filter((a) => (!sel.names || sel.names.includes(a.name)) && (!sel.kind || sel.kind.includes(a.kind)));
      if (chosen.length === 0) issues.push({ path: ['groups', name, 'actors'], message: 'selects no actor' });
      for (const a of chosen) {
        for (const s of a.aliases) list.push([s, false]);
        for (const s of a.case_aliases) list.push([s, true]);
      }
    }
    groupPhrases.set(name, list);
  }
  if (issues.length > 0) throw new DataFileError(`profile ${profile.name}`, issues);
  const groupNs = new Map<string, number>();
  const used = referencedGroups(profile);
  for (const [name, list] of groupPhrases) {
    const id = nsCount++;
    groupNs.set(name, id);
    // A group no rule refers to would only cost matching time.
    if (used.has(name)) list.forEach(([phrase, exact], k) => add(phrase, exact, id, k));
  }

  const condition = (c: ConditionSpec): CompiledCondition => ({
    groups: c.any.map((g) => groupNs.get(g)!),
    scope: c.scope,
    window: c.window ?? 0,
    reported: c.reported,
    zones: c.zones,
    unless: c.unless?.map((g) => groupNs.get(g)!),
  });
  const termCondition = (groups: string[] | undefined, window: number | undefined): CompiledCondition | undefined =>
    groups && { groups: groups.map((g) => groupNs.get(g)!), scope: window ? 'window' : 'sentence', window: window ?? 0, reported: false };

  const categories: CompiledCategory[] = profile.categories.map((c) => {
    const id = nsCount++;
    const terms: CompiledTerm[] = [];
    const addTerm = (t: TermSpec) => {
      const compiled: CompiledTerm = { weight: t.weight, near: termCondition(t.near, t.window), notNear: termCondition(t.notNear, t.notNearWindow ?? t.window), zones: t.zones };
      const phrases: Array<[string, boolean]> = t.phrase ? [[t.phrase, t.case === true]] : groupPhrases.get(t.group!)!;
      for (const [phrase, exact] of phrases) {
        add(phrase, exact, id, terms.length);
        terms.push(compiled);
      }
    };
    c.terms.forEach(addTerm);
    return {
      ...c,
      ns: id,
      terms,
      requires: c.requires.map(condition),
      excludes: c.excludes.map(condition),
      weaken: c.weaken.map((w) => ({ ...condition(w), factor: w.factor })),
    };
  });

  const cueWeights: number[] = [];
  for (const t of profile.background.cues.filter((x) => x.phrase)) {
    add(t.phrase!, t.case === true, ns.cue, cueWeights.length);
    cueWeights.push(t.weight);
  }
  profile.background.clause.forEach((t, i) => add(t.phrase!, t.case === true, ns.clause, i));
  const currentWeights: number[] = [];
  for (const t of profile.background.current.filter((x) => x.phrase)) {
    add(t.phrase!, t.case === true, ns.current, currentWeights.length);
    currentWeights.push(t.weight);
  }

  const features: CompiledFeature[] = profile.relevance.features.map((f) => ({
    name: f.name,
    any: (f.any ?? []).map((g) => groupNs.get(g)!),
    all: (f.all ?? []).map((g) => groupNs.get(g)!),
    none: (f.none ?? []).map((g) => groupNs.get(g)!),
    weight: f.weight,
    perHit: f.per_hit,
    cap: f.cap,
    minHits: f.min_hits,
    minEach: f.min_each,
    zones: f.zones,
    reported: f.reported,
  }));

  return {
    name: profile.name,
    settings: profile.settings,
    matcher: compileMatcher(entries),
    payload,
    nsCount,
    ns,
    casualtyNs,
    groupNs,
    categories,
    incidentCategories: profile.incidentCategories.map((n) => categories.findIndex((c) => c.name === n)),
    relevance: { threshold: profile.relevance.threshold, scale: profile.relevance.scale, features },
    background: {
      threshold: profile.background.threshold,
      olderYearWeight: profile.background.olderYearWeight,
      olderMonthWeight: profile.background.olderMonthWeight,
      cueWeights,
      currentWeights,
    },
    places,
    placeOf,
    actors,
    actorOf,
  };
}
