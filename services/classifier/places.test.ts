import { describe, expect, it } from 'vitest';
import { createClassifier } from './index.ts';

const classifier = createClassifier();

function firstPlace(title: string, text: string): string | undefined {
  const p = classifier.classify({ title, text }).locations[0];
  return p && (p.district ? `${p.name}/${p.district}` : p.name);
}

describe('incident place', () => {
  const cases: Array<[string, string, string, string | undefined]> = [
    ['town → district', 'Blast in Mir Ali', 'Two soldiers were martyred in a blast in Mir Ali on Monday.', 'Mir Ali/North Waziristan'],
    ['D.I. Khan spelling', 'Police post attacked', 'Militants attacked a police post in D.I. Khan late on Sunday.', 'Dera Ismail Khan'],
    ['DI Khan spelling', 'Police post attacked', 'Militants attacked a police post in DI Khan late on Sunday.', 'Dera Ismail Khan'],
    ['Spinboldak spelling', 'Shells hit homes', 'Mortar shells hit houses in Spinboldak district of Kandahar on Tuesday.', 'Spin Boldak'],
    ['Afghan district → province', 'Drone strike', 'A drone strike hit a house in Barmal district, residents said.', 'Barmal/Paktika'],
    ['crossing', 'Torkham closed', 'Pakistan closed the Torkham crossing after an exchange of fire on Friday.', 'Torkham/Khyber'],
    ['Khyber district, not the province', 'Attack in Khyber', 'Gunmen attacked a checkpost in Khyber district of Khyber Pakhtunkhwa.', 'Khyber'],
    ['Tank the district after "in"', 'IBO in Tank', 'Security forces conducted an operation in Tank on Monday, killing four militants.', 'Tank'],
    ['tank the noun is no place', 'Fuel tank blast', 'A fuel tank exploded at a petrol pump in Bannu, injuring three people.', 'Bannu'],
    ['SWAT team is not Swat', 'Raid', 'A SWAT team raided a house in Mardan and arrested two suspects.', 'Mardan'],
    ['Kurram river is not the district', 'Bodies found', 'Two bodies were found on the bank of the Kurram river near Bannu city.', 'Bannu'],
    ['dateline is not the incident place', 'Soldier killed', 'PESHAWAR, Pakistan (Reuters) - A soldier was killed when militants attacked a post in Bajaur district, officials said.', 'Bajaur'],
    ['Kabul as the government is not a place', 'Kabul rejects', 'Kabul rejected the allegations, while Pakistan said the attackers came from Kunar.', 'Kunar'],
    ['no place', 'Talks resume', 'The two sides agreed to resume talks next month.', undefined],
  ];
  it.each(cases)('%s', (_name, title, text, expected) => {
    expect(firstPlace(title, text)).toBe(expected);
  });

  it('gives province, country and coordinates', () => {
    const p = classifier.classify({ title: 'Blast in Wana', text: 'A blast in Wana killed two people.' }).locations[0]!;
    expect(p).toMatchObject({ name: 'Wana', district: 'South Waziristan', province: 'Khyber Pakhtunkhwa', country: 'Pakistan', kind: 'town' });
    expect(p.lat).toBeGreaterThan(32);
    expect(p.lon).toBeGreaterThan(69);
  });
});
