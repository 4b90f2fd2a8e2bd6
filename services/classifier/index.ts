// Placeholder first version: the classifier issue replaces this module with the profile-driven one.
// The exported API (createClassifier → { version, categoryNames, classify }) is what the pipeline uses.
import type { Classification, ClassifyInput, CategoryResult } from './types.ts';

export type * from './types.ts';

export interface Classifier {
  /** Changes whenever the profile changes, so stored labels can be re-derived (`frontier reclassify`). */
  version: string;
  categoryNames: string[];
  classify(input: ClassifyInput): Classification;
}

const TERMS: Record<string, RegExp> = {
  attack: /\b(suicide bomb\w*|attacks? on|ambush\w*|IED|gunmen|martyred)\b/i,
  border_clash: /\b(border clash\w*|cross-border fir\w*|Torkham|Chaman|Spin Boldak|border crossing|Pak-Afghan border)\b/i,
  military_operation: /\b(intelligence-based operation|IBO|operation against|air ?strikes?|drone strikes?|struck)\b/i,
  diplomatic_statement: /\b(Foreign Office|foreign minister|defen[cs]e minister|special representative|condemn\w*|spokesman|demanded|summoned)\b/i,
  talks_ceasefire: /\b(talks|ceasefire|truce|negotiat\w*|mediat\w*)\b/i,
  refugees: /\b(refugees?|deport\w*|repatriat\w*|Proof of Registration|PoR card)\b/i,
};
const RELEVANT = /\b(TTP|Tehreek-e-Taliban|Tehrik-i-Taliban|Pakistani Taliban|Afghan Taliban|Kabul|Afghanistan|khwarij|khawarij)\b/i;

export function createClassifier(): Classifier {
  const categoryNames = Object.keys(TERMS);
  return {
    version: 'placeholder-1',
    categoryNames,
    classify(input) {
      const text = `${input.title}\n${input.text}`;
      const relevant = RELEVANT.test(text);
      const categories: CategoryResult[] = categoryNames.map((name) => {
        const m = relevant ? TERMS[name]!.exec(text) : null;
        return {
          name,
          score: m ? 0.6 : 0,
          applies: Boolean(m),
          evidence: m ? [{ term: m[0], where: 'body', snippet: text.slice(Math.max(0, m.index - 40), m.index + 60), weight: 1 }] : [],
        };
      });
      return {
        relevant,
        relevance: relevant ? 0.8 : 0.1,
        categories,
        casualties: { killed: null, injured: null },
        locations: [],
        actors: [],
        claims: [],
      };
    },
  };
}
