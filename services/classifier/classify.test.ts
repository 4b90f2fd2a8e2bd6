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
