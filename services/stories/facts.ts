// What grouping needs to know about an article, read from its stored classification: when, where, what
// kind of incident, how many casualties, and the distinctive words of its headline and lead.

import type { Place } from '../classifier/types.ts';

export interface IncidentPlace {
  /** The place as the article names it (a town, district, crossing or province). */
  name: string;
  /** The counting unit: a town's district, an Afghan district's province, else the name itself. */
  unit: string;
  province: string | null;
  country: string;
  kind: string;
}

export interface ArticleFacts {
  id: number;
  source: string;
  /** When the article appeared: its published date, else the feed's date, else when we found it. */
  at: Date;
  /** False when neither the page nor the feed gave a date (`at` is only when we found it). */
  dated: boolean;
  title: string;
  relevant: boolean;
  categories: string[];
  place: IncidentPlace | null;
  killed: number | null;
  injured: number | null;
  actors: string[];
  /** Distinctive words of the title (counted twice) and lead, most frequent first. */
  terms: string[];
  /** What kind of incident and whom it hit, as the headline and lead say (see `incidentKinds`). */
  kinds: string[];
}

/** The incident place from a stored places list (the classifier puts it first). */
export function incidentPlace(places: readonly Place[] | null | undefined): IncidentPlace | null {
  const p = places?.[0];
  if (!p) return null;
  return { name: p.name, unit: p.district ?? p.name, province: p.province, country: p.country, kind: p.kind };
}

// Words too common in this coverage to tell one incident from another.
const COMMON = new Set(
  `the a an and or of in on at to for from by with as is was were are be been has have had it its this that
  these those after before over under into near about against amid during while who which what when where
  said says say told according officials official sources source report reports reported news update
  pakistan pakistani afghanistan afghan taliban government country province district area areas region
  security forces force police people man men woman women two three four five six seven eight nine ten one
  first second day days week today yesterday monday tuesday wednesday thursday friday saturday sunday
  morning evening night least more than also other new since will would could not no his her their they
  them he she we our us per including local killed kill injured wounded dead death deaths`.split(/\s+/).filter(Boolean),
);

const LEAD_WORDS = 70;

/** Distinctive words of a headline and the first words of the text, crudely stemmed, by weight. */
export function distinctiveTerms(title: string, text: string, max = 24): string[] {
  const weights = new Map<string, number>();
  // headline words weigh most, then lead words by how early they come
  const add = (s: string, weight: (position: number) => number, limit: number) => {
    let n = 0;
    for (const m of s.toLowerCase().matchAll(/[a-z][a-z'’-]*[a-z]|\d+/g)) {
      if (++n > limit) break;
      let word = m[0].replace(/['’]s$/, '').replace(/['’]/g, '');
      if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1);
      if ((word.length < 3 && word !== 'un') || COMMON.has(word)) continue;
      weights.set(word, (weights.get(word) ?? 0) + weight(n));
    }
  };
  add(title, () => 3, 40);
  add(text, (n) => 1 + (LEAD_WORDS - n) / LEAD_WORDS, LEAD_WORDS);
  return [...weights.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([w]) => w);
}

// How an incident happened and whom it hit: two reports naming different ones (a checkpost assault on
// police vs a roadside bomb on soldiers) are likely two incidents, even on one day in one district.
const KINDS: readonly [string, RegExp][] = [
  ['suicide', /\bsuicide|\bfidayee|\bbomber\b/],
  ['bomb', /\b(ied|improvised explosive|roadside|landmine|remote[- ]controlled|bomb blast|explosive device)/],
  ['post', /\b(check ?post|checkpoint|police station|outpost|post\b)/],
  ['convoy', /\b(convoy|vehicle)/],
  ['kidnap', /\b(kidnap|abduct|hostage)/],
  ['gunned', /\b(gunned down|shot dead|target(ed)? killing|motorcycle-borne|gunmen)/],
  ['strike', /\b(air ?strike|drone|aerial|jets?\b|bombard)/],
  ['raid', /\b(intelligence-based|ibo\b|raid|search operation|operation)/],
  ['firing', /\b(firing|exchange of fire|shelling|mortar|artillery)/],
  ['closure', /\b(closed|closure|reopen|suspended)/],
  ['police', /\b(police|policem[ae]n|constables?|levies|ctd)\b/],
  ['soldiers', /\b(soldiers?|troops|army|sepoy|frontier corps|fc\b|naik|havildar|lieutenant|major)\b/],
];

/** Incident kinds named in a headline and the first sentences of its text. */
export function incidentKinds(title: string, text: string): string[] {
  const lead = `${title}\n${text.slice(0, 320)}`.toLowerCase();
  return KINDS.filter(([, re]) => re.test(lead)).map(([k]) => k);
}

// the two sides' counting units facing each other across the Durand Line (crossing, district, province)
const BORDER_TWINS: readonly [string, string][] = [
  ['Chaman', 'Spin Boldak'],
  ['Chaman', 'Kandahar'],
  ['Khyber', 'Nangarhar'],
  ['Kurram', 'Paktia'],
  ['Kurram', 'Khost'],
  ['North Waziristan', 'Khost'],
  ['South Waziristan', 'Paktika'],
  ['Bajaur', 'Kunar'],
  ['Mohmand', 'Nangarhar'],
  ['Chitral', 'Nuristan'],
  ['Chitral', 'Kunar'],
  ['Zhob', 'Paktika'],
  ['Zhob', 'Zabul'],
];

/** The places facing `unit` across the border (a crossing's other side), for cross-border events. */
export function twinsOf(unit: string): string[] {
  return BORDER_TWINS.flatMap(([a, b]) => (a === unit ? [b] : b === unit ? [a] : []));
}

// Words among the distinctive terms of more than 5% of the labelled coverage (fixtures): they still
// count when scoring a candidate, but as lookup keys they would fetch a large share of all stories.
const FREQUENT = new Set(
  `islamabad border militant kabul islamic attack ttp emirate peshawar talk soldier fire crossing martyred foreign
  operation reuter between strike khwarij torkham rawalpindi civilian ministry policemen afp pajhwok northwest
  through side khan hit 2025 2026`.split(/\s+/).filter(Boolean),
);

/** Index keys that retrieve the candidate stories an article might belong to. */
export function lookupKeys(f: ArticleFacts): string[] {
  const keys = f.terms
    .filter((t) => !FREQUENT.has(t))
    .slice(0, 8)
    .map((t) => `t:${t}`);
  if (f.place) {
    if (f.place.kind === 'province') keys.push(`v:${f.place.unit}`);
    else {
      keys.push(`p:${f.place.unit}`);
      if (f.place.province) keys.push(`pv:${f.place.province}`);
    }
    for (const twin of twinsOf(f.place.unit)) keys.push(`p:${twin}`);
  }
  return keys;
}

/** Index keys stored on a story: its place unit (and province), and its distinctive terms. */
export function storyKeys(place: IncidentPlace | null, terms: readonly string[], kinds: readonly string[]): string[] {
  const keys = [...terms.map((t) => `t:${t}`), ...kinds.map((k) => `k:${k}`)];
  if (place) {
    if (place.kind === 'province') keys.push(`pv:${place.unit}`, `v:${place.unit}`);
    else {
      keys.push(`p:${place.unit}`);
      if (place.province) keys.push(`v:${place.province}`);
    }
  }
  return keys;
}
