import { describe, expect, it } from 'vitest';
import { scoreGrouping } from './eval/metrics.ts';
import { distinctiveTerms, incidentKinds, type ArticleFacts, type IncidentPlace } from './facts.ts';
import { bestCandidate, scoreCandidate, type StoryCandidate } from './match.ts';
import { lshBands, minhashSignature, signatureSimilarity } from './minhash.ts';
import { reconcileStory, type StoryReport } from './reconcile.ts';

const WIRE =
  'PESHAWAR, Pakistan (AP) — A suicide bomber rammed an explosives-laden car into a police station in northwest Pakistan ' +
  'on Tuesday, killing six officers and wounding 11 others, police said. The attack in the Bannu district of Khyber ' +
  'Pakhtunkhwa province was claimed by the Pakistani Taliban, who have stepped up attacks on security forces since ' +
  'ending a ceasefire with the government. Police official Ahmad Khan said the attacker struck at dawn as officers changed shifts.';

describe('minhash', () => {
  it('finds a lightly edited copy and not a different report', () => {
    const original = minhashSignature(WIRE)!;
    const copy = minhashSignature(WIRE.replace('PESHAWAR, Pakistan (AP) —', 'BANNU:').replace('police said', 'officials said'))!;
    const other = minhashSignature(
      'Six policemen were martyred and eleven injured when a suicide attacker blew up his vehicle at the gate of the ' +
        'city police station in Bannu early on Tuesday, the district police officer told Dawn. Rescue 1122 shifted the injured.',
    )!;
    expect(signatureSimilarity(original, copy)).toBeGreaterThan(0.6);
    expect(signatureSimilarity(original, other)).toBeLessThan(0.2);
    const shared = lshBands(original).filter((b) => lshBands(copy).includes(b));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('gives no signature to a text too short to compare, and stable band keys', () => {
    expect(minhashSignature('Bannu attack')).toBeNull();
    const bands = lshBands(minhashSignature(WIRE)!);
    expect(bands).toHaveLength(16);
    for (const b of bands) expect(Number.isSafeInteger(b)).toBe(true);
    expect(lshBands(minhashSignature(WIRE)!)).toEqual(bands);
  });
});

const bannu: IncidentPlace = { name: 'Bannu', unit: 'Bannu', province: 'Khyber Pakhtunkhwa', country: 'Pakistan', kind: 'district' };
const at = (h: number) => new Date(Date.UTC(2026, 4, 5, h));

function facts(over: Partial<ArticleFacts>): ArticleFacts {
  return {
    id: 1, source: 'dawn.com', at: at(10), dated: true, title: '', relevant: true, categories: ['attack'], place: bannu,
    killed: null, injured: null, actors: [], terms: [], kinds: [], ...over,
  };
}
function story(over: Partial<StoryCandidate>): StoryCandidate {
  return {
    id: 7, firstSeen: at(8), lastSeen: at(9), categories: ['attack'], place: bannu, killedMin: 4, killedMax: 4,
    terms: distinctiveTerms('Four policemen martyred in attack on Bannu checkpost', 'BANNU: Four policemen were martyred when militants stormed a checkpost in Bannu.'),
    kinds: incidentKinds('Four policemen martyred in attack on Bannu checkpost', 'BANNU: Four policemen were martyred when militants stormed a checkpost in Bannu.'),
    ...over,
  };
}

describe('incident kinds', () => {
  it.each([
    ['Suicide bomber hits police station in Bannu', '', ['police', 'post', 'suicide']],
    ['Two soldiers martyred as IED hits convoy', '', ['bomb', 'convoy', 'soldiers']],
    ['Torkham closed after exchange of fire', '', ['closure', 'firing']],
    ['Drone strike in Paktika', '', ['strike']],
    ['Pakistan, Afghanistan agree to extend ceasefire', '', []],
  ])('%s', (title, text, kinds) => {
    expect(incidentKinds(title, text).sort()).toEqual(kinds);
  });
});

describe('same-incident scoring', () => {
  const followUp = facts({
    title: 'Bannu checkpost attack toll rises to six',
    terms: distinctiveTerms('Bannu checkpost attack toll rises to six', 'Two more policemen injured in the attack on a checkpost in Bannu died.'),
    kinds: incidentKinds('Bannu checkpost attack toll rises to six', 'Two more policemen injured in the attack on a checkpost in Bannu died.'),
    killed: 6,
  });
  it('joins a follow-up report of the same attack', () => {
    expect(bestCandidate(followUp, [story({})])?.id).toBe(7);
  });
  it('keeps a different incident in the same district apart', () => {
    const convoy = facts({
      title: 'Two soldiers martyred as IED hits convoy near Jani Khel',
      terms: distinctiveTerms('Two soldiers martyred as IED hits convoy near Jani Khel', 'A roadside bomb struck an army vehicle on the Jani Khel road.'),
      kinds: incidentKinds('Two soldiers martyred as IED hits convoy near Jani Khel', 'A roadside bomb struck an army vehicle on the Jani Khel road.'),
      killed: 2,
    });
    expect(bestCandidate(convoy, [story({})])).toBeNull();
  });
  it('never joins across the 72-hour window or across countries for a located incident', () => {
    expect(scoreCandidate(followUp, story({ firstSeen: at(-70), lastSeen: at(-69) })).score).toBe(-Infinity);
    const khost: IncidentPlace = { name: 'Khost', unit: 'Khost', province: 'Khost', country: 'Afghanistan', kind: 'province' };
    expect(scoreCandidate(facts({ ...followUp, place: khost }), story({})).score).toBe(-Infinity);
  });
  it('treats the two sides of a crossing as one place for border events', () => {
    const chaman: IncidentPlace = { name: 'Chaman', unit: 'Chaman', province: 'Balochistan', country: 'Pakistan', kind: 'district' };
    const boldak: IncidentPlace = { name: 'Spin Boldak', unit: 'Spin Boldak', province: 'Kandahar', country: 'Afghanistan', kind: 'district' };
    const s = scoreCandidate(facts({ place: boldak, categories: ['border_clash'] }), story({ place: chaman, categories: ['border_clash'] }));
    expect(s.parts.place).toBe(1.5);
  });
});

function report(id: number, hour: number, killed: number | null, over: Partial<StoryReport> = {}): StoryReport {
  return {
    articleId: id, source: `outlet${id}.com`, at: at(hour), dated: true, title: `Report ${id}`, lead: '', relevant: true, categories: ['attack'],
    place: bannu, placeCoords: { lat: 32.99, lon: 70.6 }, killed, injured: null, actors: ['TTP'], claims: [], duplicateOf: null, ...over,
  };
}

describe('reconciliation', () => {
  it('uses the latest original figure, keeps the range and who reported each', () => {
    const r = reconcileStory([report(1, 8, 4), report(2, 12, 7), report(3, 20, 9), report(4, 22, 4, { duplicateOf: 1 })]);
    expect(r.killed.value).toBe(9);
    expect([r.killed.min, r.killed.max]).toEqual([4, 9]);
    expect(r.killed.lowest?.source).toBe('outlet1.com');
    expect(r.killed.highest?.source).toBe('outlet3.com');
    expect(r.killed.reports.map((x) => x.value)).toEqual([4, 7, 9, 4]);
    expect(r.title).toBe('Report 1');
    expect(r.articleCount).toBe(4);
    expect(r.outlets).toHaveLength(4);
  });
  it('keeps a category only when a third of the reports carry it', () => {
    const r = reconcileStory([report(1, 8, 3), report(2, 9, 3), report(3, 10, 3, { categories: ['attack', 'refugees'] }), report(4, 11, 3), report(5, 12, 3)]);
    expect(r.categories).toEqual(['attack']);
  });
});

describe('grouping metrics', () => {
  it('scores pairwise and B-cubed', () => {
    const s = scoreGrouping(['a', 'a', 'a', 'b'], [1, 1, 2, 2]);
    expect(s.pairwise.truePairs).toBe(3);
    expect(s.pairwise.predictedPairs).toBe(2);
    expect(s.pairwise.correctPairs).toBe(1);
    expect(s.pairwise.precision).toBe(0.5);
    expect(s.pairwise.recall).toBeCloseTo(1 / 3);
    expect(s.bcubed.precision).toBeCloseTo((1 + 1 + 0.5 + 0.5) / 4);
  });
});
