import { describe, expect, it } from 'vitest';
import { parseCasualties } from './casualties.ts';
import { readCount } from './number-words.ts';

describe('readCount', () => {
  const cases: Array<[string, number | null, boolean]> = [
    ['12 soldiers', 12, false],
    ['1,200 people', 1200, false],
    ['eight people', 8, false],
    ['twenty five people', 25, false],
    ['two hundred and fifty people', 250, false],
    ['a hundred people', 100, false],
    ['a dozen people', 12, false],
    ['two dozen people', 24, false],
    ['half a dozen people', 6, false],
    ['10 to 12 people', 10, false],
    ['10 - 12 people', 10, false],
    ['between 10 and 12 people', 10, false],
    ['two or three people', 2, false],
    ['dozens of people', null, true],
    ['several people', null, true],
    ['a number of people', null, true],
    ['three thousand people', 3000, false],
  ];
  it.each(cases)('%s → %s', (text, value, vague) => {
    const c = readCount(text.split(' '), 0);
    expect(c?.value).toBe(value);
    expect(c?.vague).toBe(vague);
  });
});

describe('parseCasualties', () => {
  const cases: Array<{ name: string; title?: string; text: string; killed: number | null; injured: number | null; killedVague?: boolean }> = [
    { name: 'at least', text: 'At least eight people were killed when a bomb went off in Bannu.', killed: 8, injured: null },
    { name: 'breakdown summed', text: 'The clash left 20 troops, 3 civilians dead, officials said.', killed: 23, injured: null },
    { name: 'martyred and injured', text: 'Seven soldiers were martyred and 13 others injured in the attack.', killed: 7, injured: 13 },
    { name: 'active verbs', text: 'The blast killed 12 people and wounded 30 others at the market.', killed: 12, injured: 30 },
    { name: 'killing injuring', text: 'A suicide bomber struck a convoy, killing at least five soldiers and injuring 11.', killed: 5, injured: 11 },
    { name: 'a dozen', text: 'A dozen policemen were injured when militants attacked the post.', killed: null, injured: 12 },
    { name: 'range lower bound', text: 'Between 10 and 12 militants were killed in the operation.', killed: 10, injured: null },
    { name: 'ISPR groups across sentences', text: 'Eight khwarij were sent to hell. During the exchange of fire, two brave soldiers, having fought gallantly, paid the ultimate sacrifice and embraced shahadat. Three other soldiers were injured.', killed: 10, injured: 3 },
    { name: 'n more adds', text: 'Seven khwarij were sent to hell. As the others fled, four more khwarij were neutralised. A brave son of soil, having fought valiantly, embraced shahadat.', killed: 12, injured: null },
    { name: 'past crimes are not this toll', text: 'Four militants were killed in the raid. Police said one of them was wanted for the killing of two policemen in March.', killed: 4, injured: null },
    { name: 'prisoner is a person', text: 'Two policemen and an undertrial prisoner were killed when militants ambushed a police van.', killed: 3, injured: null },
    { name: 'dash range', text: 'Officials said 15-18 people were wounded.', killed: null, injured: 15 },
    { name: 'toll rose', text: 'Six people were killed in the blast on Monday.\n\nThe death toll rose to 14 on Tuesday as more bodies were recovered.', killed: 14, injured: null },
    { name: 'vague', text: 'Dozens of people were injured and several were killed.', killed: null, injured: null, killedVague: true },
    { name: 'background ignored', text: 'Two policemen were martyred in Lakki Marwat on Sunday.\n\nMore than 500 people have been killed in such attacks since 2021.', killed: 2, injured: null },
    { name: 'ISPR khwarij', text: 'Security forces conducted an intelligence based operation in North Waziristan. During the operation, eight khwarij were sent to hell.', killed: 8, injured: null },
    { name: 'militants added', text: 'Four soldiers embraced shahadat in an exchange of fire in Kurram. Six terrorists were also killed.', killed: 10, injured: null },
    { name: 'including is a subset', text: 'Nine people, including four children, were killed when a mortar shell hit a house.', killed: 9, injured: null },
    { name: 'number words hundreds', text: 'One hundred and twenty people were injured in the stampede at the crossing.', killed: null, injured: 120 },
    { name: 'singular', text: 'A policeman was martyred and two others were wounded in Dera Ismail Khan.', killed: 1, injured: 2 },
    { name: 'separate incident ignored', text: 'Three soldiers were killed in Bajaur on Friday. In a separate incident, two civilians were injured in Khyber.', killed: 3, injured: null },
    { name: 'years and ages ignored', text: 'The 25-year-old constable was among 3 people killed in the 2024 attack.', killed: 3, injured: null },
    { name: 'title fallback', title: '5 soldiers martyred in Zhob attack', text: 'Militants attacked a checkpost in Zhob late on Saturday, the military said.', killed: 5, injured: null },
    { name: 'superlative since is news', text: 'The bombing, the deadliest since 2023, killed 17 people.', killed: 17, injured: null },
    { name: 'lost their lives', text: 'Eleven passengers lost their lives and 20 sustained injuries when the bus was hit.', killed: 11, injured: 20 },
    { name: 'a people total with a later breakdown', text: 'Twelve people were killed in the attack. The dead included eight soldiers and four civilians.', killed: 12, injured: null },
    { name: 'toll brought up', text: 'Four soldiers embraced shahadat and two passers-by lost their lives in the blast.\n\nAnother civilian died in hospital, bringing the death toll to seven.', killed: 7, injured: null },
    { name: 'toll rose from one figure to another', text: 'The death toll rose from five to eight on Tuesday.', killed: 8, injured: null },
    { name: 'a count with no noun is of the listed group', text: 'Fierce clashes left eight people dead. Three soldiers were martyred and five were injured on the Pakistani side.\n\nIn Paktika, officials said five Afghan border guards lost their lives and seven others were wounded.', killed: 8, injured: 12 },
    { name: 'figures from both sides of the border add up', text: 'Three Pakistani soldiers were killed in the exchange, officials said.\n\nIn Paktika, a Taliban spokesman said four Afghan border guards had been killed and two wounded.', killed: 7, injured: 2 },
    { name: 'also killed adds', text: 'Two policemen were martyred in the attack. A passer-by was also killed.', killed: 3, injured: null },
    { name: 'another day is another incident', text: 'A dozen people were injured when a bomb went off on Wednesday. No one was killed.\n\nOn Sunday, a roadside bomb killed two policemen and injured four others.', killed: 0, injured: 12 },
    { name: 'arrests are not casualties', text: 'Police said 12 terrorists were arrested and two were killed in the raids.', killed: 2, injured: null },
    { name: 'arrested in injured condition', text: 'Three terrorists were killed and two others were arrested in injured condition.', killed: 3, injured: 2 },
    { name: 'named soldiers of an ISPR release', text: 'Five khwarij were neutralised. During the exchange of fire, Major Ahmed (age 31 years), who was leading his troops, and Lance Naik Zahid (age 27 years), having fought gallantly, embraced shahadat.', killed: 7, injured: null },
    { name: 'the emergency service is not a count', text: 'Seven people were killed. Rescue 1122 personnel shifted the injured to hospital.', killed: 7, injured: null },
    { name: 'an injured man who died', text: 'A Levies official injured in the blast succumbed to his injuries, raising the death toll to two. Five other injured people were still being treated.', killed: 2, injured: 5 },
    { name: 'the number of attackers is not a toll', text: 'Police said the attackers, numbering around 20, killed four policemen before fleeing.', killed: 4, injured: null },
  ];
  it.each(cases)('$name', ({ title, text, killed, injured, killedVague }) => {
    const c = parseCasualties(title ?? 'Report', text);
    expect({ killed: c.killed, injured: c.injured }).toEqual({ killed, injured });
    if (killedVague !== undefined) expect(c.killedVague ?? false).toBe(killedVague);
  });

  it('keeps the breakdown and the total', () => {
    const c = parseCasualties('Report', 'The clash left 20 troops, 3 civilians dead, officials said.');
    expect(c.killedBreakdown).toEqual({ security: 20, civilians: 3 });
    expect(c.evidence?.[0]).toContain('20 troops');
  });
});

describe('parseCasualties, attribution and compounds', () => {
  it('does not count a speaker or a compound noun', () => {
    const c = parseCasualties('Shelling', 'Pakistani shells hit homes in Kunar, killing three civilians and wounding five, a Taliban official said.');
    expect([c.killed, c.injured]).toEqual([3, 5]);
    expect(parseCasualties('Train attacked', 'Militants attacked a passenger train in Bolan, killing six people.').killed).toBe(6);
  });
  it('reads "reported killed"', () => {
    expect(parseCasualties('Blast', 'Three people were reported killed in the blast.').killed).toBe(3);
  });
  it('reads an explicit zero', () => {
    const c = parseCasualties('Firing', 'Pakistani and Afghan forces exchanged fire for an hour. No casualties were reported on either side.');
    expect([c.killed, c.injured]).toEqual([0, 0]);
  });
  it('keeps a zero for one side as no figure', () => {
    expect(parseCasualties('Raid', 'Two militants were killed in the raid. There were no casualties among the troops.').injured).toBeNull();
  });
  it('reads an ISPR named soldier', () => {
    const c = parseCasualties('IBO', 'Four khwarij were sent to hell. During the exchange of fire, Sepoy Ali, aged 24, having fought gallantly, embraced shahadat.');
    expect(c.killed).toBe(5);
    expect(c.killedBreakdown).toEqual({ militants: 4, security: 1 });
  });
  it('leaves out a figure of the earlier event in the same sentence', () => {
    expect(parseCasualties('Operation', 'Troops killed nine militants on Thursday, hours after militants attacked a post, killing two soldiers.').killed).toBe(9);
  });
});
