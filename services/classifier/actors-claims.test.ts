import { describe, expect, it } from 'vitest';
import { createClassifier } from './index.ts';
import type { Claim } from './types.ts';

const classifier = createClassifier();

function actorsOf(text: string): string[] {
  return classifier.classify({ title: '', text }).actors.map((a) => a.name);
}

function claimsOf(text: string): Array<Omit<Claim, 'snippet'>> {
  return classifier.classify({ title: '', text }).claims.map(({ snippet: _snippet, ...rest }) => rest);
}

describe('actors', () => {
  const cases: Array<[string, string]> = [
    ['Tehrik-i-Taliban Pakistan fighters', 'TTP'],
    ['the state calls them Fitna al-Khawarij', 'TTP'],
    ['eight khwarij were killed', 'TTP'],
    ['Jamaatul Ahrar said', 'Jamaat-ul-Ahrar'],
    ['the Hafiz Gul Bahadur group', 'Hafiz Gul Bahadur group'],
    ['Lashkar-e-Islam militants', 'Lashkar-e-Islam'],
    ['Daesh-Khorasan claimed', 'ISKP'],
    ['the Islamic Emirate said', 'Afghan Taliban'],
    ['the Baloch Liberation Army', 'BLA'],
    ['the Inter-Services Public Relations said', 'ISPR'],
    ['the Counter-Terrorism Department', 'CTD'],
    ['UNAMA expressed concern', 'UNAMA'],
  ];
  it.each(cases)('%s → %s', (text, name) => {
    expect(actorsOf(text)).toContain(name);
  });

  it('needs capitals for acronyms that are also words', () => {
    expect(actorsOf('This is what it is.')).not.toContain('ISKP');
    expect(actorsOf('IS fighters attacked the post.')).toContain('ISKP');
  });

  it('lists the spellings that occurred', () => {
    const ttp = classifier.classify({ title: '', text: 'The TTP, or Tehreek-e-Taliban Pakistan, said so.' }).actors.find((a) => a.name === 'TTP');
    expect(ttp?.mentions).toEqual(['TTP', 'Tehreek-e-Taliban Pakistan']);
  });
});

describe('claims', () => {
  it('reads a claim of responsibility', () => {
    expect(claimsOf('The TTP claimed responsibility for the attack in a statement.')).toEqual([{ type: 'claimed', actor: 'TTP' }]);
  });
  it('reads a passive claim', () => {
    expect(claimsOf('Responsibility for the bombing was claimed by Jamaat-ul-Ahrar.')).toEqual([{ type: 'claimed', actor: 'Jamaat-ul-Ahrar' }]);
    expect(claimsOf('The attack was claimed by Jamaat-ul-Ahrar.')).toEqual([{ type: 'claimed', actor: 'Jamaat-ul-Ahrar' }]);
  });
  it('ignores a negated claim', () => {
    expect(claimsOf('No group has claimed responsibility for the attack so far.')).toEqual([]);
  });
  it('reads a denial by a capital standing for its government', () => {
    expect(claimsOf('Kabul denied the allegations.')).toEqual([{ type: 'denied', actor: 'Afghan Taliban' }]);
  });
  it('reads blame with its target', () => {
    expect(claimsOf('The ISPR blamed Afghan-based khwarij for the attack.')).toEqual([{ type: 'blamed', actor: 'ISPR', target: 'TTP' }]);
  });
});
