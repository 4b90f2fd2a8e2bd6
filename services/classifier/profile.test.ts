import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClassifier } from './index.ts';
import { DATA_FILES, resolveProfilePath } from './load-data.ts';
import { parseProfile } from './parse-profile.ts';

const MINIMAL = `
groups:
  pakistan: { terms: [Pakistan] }
relevance:
  threshold: 1
  features:
    - { name: pakistan named, any: [pakistan], weight: 1 }
categories:
  floods:
    threshold: 2
    terms:
      - flood*: 2
      - { phrase: rain, weight: 1, near: [pakistan] }
`;

function tempProfile(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'classifier-profile-'));
  const file = path.join(dir, 'custom.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('parseProfile', () => {
  it('accepts the three term forms', () => {
    const p = parseProfile(MINIMAL, 'profile t.yaml');
    expect(p.categories[0]!.terms).toEqual([
      { phrase: 'flood*', weight: 2 },
      expect.objectContaining({ phrase: 'rain', weight: 1, near: ['pakistan'] }),
    ]);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a weight that is not a number', MINIMAL.replace('flood*: 2', 'flood*: heavy'),
      /classifier: profile t\.yaml: categories\.floods\.terms\[0\]: "flood\*": the weight must be a number/],
    ['regular-expression syntax', MINIMAL.replace('flood*: 2', '"flood(s|ing)": 2'),
      /categories\.floods\.terms\[0\]: .*regular-expression syntax is not supported/],
    ['a star inside a phrase', MINIMAL.replace('flood*: 2', 'fl*ood: 2'), /categories\.floods\.terms\[0\]: .*only allowed at the end/],
    ['an unknown group', MINIMAL.replace('near: [pakistan]', 'near: [india]'), /categories\.floods\.terms\[1\]\.near\[0\]: unknown group "india"/],
    ['an unknown key', MINIMAL.replace('threshold: 2', 'threshold: 2\n    treshold: 3'), /categories\.floods: Unrecognized key: "treshold"/],
    ['a missing threshold', MINIMAL.replace('    threshold: 2\n', ''), /categories\.floods\.threshold: Invalid input/],
    ['invalid YAML', 'categories: [', /classifier: profile t\.yaml: \(top level\): not valid YAML/],
  ];
  it.each(broken)('reports %s with its path', (_name, yaml, message) => {
    expect(() => parseProfile(yaml, 'profile t.yaml')).toThrow(message);
  });

  it('validates the bundled default profile', () => {
    const p = parseProfile(readFileSync(DATA_FILES.profile, 'utf8'), 'profile default.yaml');
    expect(p.categories.map((c) => c.name)).toEqual(['attack', 'border_clash', 'military_operation', 'diplomatic_statement', 'talks_ceasefire', 'refugees']);
  });
});

describe('createClassifier with a profile', () => {
  const saved = process.env.CLASSIFIER_PROFILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.CLASSIFIER_PROFILE;
    else process.env.CLASSIFIER_PROFILE = saved;
  });

  it('lets a user add a category by editing YAML only', () => {
    const yaml = readFileSync(DATA_FILES.profile, 'utf8') + `
  polio_attack:
    description: attacks on polio vaccination teams
    threshold: 3
    terms:
      - { phrase: polio, weight: 2, near: [violence] }
      - polio team: 2
`;
    const classifier = createClassifier({ profilePath: tempProfile(yaml) });
    expect(classifier.categoryNames).toContain('polio_attack');
    const r = classifier.classify({
      title: 'Two policemen guarding polio team shot dead in Bannu',
      text: 'Militants shot dead two policemen escorting a polio team in Bannu on Monday, police said. The TTP claimed the attack.',
    });
    const cat = r.categories.find((c) => c.name === 'polio_attack')!;
    expect(cat.applies).toBe(true);
    expect(cat.evidence[0]).toMatchObject({ term: 'polio team', where: 'title' });
  });

  it('reads CLASSIFIER_PROFILE, and the version follows the profile', () => {
    const file = tempProfile(MINIMAL);
    process.env.CLASSIFIER_PROFILE = file;
    expect(resolveProfilePath(undefined)).toBe(file);
    const custom = createClassifier();
    expect(custom.categoryNames).toEqual(['floods']);
    expect(custom.version).not.toBe(createClassifier({ profilePath: DATA_FILES.profile }).version);
    expect(createClassifier().version).toBe(custom.version);
    writeFileSync(file, MINIMAL.replace('threshold: 2', 'threshold: 2.5'));
    expect(createClassifier().version).not.toBe(custom.version);
  });

  it('fails clearly on a missing profile file', () => {
    expect(() => createClassifier({ profilePath: '/nonexistent/profile.yaml' })).toThrow(/classifier: cannot read profile \/nonexistent\/profile\.yaml: ENOENT/);
  });
});
