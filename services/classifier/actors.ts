// Actors: armed groups, state forces, governments and international bodies, with their aliases, loaded
// from data/actors.yaml. The matcher finds the aliases; this module turns matches into the article's
// actor list.
import { z } from 'zod';
import { DataFileError, parseDataFile } from './data-errors.ts';
import type { Actor } from './types.ts';

const entrySchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['militant', 'state', 'government', 'international']),
  aliases: z.array(z.string().min(1)).default([]),
  case_aliases: z.array(z.string().min(1)).default([]),
  metonyms: z.array(z.string().min(1)).default([]),
});
const fileSchema = z.strictObject({ actors: z.array(entrySchema).min(1) });

/** One actor of the data file. */
export type ActorEntry = z.infer<typeof entrySchema>;

/** Parses and validates the actors YAML; throws a DataFileError naming each bad entry. */
export function parseActors(yamlText: string, label = 'actors.yaml'): ActorEntry[] {
  const data = parseDataFile(yamlText, fileSchema, label);
  const seen = new Set<string>();
  data.actors.forEach((a, i) => {
    if (seen.has(a.name)) throw new DataFileError(label, [{ path: ['actors', i, 'name'], message: `duplicate actor "${a.name}"` }]);
    seen.add(a.name);
  });
  return data.actors;
}

/** One alias found in the text. */
export interface ActorMention {
  actor: number;
  /** The words as written in the text. */
  text: string;
  metonym: boolean;
}

/** The article's actors in order of first mention, each with the spellings that occurred (metonyms left out). */
export function listActors(mentions: readonly ActorMention[], entries: readonly ActorEntry[]): Actor[] {
  const byActor = new Map<number, Set<string>>();
  for (const m of mentions) {
    if (m.metonym) continue;
    let set = byActor.get(m.actor);
    if (!set) byActor.set(m.actor, (set = new Set()));
    set.add(m.text);
  }
  return [...byActor].map(([i, spellings]) => ({ name: entries[i]!.name, kind: entries[i]!.kind, mentions: [...spellings] }));
}
