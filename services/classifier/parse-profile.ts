// Parses and validates a topic profile (YAML text → Profile). Pure: the file is read by load-data.ts.
// Every problem is collected and reported together, each with its path in the file.
import { parse as parseYaml } from 'yaml';
import { DataFileError, type DataIssue } from './data-errors.ts';
import {
  parseTerm, profileSchema, type ConditionSpec, type WeakenSpec, type FeatureSpec, type GroupSpec, type RawProfile, type Settings,
  type TermSpec,
} from './profile-schema.ts';

/** A category of the profile, with the profile-wide settings filled in. */
export interface CategoryProfile {
  name: string;
  description?: string;
  threshold: number;
  titleBoost: number;
  leadBoost: number;
  backgroundFactor: number;
  unheadlinedFactor: number;
  minTerms: number;
  terms: TermSpec[];
  requires: ConditionSpec[];
  excludes: ConditionSpec[];
  weaken: WeakenSpec[];
}

/** A named context group: phrases, and gazetteer places or actors selected by field. */
export interface GroupProfile {
  terms: TermSpec[];
  places?: GroupSpec['places'];
  actors?: GroupSpec['actors'];
}

/** A validated profile, terms parsed. */
export interface Profile {
  name: string;
  settings: Settings;
  background: {
    threshold: number; olderYearWeight: number; olderMonthWeight: number; cues: TermSpec[]; current: TermSpec[]; clause: TermSpec[];
  };
  groups: Record<string, GroupProfile>;
  relevance: { threshold: number; scale: number; features: FeatureSpec[] };
  categories: CategoryProfile[];
  /** Names of the categories that report an incident (see profile `casualties`); empty = all. */
  incidentCategories: string[];
}

function parseTerms(list: unknown[], path: PropertyKey[], issues: DataIssue[]): TermSpec[] {
  const out: TermSpec[] = [];
  list.forEach((raw, i) => {
    const t = parseTerm(raw, [...path, i], issues);
    if (t) out.push(t);
  });
  return out;
}

/** Reports references to groups that the profile does not define. */
function checkReferences(p: RawProfile, terms: Map<string, TermSpec[]>, issues: DataIssue[]): void {
  const known = new Set(Object.keys(p.groups));
  const check = (list: string[] | undefined, path: PropertyKey[]) => {
    list?.forEach((g, i) => {
      if (!known.has(g)) issues.push({ path: [...path, i], message: `unknown group "${g}" (define it under groups)` });
    });
  };
  for (const [key, list] of terms) {
    const path = key.split('\u0000') as PropertyKey[];
    list.forEach((t, i) => {
      if (t.group !== undefined && !known.has(t.group)) {
        issues.push({ path: [...path, i, 'group'], message: `unknown group "${t.group}" (define it under groups)` });
      }
      check(t.near, [...path, i, 'near']);
      check(t.notNear, [...path, i, 'not_near']);
    });
  }
  p.relevance.features.forEach((f, i) => {
    if (!f.any && !f.all) issues.push({ path: ['relevance', 'features', i], message: 'a feature needs "any" or "all"' });
    check(f.any, ['relevance', 'features', i, 'any']);
    check(f.all, ['relevance', 'features', i, 'all']);
    check(f.none, ['relevance', 'features', i, 'none']);
  });
  for (const [name, c] of Object.entries(p.categories)) {
    for (const key of ['requires', 'excludes', 'weaken'] as const) {
      c[key].forEach((cond, i) => {
        check(cond.any, ['categories', name, key, i, 'any']);
        if ('unless' in cond) check(cond.unless, ['categories', name, key, i, 'unless']);
        if (cond.scope === 'window' && cond.window === undefined) {
          issues.push({ path: ['categories', name, key, i], message: 'scope "window" needs a window (number of words)' });
        }
      });
    }
  }
  for (const [name, g] of Object.entries(p.groups)) {
    if (!g.terms && !g.places && !g.actors) issues.push({ path: ['groups', name], message: 'a group needs terms, places or actors' });
  }
}

/** Parses profile YAML; throws a DataFileError listing every invalid entry. */
export function parseProfile(yamlText: string, label: string): Profile {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new DataFileError(label, [{ path: [], message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const result = profileSchema.safeParse(raw);
  if (!result.success) {
    throw new DataFileError(label, result.error.issues.map((i) => ({ path: i.path, message: i.message })));
  }
  const p = result.data;
  const issues: DataIssue[] = [];
  const allTerms = new Map<string, TermSpec[]>();
  const termsAt = (list: unknown[], path: PropertyKey[]) => {
    const parsed = parseTerms(list, path, issues);
    allTerms.set(path.join('\u0000'), parsed);
    return parsed;
  };
  const groups: Record<string, GroupProfile> = {};
  for (const [name, g] of Object.entries(p.groups)) {
    groups[name] = { terms: termsAt(g.terms ?? [], ['groups', name, 'terms']), places: g.places, actors: g.actors };
  }
  const categories: CategoryProfile[] = Object.entries(p.categories).map(([name, c]) => ({
    name,
    description: c.description,
    threshold: c.threshold,
    titleBoost: c.title_boost ?? p.settings.title_boost,
    leadBoost: c.lead_boost ?? p.settings.lead_boost,
    backgroundFactor: c.background_factor ?? p.settings.background_factor,
    unheadlinedFactor: c.unheadlined_factor ?? p.settings.unheadlined_factor,
    minTerms: c.min_terms,
    terms: termsAt(c.terms, ['categories', name, 'terms']),
    requires: c.requires,
    excludes: c.excludes,
    weaken: c.weaken,
  }));
  const background = {
    threshold: p.background.threshold,
    olderYearWeight: p.background.older_year_weight,
    olderMonthWeight: p.background.older_month_weight,
    cues: termsAt(p.background.cues, ['background', 'cues']),
    current: termsAt(p.background.current, ['background', 'current']),
    clause: termsAt(p.background.clause, ['background', 'clause']),
  };
  const incidentCategories = p.casualties.incident_categories ?? [];
  incidentCategories.forEach((name, i) => {
    if (!(name in p.categories)) issues.push({ path: ['casualties', 'incident_categories', i], message: `unknown category "${name}"` });
  });
  checkReferences(p, allTerms, issues);
  if (issues.length > 0) throw new DataFileError(label, issues);
  return { name: p.name, settings: p.settings, background, groups, relevance: p.relevance, categories, incidentCategories };
}
