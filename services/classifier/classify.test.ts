import { describe, expect, it } from 'vitest';
import { createClassifier } from './index.ts';
import type { ClassifyInput } from './types.ts';

const classifier = createClassifier();

function labels(input: ClassifyInput): string[] {
  return classifier.classify(input).categories.filter((c) => c.applies).map((c) => c.name);
}

describe('classify', () => {
  it('returns every category of the profile with a score in [0, 1]', () => {
    const r = classifier.classify({ title: 'x', text: 'y' });
    expect(r.categories.map((c) => c.name)).toEqual(classifier.categoryNames);
    for (const c of r.categories) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(c.applies).toBe(c.score >= 0.5);
    }
  });

  it('labels a reported attack, with evidence by zone', () => {
    const r = classifier.classify({
      title: 'Suicide bomber kills five soldiers in North Waziristan',
      text: 'MIR ALI: A suicide bomber rammed an explosives-laden vehicle into a military convoy in Mir Ali on Tuesday, killing five soldiers, the military said.\n\nThe banned Tehreek-e-Taliban Pakistan claimed responsibility.',
      published: '2025-06-03T10:00:00Z',
    });
    expect(r.relevant).toBe(true);
    const attack = r.categories.find((c) => c.name === 'attack')!;
    expect(attack.applies).toBe(true);
    expect(attack.evidence[0]).toMatchObject({ where: 'title' });
    expect(attack.evidence.some((e) => e.where === 'lead' && e.snippet.includes('convoy'))).toBe(true);
    expect(r.casualties.killed).toBe(5);
    expect(r.locations[0]?.district).toBe('North Waziristan');
    expect(r.claims).toEqual([expect.objectContaining({ type: 'claimed', actor: 'TTP' })]);
  });

  it('does not label what is only background', () => {
    const text = 'Pakistan and Afghanistan have seen repeated border clashes in recent years, and suicide bombings have risen since 2022, analysts say.\n\nThe TTP has long used Afghan soil, a claim Kabul denies, and experts expect the debate to continue.';
    expect(labels({ title: 'Why the TTP question shapes Pakistan-Afghanistan ties', text, published: '2025-09-01T00:00:00Z' })).toEqual([]);
  });

  it('does not label talks that an attack report mentions only as context', () => {
    const got = labels({
      title: 'Two policemen martyred as militants storm checkpost in Bannu',
      text: 'BANNU: Two policemen were martyred and three others injured when militants attacked a police checkpost in Bannu late on Sunday, police said.\n\nBannu has been among the districts worst hit since the TTP called off its ceasefire with the government in November 2022. Talks between Islamabad and the group, facilitated by the Afghan Taliban, broke down that year.',
      published: '2025-11-24T09:00:00Z',
    });
    expect(got).toEqual(['attack']);
  });

  it('labels talks that the article reports', () => {
    const got = labels({
      title: 'Pakistan, Afghanistan agree to extend truce after Istanbul talks',
      text: 'ISTANBUL: Pakistan and Afghanistan agreed on Saturday to extend their ceasefire and to set up a joint team to investigate violations, the mediators said after two days of talks.\n\nThe delegations will meet again within a month.',
      published: '2026-05-09T18:00:00Z',
    });
    expect(got).toContain('talks_ceasefire');
  });

  it('reads a toll recalled in a background clause as background', () => {
    const r = classifier.classify({
      title: 'Pakistani jets strike TTP hideouts in Nangarhar, security sources say',
      text: "ISLAMABAD: Pakistani fighter jets struck hideouts of the banned Tehreek-e-Taliban Pakistan in Afghanistan's Nangarhar province late on Friday, security sources said, days after a suicide attack in Bajaur killed nine soldiers.\n\nTaliban officials in Jalalabad said the strikes had hit civilian homes and that four people had been killed.",
      published: '2026-05-16T07:00:00Z',
    });
    const applied = r.categories.filter((c) => c.applies).map((c) => c.name);
    expect(applied).toEqual(['military_operation']);
    expect(r.casualties.killed).toBe(4);
    expect(r.locations[0]?.name).toBe('Nangarhar');
  });

  it('gives a statement no toll of the attack it is about', () => {
    const r = classifier.classify({
      title: 'Pakistan summons Afghan envoy over Bannu cantonment attack',
      text: "ISLAMABAD: Pakistan on Friday summoned Afghanistan's charge d'affaires and lodged a strong protest over Tuesday's attack on the Bannu cantonment, in which 18 people were killed.\n\nThe Foreign Office demanded that the Afghan interim government hand over those responsible.",
      published: '2026-03-06T13:00:00Z',
    });
    expect(r.categories.filter((c) => c.applies).map((c) => c.name)).toEqual(['diplomatic_statement']);
    expect(r.casualties).toMatchObject({ killed: null, injured: null });
  });

  it('labels a border clash and a protest reported together', () => {
    const got = labels({
      title: 'Pakistani, Afghan forces trade fire at Chaman; FO lodges protest',
      text: 'CHAMAN: Pakistani and Afghan forces exchanged heavy fire at the Chaman border crossing on Sunday, wounding three civilians, officials said.\n\nLater, the Foreign Office summoned the Afghan charge d\'affaires and lodged a strong protest, demanding that Kabul restrain its forces.',
      published: '2025-07-07T00:00:00Z',
    });
    expect(got).toEqual(expect.arrayContaining(['border_clash', 'diplomatic_statement']));
  });

  const offTopic: Array<[string, ClassifyInput]> = [
    ['cricket', { title: 'Pakistan beat Afghanistan by six wickets', text: 'Pakistan chased down 180 in the 19th over as the spinners bowled Afghanistan out in the T20 series opener at the stadium in Sharjah. The captain praised the bowling attack.' }],
    ['IMF', { title: 'IMF approves tranche for Pakistan', text: 'The International Monetary Fund approved a $1 billion tranche after the staff-level agreement, citing progress on the budget, tax revenue and the fiscal deficit.' }],
    ['Iran–Afghanistan border', { title: 'Iranian guards and Taliban forces clash in Nimroz', text: 'Iranian border guards and Islamic Emirate forces clashed near Zaranj in Nimroz, Iranian media said. Tehran summoned the Afghan envoy over the firing on the Iran border.' }],
    ['women\'s education with no Pakistan angle', { title: 'Afghan girls miss another school year', text: 'Girls in Afghanistan above sixth grade remain barred from school as the Taliban ban on girls\' education enters its fifth year, the UN said.' }],
  ];
  it.each(offTopic)('%s is not relevant and gets no category', (_name, input) => {
    const r = classifier.classify(input);
    expect(r.relevant).toBe(false);
    expect(r.categories.filter((c) => c.applies)).toEqual([]);
  });

  it('is deterministic and pure', () => {
    const input = { title: 'Torkham closed after clash', text: 'Pakistan closed the Torkham crossing on Monday after Afghan forces opened fire.' };
    expect(classifier.classify(input)).toEqual(classifier.classify(input));
  });

  it('survives odd input', () => {
    for (const text of ['', ' ', '\n\n\n', '…', 'x'.repeat(100000), 'Ünïcödé İstanbul talks ✓', '1,2,3. 4!? 5']) {
      expect(() => classifier.classify({ title: text, text })).not.toThrow();
    }
  });
});
