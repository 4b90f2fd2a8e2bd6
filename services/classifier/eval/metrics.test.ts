import { describe, expect, it } from 'vitest';
import type { Classification } from '../types.ts';
import type { EvalItem } from './corpus.ts';
import { evaluate } from './metrics.ts';

function item(id: string, categories: string[], killed: number | null, place: string | null): EvalItem {
  return { id, split: 'dev', title: id, text: '', expected: { relevant: true, categories, killed, injured: null, place } };
}

function prediction(categories: string[], killed: number | null, place?: { name: string; district?: string }): Classification {
  return {
    relevant: true,
    relevance: 0.9,
    categories: ['attack', 'refugees'].map((name) => ({ name, score: categories.includes(name) ? 0.8 : 0.1, applies: categories.includes(name), evidence: [] })),
    casualties: { killed, injured: null },
    locations: place ? [{ name: place.name, district: place.district, province: null, country: 'Pakistan', lat: 0, lon: 0, kind: 'town' }] : [],
    actors: [],
    claims: [],
  };
}

describe('evaluate', () => {
  it('computes per-category and macro F1, casualty and place rates', () => {
    const items = [item('a', ['attack'], 3, 'North Waziristan'), item('b', ['refugees'], null, null), item('c', [], 2, 'Kurram')];
    const preds = [
      prediction(['attack'], 3, { name: 'Mir Ali', district: 'North Waziristan' }),
      prediction(['refugees', 'attack'], null),
      prediction([], 1, { name: 'Kurram' }),
    ];
    const r = evaluate('dev', ['attack', 'refugees'], items, preds, [], []);
    expect(r.categories.attack).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(r.categories.refugees!.f1).toBe(1);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 1) / 2);
    expect(r.casualties).toMatchObject({ exact: 1, total: 2 });
    expect(r.place).toMatchObject({ correct: 2, total: 2 });
    expect(r.worst.map((e) => e.id)).toEqual(['b', 'c']);
  });
});
