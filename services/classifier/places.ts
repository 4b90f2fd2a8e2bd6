// Places of an article, the incident's place first. Each gazetteer match is weighed by where it is
// (title, lead), how it is introduced ("in", "near"), whether its sentence reports an event (category
// terms) or recaps the past, and whether the name is really a place here ("Tank" the noun, "Kabul"
// meaning the Afghan government, "Kurram river"). Scores are summed per counting unit (district), and
// the unit's most specific place is reported.
import { hitsOf, inBackground, type Analysis } from './analysis.ts';
import type { CompiledProfile } from './compile-profile.ts';
import { zoneOfToken } from './document.ts';
import type { GazetteerEntry } from './gazetteer.ts';
import type { Hit } from './term-matcher.ts';
import { isWord, WordSet, wordAt } from './tokenize.ts';
import type { Place } from './types.ts';

const LOCATIVE = new WordSet(['in', 'at', 'near', 'outside', 'inside', 'from', 'of', 'across', 'into', 'around', 'on', 'to', 'toward', 'towards', 'through', 'via']);
const STRONG_LOCATIVE = new WordSet(['in', 'at', 'near', 'outside', 'inside']);
const PLACE_NOUNS = new WordSet(['district', 'city', 'town', 'tehsil', 'area', 'region', 'village', 'bazaar', 'subdivision', 'valley', 'border', 'crossing', 'province', 'cantonment']);
/** Nouns after a place name that make it an owner, not a location ("Nangarhar officials", "Kabul government"). */
const OWNER_NOUNS = new WordSet(['officials', 'official', 'governor', 'administration', 'government', 'authorities', 'spokesman', 'spokesperson', 'chief', 'department', 'police', 'regime', 'leadership', 'embassy', 'consulate']);
const DESTINATION = new WordSet(['to', 'towards', 'toward', 'into']);
const KIND_WEIGHT: Record<string, number> = { crossing: 3.2, town: 3, district: 3, city: 3, region: 1.2, province: 1, country: 0 };
const SPECIFICITY: Record<string, number> = { crossing: 4, town: 3, district: 2, city: 2, province: 1, region: 0, country: -1 };
const MAX_PLACES = 8;

function isPlaceHere(a: Analysis, p: GazetteerEntry, h: Hit): boolean {
  const t = a.doc.tokens;
  if (p.not_before && p.not_before.includes(wordAt(t, h.end))) return false;
  if (!p.context) return true;
  return LOCATIVE.hasToken(t, h.start - 1) || PLACE_NOUNS.hasToken(t, h.end);
}

/** True when token k (not before `first`) is "in", "at", "near"… */
function locativeAt(a: Analysis, k: number, first: number): boolean {
  return k >= first && STRONG_LOCATIVE.hasToken(a.doc.tokens, k);
}

function baseWeight(p: GazetteerEntry): number {
  // Afghan provinces are the units incidents there are counted in, like Pakistani districts.
  if (p.kind === 'province' && p.country === 'Afghanistan') return 2.6;
  return KIND_WEIGHT[p.kind] ?? 1;
}

/** Per sentence: how much it reads like an event report (category terms that fired there). */
function eventness(compiled: CompiledProfile, a: Analysis): number[] {
  const out: number[] = new Array<number>(a.doc.sentences.length).fill(0);
  for (const c of compiled.categories) {
    for (const h of hitsOf(a, c.ns)) {
      const t = c.terms[compiled.payload[h.entry]!]!;
      if (t.weight <= 0) continue;
      const s = a.doc.tokenSentence[h.start]!;
      out[s] = out[s]! + Math.min(t.weight, 2);
    }
  }
  return out;
}

/**
 * True for a dateline: the place that opens the lead, followed by ":" or "," or "(" ("PESHAWAR,
 * Pakistan, June 2 (Reuters) -", "QUETTA:"). It says where the report was filed, not where it happened.
 */
function isDateline(a: Analysis, h: Hit): boolean {
  const { doc } = a;
  const start = doc.tokens.starts[h.start]!;
  if (start !== doc.leadStart) return false;
  const after = doc.tokens.text.slice(doc.tokens.ends[h.end - 1], doc.tokens.ends[h.end - 1]! + 2).trimStart();
  return after.startsWith(':') || after.startsWith(',') || after.startsWith('(') || after.startsWith('-') || after.startsWith('—');
}

function toPlace(p: GazetteerEntry): Place {
  const place: Place = { name: p.name, province: p.province, country: p.country, lat: p.lat, lon: p.lon, kind: p.kind };
  if (p.district && p.district !== p.name) place.district = p.district;
  return place;
}

/** The article's places, the incident's place first; countries are left out. */
export function pickPlaces(compiled: CompiledProfile, a: Analysis): Place[] {
  const { doc } = a;
  const events = eventness(compiled, a);
  const byPlace = new Map<number, { score: number; first: number }>();
  let previousPlace: GazetteerEntry | null = null;
  let previousEnd = -1;
  for (const h of hitsOf(a, compiled.ns.place)) {
    const index = compiled.placeOf[compiled.payload[h.entry]!]!;
    const p = compiled.places[index]!;
    if (p.kind === 'country' || !isPlaceHere(a, p, h)) continue;
    // "the Spin Boldak district of Kandahar": the province just after a place of its own counting unit
    // locates that place; it is not another candidate.
    const container = previousPlace !== null && h.start - previousEnd <= 3 && previousPlace.province === p.name &&
      (previousPlace.district ?? previousPlace.name) !== (p.district ?? p.name);
    previousPlace = p;
    previousEnd = h.end;
    if (container) continue;
    const sentence = doc.tokenSentence[h.start]!;
    const zone = zoneOfToken(doc, h.start);
    const first = doc.sentences[sentence]!.firstToken;
    let score = baseWeight(p);
    score *= zone === 'title' ? 2 : zone === 'lead' ? 1.6 : 1;
    if (inBackground(a, h.start)) score *= 0.25;
    if (isDateline(a, h)) score *= 0.3;
    const afterThe = h.start - 1 >= first && isWord(doc.tokens, h.start - 1, 'the');
    if (locativeAt(a, h.start - 1, first) || (afterThe && locativeAt(a, h.start - 2, first))) score *= 1.4;
    else if (p.metonym) score *= 0.15;
    else if (locativeAt(a, h.start - 2, first) || locativeAt(a, h.start - 3, first)) score *= 1.2;
    if (h.start - 1 >= first && DESTINATION.hasToken(doc.tokens, h.start - 1)) score *= 0.5;
    if (OWNER_NOUNS.hasToken(doc.tokens, h.end)) score *= 0.5;
    score *= 1 + 0.35 * Math.min(events[sentence]!, 4);
    const entry = byPlace.get(index);
    if (entry) entry.score += score;
    else byPlace.set(index, { score, first: h.start });
  }
  if (byPlace.size === 0) return [];
  // Sum per counting unit; report the unit's most specific place.
  const units = new Map<string, { score: number; first: number; members: number[] }>();
  for (const [index, s] of byPlace) {
    const p = compiled.places[index]!;
    const key = p.district ?? p.name;
    const u = units.get(key);
    if (u) {
      u.score += s.score;
      u.first = Math.min(u.first, s.first);
      u.members.push(index);
    } else units.set(key, { score: s.score, first: s.first, members: [index] });
  }
  const ranked = [...units.values()].sort((x, y) => y.score - x.score || x.first - y.first);
  const out: Place[] = [];
  for (const u of ranked) {
    const members = u.members.sort((x, y) => {
      const px = compiled.places[x]!;
      const py = compiled.places[y]!;
      return (SPECIFICITY[py.kind] ?? 0) - (SPECIFICITY[px.kind] ?? 0) || byPlace.get(y)!.score - byPlace.get(x)!.score;
    });
    for (const m of members) out.push(toPlace(compiled.places[m]!));
    if (out.length >= MAX_PLACES) break;
  }
  return out.slice(0, MAX_PLACES);
}
