// The topic profile's format: what a YAML profile may contain, checked entry by entry so that a
// mistake is reported with its exact place ("categories.attack.terms[3]: …") when the profile loads.
import { z } from 'zod';
import type { DataIssue } from './data-errors.ts';
import type { Zone } from './types.ts';

const zoneSchema = z.enum(['title', 'lead', 'body']);
const names = z.array(z.string().min(1)).min(1);

const conditionSchema = z.strictObject({
  /** Group names; the condition holds when any of them matches in scope. */
  any: names,
  scope: z.enum(['article', 'sentence', 'window']).default('sentence'),
  window: z.number().int().positive().max(200).optional(),
  /** Only matches outside background sentences count. */
  reported: z.boolean().default(false),
  /** Only matches in these zones count (e.g. [title, lead]: the article's headline news). */
  zones: z.array(zoneSchema).min(1).optional(),
  /** The condition does not hold for a term whose sentence matches one of these groups. */
  unless: names.optional(),
});

const weakenSchema = z.strictObject({
  any: names,
  scope: z.enum(['article', 'sentence', 'window']).default('sentence'),
  window: z.number().int().positive().max(200).optional(),
  reported: z.boolean().default(false),
  zones: z.array(zoneSchema).min(1).optional(),
  /** Multiplies the weight of a term that has this context. */
  factor: z.number().min(0).max(1),
});

const termObjectSchema = z.strictObject({
  phrase: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  weight: z.number().min(-20).max(20).default(1),
  near: names.optional(),
  not_near: names.optional(),
  window: z.number().int().positive().max(200).optional(),
  /** Window of `not_near` when it differs from `window` (e.g. near in the sentence, not near within 3 words). */
  not_near_window: z.number().int().positive().max(200).optional(),
  zones: z.array(zoneSchema).min(1).optional(),
  case: z.boolean().optional(),
});

const settingsSchema = z.strictObject({
  title_boost: z.number().min(0).max(10).default(2),
  lead_boost: z.number().min(0).max(10).default(1.5),
  background_factor: z.number().min(0).max(1).default(0.25),
  repeat_decay: z.number().min(0).max(1).default(0.5),
  max_repeats: z.number().int().min(1).max(20).default(3),
  /**
   * Multiplies a category's score when none of its terms is reported (outside background) in the
   * title or lead: what an article reports is in its headline and first paragraph.
   */
  unheadlined_factor: z.number().min(0).max(1).default(1),
  /**
   * Length (words) up to which `unheadlined_factor` applies in full; it fades to 1 at twice this
   * length, because a long feature reports several developments that its first paragraph cannot all name.
   */
  headline_span: z.number().int().positive().default(500),
  /** Multiplies title terms when the text itself reports none of the category's terms (a headline recap). */
  unsupported_title_factor: z.number().min(0).max(1).default(1),
});

const groupSchema = z.strictObject({
  terms: z.array(z.unknown()).optional(),
  places: z.strictObject({
    country: z.string().min(1).optional(),
    province: z.string().min(1).optional(),
    kind: z.array(z.string().min(1)).min(1).optional(),
  }).optional(),
  actors: z.strictObject({
    names: names.optional(),
    kind: names.optional(),
  }).optional(),
});

const featureSchema = z.strictObject({
  name: z.string().min(1),
  any: names.optional(),
  all: names.optional(),
  none: names.optional(),
  weight: z.number().min(-50).max(50),
  per_hit: z.boolean().default(false),
  cap: z.number().int().min(1).max(50).default(3),
  min_hits: z.number().int().min(1).max(50).default(1),
  /** Each group of `all` must match at least this often. */
  min_each: z.number().int().min(1).max(50).default(1),
  zones: z.array(zoneSchema).min(1).optional(),
  reported: z.boolean().default(false),
});

const categorySchema = z.strictObject({
  description: z.string().optional(),
  threshold: z.number().positive().max(100),
  title_boost: z.number().min(0).max(10).optional(),
  lead_boost: z.number().min(0).max(10).optional(),
  background_factor: z.number().min(0).max(1).optional(),
  unheadlined_factor: z.number().min(0).max(1).optional(),
  min_terms: z.number().int().min(1).max(20).default(1),
  terms: z.array(z.unknown()).min(1),
  requires: z.array(conditionSchema).default([]),
  excludes: z.array(conditionSchema).default([]),
  weaken: z.array(weakenSchema).default([]),
});

/** The shape of a profile file (terms are checked separately by `parseTerm`, for clearer messages). */
export const profileSchema = z.strictObject({
  name: z.string().min(1).default('profile'),
  description: z.string().optional(),
  settings: settingsSchema.default(settingsSchema.parse({})),
  background: z.strictObject({
    threshold: z.number().positive().default(1),
    older_year_weight: z.number().min(0).max(10).default(1),
    /** Weight of a month other than the month of publication ("in March", "last October"). */
    older_month_weight: z.number().min(0).max(10).default(0),
    cues: z.array(z.unknown()).default([]),
    current: z.array(z.unknown()).default([]),
    /**
     * Phrases that open a background clause inside a sentence ("…, days after talks broke down",
     * "despite the ceasefire"): the words from the phrase to the end of the sentence (to the first
     * comma when the phrase opens the sentence) count as background.
     */
    clause: z.array(z.unknown()).default([]),
  }).default({ threshold: 1, older_year_weight: 1, older_month_weight: 0, cues: [], current: [], clause: [] }),
  groups: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'group names are lower_snake_case'), groupSchema).default({}),
  relevance: z.strictObject({
    threshold: z.number(),
    scale: z.number().positive().default(2),
    features: z.array(featureSchema).min(1),
  }),
  categories: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'category names are lower_snake_case'), categorySchema)
    .refine((c) => Object.keys(c).length > 0, 'at least one category is needed'),
  casualties: z.strictObject({
    /**
     * Categories that report an incident. A relevant article with none of them (a statement, talks,
     * refugees, analysis) has no incident toll: figures in it are recalled from other reports.
     */
    incident_categories: names.optional(),
  }).default({}),
});

export type RawProfile = z.infer<typeof profileSchema>;
export type ConditionSpec = z.infer<typeof conditionSchema>;
export type WeakenSpec = z.infer<typeof weakenSchema>;
export type FeatureSpec = z.infer<typeof featureSchema>;
export type GroupSpec = z.infer<typeof groupSchema>;
export type Settings = z.infer<typeof settingsSchema>;

/** A term after parsing: a phrase or a whole group, with its weight and context rules. */
export interface TermSpec {
  phrase?: string;
  group?: string;
  weight: number;
  near?: string[];
  notNear?: string[];
  window?: number;
  notNearWindow?: number;
  zones?: Zone[];
  case?: boolean;
}

const BAD_CHARS = /[()[\]{}|\\^$+?]/;

/** Checks a phrase's syntax: plain words, `*` only at the end of the last word (a prefix of 3+ letters). */
export function phraseProblem(phrase: string): string | null {
  if (BAD_CHARS.test(phrase)) return `"${phrase}": regular-expression syntax is not supported; write plain words (a final * marks a prefix)`;
  const star = phrase.indexOf('*');
  if (star >= 0 && star !== phrase.length - 1) return `"${phrase}": * is only allowed at the end of the phrase`;
  if (star >= 0 && !/[\p{L}\p{N}]{3}\*$/u.test(phrase)) return `"${phrase}": a prefix needs at least 3 letters before *`;
  if (!/[\p{L}\p{N}]/u.test(phrase)) return `"${phrase}": the phrase has no words`;
  return null;
}

/**
 * Parses one term entry. Accepted forms: `suicide bomber` (weight 1), `suicide bomb*: 3`
 * ({phrase: weight}), or `{ phrase | group, weight, near, not_near, window, zones, case }`.
 */
export function parseTerm(raw: unknown, path: PropertyKey[], issues: DataIssue[]): TermSpec | null {
  if (typeof raw === 'string') {
    const problem = phraseProblem(raw);
    if (problem) issues.push({ path, message: problem });
    return problem ? null : { phrase: raw, weight: 1 };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ path, message: 'expected a phrase, "phrase: weight", or an object with phrase/group and weight' });
    return null;
  }
  const keys = Object.keys(raw);
  if (keys.length === 1 && keys[0] !== 'phrase' && keys[0] !== 'group') {
    const phrase = keys[0]!;
    const weight = (raw as Record<string, unknown>)[phrase];
    if (typeof weight !== 'number' || !Number.isFinite(weight)) {
      issues.push({ path, message: `"${phrase}": the weight must be a number` });
      return null;
    }
    const problem = phraseProblem(phrase);
    if (problem) issues.push({ path, message: problem });
    return problem ? null : { phrase, weight };
  }
  const parsed = termObjectSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ path: [...path, ...i.path], message: i.message });
    return null;
  }
  const t = parsed.data;
  if ((t.phrase === undefined) === (t.group === undefined)) {
    issues.push({ path, message: 'give exactly one of phrase or group' });
    return null;
  }
  if (t.phrase !== undefined) {
    const problem = phraseProblem(t.phrase);
    if (problem) {
      issues.push({ path: [...path, 'phrase'], message: problem });
      return null;
    }
  }
  return {
    phrase: t.phrase, group: t.group, weight: t.weight, near: t.near, notNear: t.not_near, window: t.window,
    notNearWindow: t.not_near_window, zones: t.zones, case: t.case,
  };
}
