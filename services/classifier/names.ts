// Resolving what users type (a place or an actor, in any spelling the classifier knows) to the names
// stored on articles and stories, for the dashboard's filters and the alert query language.
import { countingUnit, placeSpellings, type GazetteerEntry } from './gazetteer.ts';
import type { ActorEntry } from './actors.ts';

/** Where a place name sits: stories are filtered by country, province, counting unit or exact place. */
export interface PlaceRef {
  name: string;
  level: 'country' | 'province' | 'unit' | 'place';
  province: string | null;
  country: string;
}

export interface NameIndex {
  /** The gazetteer place a spelling names (case-insensitive), or null. */
  place(value: string): PlaceRef | null;
  /** The canonical actor an alias names (case-insensitive), or null. */
  actor(value: string): string | null;
  /** Canonical names for pickers: provinces first, then counting units. */
  placeNames: string[];
  actorNames: string[];
}

const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Builds the lookup once from the classifier's data files. */
export function createNameIndex(places: readonly GazetteerEntry[], actors: readonly ActorEntry[]): NameIndex {
  const units = new Set(places.map(countingUnit));
  const placeBySpelling = new Map<string, PlaceRef>();
  for (const p of places) {
    const level = p.kind === 'country' ? 'country' : p.kind === 'province' ? 'province' : units.has(p.name) ? 'unit' : 'place';
    const ref: PlaceRef = { name: p.name, level, province: p.province, country: p.country };
    for (const s of placeSpellings(p)) if (!placeBySpelling.has(key(s))) placeBySpelling.set(key(s), ref);
  }
  const actorBySpelling = new Map<string, string>();
  for (const a of actors) {
    for (const s of [a.name, ...a.aliases, ...a.case_aliases]) if (!actorBySpelling.has(key(s))) actorBySpelling.set(key(s), a.name);
  }
  const provinces = places.filter((p) => p.kind === 'province').map((p) => p.name);
  return {
    place: (value) => placeBySpelling.get(key(value)) ?? null,
    actor: (value) => actorBySpelling.get(key(value)) ?? null,
    placeNames: [...provinces, ...[...units].filter((u) => !provinces.includes(u)).sort()],
    actorNames: actors.map((a) => a.name),
  };
}
