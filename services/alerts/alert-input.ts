// What a user may set on an alert, validated in one place for the API, the dashboard forms and the
// CLI: the query must parse, the time zone must exist, channels must be usable addresses.
import { z } from 'zod';
import { parseQuery, QueryError } from './query/index.ts';

export const ALERT_KINDS = ['match', 'surge'] as const;
export const ALERT_SCOPES = ['story', 'article'] as const;
export const ALERT_MODES = ['instant', 'hourly', 'daily'] as const;
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const query = z
  .string()
  .trim()
  .min(1, 'a query is required, e.g. TTP AND place:Bannu')
  .max(2000)
  .superRefine((q, ctx) => {
    try {
      parseQuery(q);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      // the field name comes first in reports already ("query: …")
      ctx.addIssue({ code: 'custom', message: error.message.replace(/^query: /, '') });
    }
  });

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials, e.g. https://hooks.example.org/frontier');

const email = z.string().trim().toLowerCase().max(254).email('not an email address');

/** Every settable field, without defaults. */
const fields = {
  name: z.string().trim().min(1, 'a name is required').max(200),
  query,
  kind: z.enum(ALERT_KINDS),
  scope: z.enum(ALERT_SCOPES),
  mode: z.enum(ALERT_MODES),
  digestAt: z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'use a local time such as 08:00'),
  timeZone: z.string().trim().refine(validTimeZone, 'unknown time zone (use an IANA name such as Asia/Karachi)'),
  updateOutlets: z.coerce.number().int().min(1).max(1000),
  webhookUrl: webhookUrl.nullable(),
  webhookFormat: z.enum(WEBHOOK_FORMATS),
  emailTo: z.array(email).max(20),
  enabled: z.boolean(),
  muted: z.boolean(),
  snoozedUntil: z.coerce.date().nullable(),
  surgeWindowH: z.coerce.number().int().min(1).max(168),
  surgeFactor: z.coerce.number().min(1).max(100),
  surgeBaselineDays: z.coerce.number().int().min(1).max(90),
  surgeMin: z.coerce.number().int().min(1).max(10_000),
};

export type AlertInput = { [K in keyof typeof fields]: z.infer<(typeof fields)[K]> };
export type AlertPatch = Partial<AlertInput>;

/** What a new alert gets for the fields it does not set. */
export const ALERT_DEFAULTS: Omit<AlertInput, 'name' | 'query'> = {
  kind: 'match',
  scope: 'story',
  mode: 'instant',
  digestAt: '08:00',
  timeZone: 'UTC',
  updateOutlets: 3,
  webhookUrl: null,
  webhookFormat: 'json',
  emailTo: [],
  enabled: true,
  muted: false,
  snoozedUntil: null,
  surgeWindowH: 24,
  surgeFactor: 3,
  surgeBaselineDays: 14,
  surgeMin: 3,
};

/** Validation for a change: only the fields given are checked and changed; unknown fields are refused. */
export const alertPatchSchema = z.object(fields).partial().strict();

/** Validation for a new alert: name and query required, defaults filled in. */
export const newAlertSchema = alertPatchSchema
  .required({ name: true, query: true })
  .transform((v): AlertInput => {
    const given = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
    return { ...ALERT_DEFAULTS, ...given } as AlertInput;
  });

/** A readable one-line message from a zod error: "query: …; timeZone: …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}
