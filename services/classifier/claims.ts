// Claims: who claimed responsibility, who denied, who blamed whom. Read per sentence from the actor
// matches around a claim verb: the actor before the verb is its subject ("the TTP claimed
// responsibility", "Kabul denied"), except in the passive ("claimed by the TTP"); for blame, the first
// actor after the verb is the target ("ISPR blamed Afghan-based khwarij").
import { hitsOf, type Analysis } from './analysis.ts';
import type { CompiledProfile } from './compile-profile.ts';
import { snippetAround } from './document.ts';
import { wordAt } from './tokenize.ts';
import type { Claim } from './types.ts';

const NEGATION = new Set(['no', 'not', 'yet', 'none', 'nobody', 'never', 'neither', 'nor', 'unclaimed']);
const CLAIM_OBJECTS = new Set(['responsibility', 'attack', 'bombing', 'killing', 'assault', 'ambush', 'blast', 'abduction', 'kidnapping', 'killings', 'attacks', 'raid']);
const DENY = new Set(['denied', 'denies', 'deny', 'denying', 'rejected', 'rejects', 'rejecting', 'dismissed', 'dismisses', 'refuted', 'refutes']);
const BLAME = new Set(['blamed', 'blames', 'blaming', 'accused', 'accuses', 'accusing']);
const CLAIM = new Set(['claimed', 'claims', 'claim', 'claiming', 'owned', 'accepted', 'took', 'takes']);

/** Words that make a sentence worth reading for claims (the classifier finds them with its matcher). */
export const CLAIM_CUES = ['claim*', 'responsib*', 'denied', 'denies', 'deny', 'denying', 'reject*', 'dismiss*', 'refut*', 'blam*', 'accus*', 'held'];

interface ActorAt {
  actor: string;
  start: number;
  end: number;
}

/** First letters of the claim verbs above ("denied", "blamed", "claimed", "owned", "took", "held"…). */
const VERB_INITIALS = new Set([...DENY, ...BLAME, ...CLAIM, 'held'].map((w) => w.charCodeAt(0)));

function verbType(words: string[], i: number): Claim['type'] | null {
  const w = words[i]!;
  // Most words start with another letter: no set lookup (hashing a fresh word) for them.
  if (!VERB_INITIALS.has(w.charCodeAt(0)) || w.length < 3) return null;
  if (DENY.has(w)) return 'denied';
  if (BLAME.has(w)) return 'blamed';
  if (w === 'held' && words.slice(i + 1, i + 6).includes('responsible')) return 'blamed';
  if (CLAIM.has(w)) {
    if (words[i + 1] === 'by') return 'claimed'; // "the attack was claimed by …"
    const next = words.slice(i + 1, i + 5);
    if (next.some((x) => CLAIM_OBJECTS.has(x))) return 'claimed';
  }
  return null;
}

function negated(words: string[], i: number, from: number): boolean {
  for (let k = Math.max(from, i - 4); k < i; k++) if (NEGATION.has(words[k]!)) return true;
  return false;
}

/** Claims, denials and blame found in the article, without repeats. */
export function findClaims(compiled: CompiledProfile, a: Analysis): Claim[] {
  const cueSentences = new Set(hitsOf(a, compiled.ns.claimCue).map((h) => a.doc.tokenSentence[h.start]!));
  if (cueSentences.size === 0) return [];
  const { doc } = a;
  const actorsBySentence = new Map<number, ActorAt[]>();
  for (const h of hitsOf(a, compiled.ns.actor)) {
    const s = doc.tokenSentence[h.start]!;
    const ref = compiled.actorOf[compiled.payload[h.entry]!]!;
    let list = actorsBySentence.get(s);
    if (!list) actorsBySentence.set(s, (list = []));
    list.push({ actor: compiled.actors[ref.actor]!.name, start: h.start, end: h.end });
  }
  const claims: Claim[] = [];
  const seen = new Set<string>();
  for (const [s, actors] of actorsBySentence) {
    if (!cueSentences.has(s)) continue;
    const sentence = doc.sentences[s]!;
    const base = sentence.firstToken;
    const words: string[] = [];
    for (let i = base; i < sentence.endToken; i++) words.push(wordAt(doc.tokens, i));
    for (let k = 0; k < words.length; k++) {
      const i = base + k;
      const type = verbType(words, k);
      if (!type || negated(words, k, 0)) continue;
      const passive = words[k + 1] === 'by' || (words[k + 1] === 'responsibility' && words[k + 2] === 'by');
      const before = actors.filter((x) => x.end <= i);
      const after = actors.filter((x) => x.start > i);
      const subject = passive ? after[0] : before[before.length - 1];
      if (!subject) continue;
      const target = type === 'blamed' ? after.find((x) => x.actor !== subject.actor) : undefined;
      const claim: Claim = { type, actor: subject.actor, snippet: snippetAround(doc, i, i + 1, 90) };
      if (target) claim.target = target.actor;
      const key = `${type}|${claim.actor}|${claim.target ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      claims.push(claim);
    }
  }
  return claims;
}
