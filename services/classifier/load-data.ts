// Reads the classifier's data files once: the topic profile (option, then CLASSIFIER_PROFILE, then
// profiles/default.yaml), the gazetteer and the actor list. The classifier version is a short hash of
// all three, so stored labels can be recomputed whenever any of them changes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseActors, type ActorEntry } from './actors.ts';
import { parseGazetteer, type GazetteerEntry } from './gazetteer.ts';
import { parseProfile, type Profile } from './parse-profile.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Default locations of the data files. */
export const DATA_FILES = {
  profile: path.join(HERE, 'profiles', 'default.yaml'),
  gazetteer: path.join(HERE, 'data', 'gazetteer.yaml'),
  actors: path.join(HERE, 'data', 'actors.yaml'),
};

/** The validated data files and the version derived from them. */
export interface ClassifierData {
  profile: Profile;
  places: GazetteerEntry[];
  actors: ActorEntry[];
  /** e.g. "default-3f2a9c1b04d2": profile name + hash of the three files. */
  version: string;
  profilePath: string;
}

/** The profile path to use: the option, else CLASSIFIER_PROFILE, else the bundled default. */
export function resolveProfilePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? (env.CLASSIFIER_PROFILE || undefined);
  return chosen ? path.resolve(chosen) : DATA_FILES.profile;
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`classifier: cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Loads and validates the profile, gazetteer and actors; throws `classifier: …` errors naming bad entries. */
export function loadClassifierData(options: { profilePath?: string } = {}): ClassifierData {
  const profilePath = resolveProfilePath(options.profilePath);
  const profileText = read(profilePath, 'profile');
  const gazetteerText = read(DATA_FILES.gazetteer, 'gazetteer');
  const actorsText = read(DATA_FILES.actors, 'actors file');
  const profile = parseProfile(profileText, `profile ${path.basename(profilePath)}`);
  const places = parseGazetteer(gazetteerText, 'gazetteer.yaml');
  const actors = parseActors(actorsText, 'actors.yaml');
  const hash = createHash('sha256').update(profileText).update('\0').update(gazetteerText).update('\0').update(actorsText);
  return { profile, places, actors, version: `${profile.name}-${hash.digest('hex').slice(0, 12)}`, profilePath };
}
