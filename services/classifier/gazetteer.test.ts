import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseActors } from './actors.ts';
import { parseGazetteer } from './gazetteer.ts';
import { DATA_FILES } from './load-data.ts';

describe('gazetteer data', () => {
  const places = parseGazetteer(readFileSync(DATA_FILES.gazetteer, 'utf8'));
  const names = new Set(places.map((p) => p.name));

  it('names a known place as the counting unit of every town, crossing and district', () => {
    for (const p of places) if (p.district) expect(names.has(p.district), `${p.name} → ${p.district}`).toBe(true);
  });

  it('covers the border crossings, the former FATA districts and the Afghan border provinces', () => {
    for (const n of ['Torkham', 'Chaman', 'Angoor Adda', 'Ghulam Khan', 'Kharlachi', 'Badini', 'Bajaur', 'Mohmand', 'Khyber',
      'Kurram', 'Orakzai', 'North Waziristan', 'South Waziristan', 'Nangarhar', 'Kunar', 'Khost', 'Paktika', 'Paktia',
      'Nuristan', 'Kandahar', 'Zabul', 'Helmand', 'Nimroz', 'Spin Boldak', 'Gilgit', 'Diamer', 'Islamabad', 'Quetta']) {
      expect(names.has(n), n).toBe(true);
    }
  });

  it('keeps coordinates inside the region', () => {
    for (const p of places) {
      expect(p.lat, p.name).toBeGreaterThan(23);
      expect(p.lat, p.name).toBeLessThan(38.5);
      expect(p.lon, p.name).toBeGreaterThan(60);
      expect(p.lon, p.name).toBeLessThan(77.5);
    }
  });

  it('reports an invalid entry with its path', () => {
    const bad = 'places:\n  - { name: X, kind: town, province: P, country: Pakistan, lat: "north", lon: 70 }\n';
    expect(() => parseGazetteer(bad)).toThrow(/classifier: gazetteer\.yaml: places\[0\]\.lat: /);
  });

  it('rejects a duplicate place', () => {
    const dup = 'places:\n  - { name: X, kind: town, province: P, country: Pakistan, lat: 30, lon: 70 }\n  - { name: X, kind: town, province: P, country: Pakistan, lat: 30, lon: 70 }\n';
    expect(() => parseGazetteer(dup)).toThrow(/places\[1\]\.name: duplicate place "X"/);
  });
});

describe('actors data', () => {
  it('loads, with unique names', () => {
    const actors = parseActors(readFileSync(DATA_FILES.actors, 'utf8'));
    expect(actors.map((a) => a.name)).toEqual(expect.arrayContaining(['TTP', 'Afghan Taliban', 'ISKP', 'BLA', 'ISPR', 'UNAMA']));
  });
});
