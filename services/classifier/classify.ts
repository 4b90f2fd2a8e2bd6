// The pure classifier: a compiled profile and one article in, the full Classification out.
import { listActors, type ActorMention } from './actors.ts';
import { analyze, hitsOf, type Analysis } from './analysis.ts';
import { extractCasualties, type CasualtyCues } from './casualties.ts';
import { scoreCategories } from './categories.ts';
import { findClaims } from './claims.ts';
import type { CompiledProfile } from './compile-profile.ts';
import { pickPlaces } from './places.ts';
import { scoreRelevance } from './relevance.ts';
import type { Classification, ClassifyInput } from './types.ts';

function actorMentions(compiled: CompiledProfile, a: Analysis): ActorMention[] {
  const { tokens } = a.doc;
  return hitsOf(a, compiled.ns.actor).map((h) => {
    const ref = compiled.actorOf[compiled.payload[h.entry]!]!;
    return { actor: ref.actor, metonym: ref.metonym, text: tokens.text.slice(tokens.starts[h.start], tokens.ends[h.end - 1]) };
  });
}

function sentencesOf(a: Analysis, ns: number): Set<number> {
  const out = new Set<number>();
  for (const h of hitsOf(a, ns)) out.add(a.doc.tokenSentence[h.start]!);
  return out;
}

function casualtyCues(compiled: CompiledProfile, a: Analysis): CasualtyCues {
  const n = compiled.casualtyNs;
  return {
    candidate: sentencesOf(a, n.candidate),
    background: sentencesOf(a, n.background),
    other: sentencesOf(a, n.other),
    superlative: sentencesOf(a, n.superlative),
    zero: sentencesOf(a, n.zero),
  };
}

function publishedYear(published: string | undefined): number | null {
  const y = published ? Number(published.slice(0, 4)) : NaN;
  return Number.isInteger(y) && y > 1900 ? y : null;
}

/** Classifies one article with a compiled profile. Pure and synchronous. */
export function classifyArticle(compiled: CompiledProfile, input: ClassifyInput): Classification {
  const a = analyze(compiled, input);
  const rel = scoreRelevance(compiled, a);
  const categories = scoreCategories(compiled, a, rel.relevant);
  const incidents = compiled.incidentCategories;
  // A relevant statement, talks, refugee or analysis piece reports no incident: any toll in it is recalled.
  const noIncident = rel.relevant && incidents.length > 0 && !incidents.some((i) => categories[i]!.applies);
  return {
    relevant: rel.relevant,
    relevance: rel.relevance,
    categories,
    casualties: noIncident
      ? { killed: null, injured: null }
      : extractCasualties(a.doc, a.background, casualtyCues(compiled, a), publishedYear(input.published), a.clauses),
    locations: pickPlaces(compiled, a),
    actors: listActors(actorMentions(compiled, a), compiled.actors),
    claims: findClaims(compiled, a),
  };
}
