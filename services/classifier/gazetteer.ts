// The gazetteer: places the classifier can name, loaded from data/gazetteer.yaml and validated, each
// with its province, country, coordinates, spelling variants and the unit an incident is counted in.
import { z } from 'zod';
import { DataFileError, parseDataFile } from './data-errors.ts';

const entrySchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['country', 'province', 'region', 'district', 'city', 'town', 'crossing']),
  province: z.string().min(1).nullable(),
  country: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  district: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)).optional(),
  case: z.boolean().optional(),
  context: z.boolean().optional(),
  /** Words that, right after the name, mean it is not this place (kept lower-cased, as article words are compared). */
  not_before: z.array(z.string().min(1).transform((w) => w.toLowerCase())).optional(),
  /** A capital that often stands for its government ("Kabul denied…"): an incident place only after in/at/near. */
  metonym: z.boolean().optional(),
});
const fileSchema = z.strictObject({ places: z.array(entrySchema).min(1) });

/** One gazetteer place. */
export type GazetteerEntry = z.infer<typeof entrySchema>;

/** Parses and validates gazetteer YAML; throws a DataFileError naming each bad entry. */
export function parseGazetteer(yamlText: string, label = 'gazetteer.yaml'): GazetteerEntry[] {
  const data = parseDataFile(yamlText, fileSchema, label);
  const seen = new Set<string>();
  const issues = [];
  for (const [i, p] of data.places.entries()) {
    if (seen.has(p.name)) issues.push({ path: ['places', i, 'name'], message: `duplicate place "${p.name}"` });
    seen.add(p.name);
  }
  if (issues.length > 0) throw new DataFileError(label, issues);
  return data.places;
}

/** The unit an incident at this place is counted in (a town's district, an Afghan district's province). */
export function countingUnit(p: GazetteerEntry): string {
  return p.district ?? p.name;
}

/** Every spelling of a place: its name and aliases. */
export function placeSpellings(p: GazetteerEntry): string[] {
  return [p.name, ...(p.aliases ?? [])];
}
