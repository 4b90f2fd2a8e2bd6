// The classifier's public API: createClassifier() loads and compiles the topic profile once and
// returns a pure, synchronous classify(). The pipeline, the CLI and the eval import only this module.
import { classifyArticle } from './classify.ts';
import { compileProfile } from './compile-profile.ts';
import { loadClassifierData } from './load-data.ts';
import type { Classification, ClassifyInput } from './types.ts';

export type * from './types.ts';

export interface Classifier {
  /** Changes whenever the profile changes, so stored labels can be re-derived (`frontier reclassify`). */
  version: string;
  categoryNames: string[];
  classify(input: ClassifyInput): Classification;
}

/**
 * Builds a classifier from a topic profile: `options.profilePath`, else the CLASSIFIER_PROFILE
 * environment variable, else the bundled profiles/default.yaml. Throws `classifier: profile …: path:
 * problem` when the profile (or the gazetteer or actor list) has invalid entries.
 */
export function createClassifier(options: { profilePath?: string } = {}): Classifier {
  const data = loadClassifierData(options);
  const compiled = compileProfile(data.profile, data.places, data.actors);
  return {
    version: data.version,
    categoryNames: compiled.categories.map((c) => c.name),
    classify: (input) => classifyArticle(compiled, input),
  };
}
