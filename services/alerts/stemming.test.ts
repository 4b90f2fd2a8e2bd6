import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { phraseTokens } from '../classifier/tokenize.ts';
import { TEST_ADMIN_URL } from '../core/testing/test-env.ts';
import { demoArticles } from '../demo/store-fixtures.ts';
import { AlertIndex, documentWords } from './alert-index.ts';
import { stemWord } from './stemming.ts';

const sql = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
afterAll(() => sql.end());

const doc = (title: string, text: string) => ({ words: documentWords(title, text), categories: [], source: 'dawn.com', places: [], actors: [], lang: 'en', killed: null, injured: null });

describe('alert stemming', () => {
  it("gives PostgreSQL's english stems for every word of the fixture coverage", async () => {
    const words = [...new Set(demoArticles().flatMap((a) => phraseTokens(`${a.title} ${a.text}`)))];
    expect(words.length).toBeGreaterThan(5000);
    const rows = await sql<{ w: string; l: string[] | null }[]>`select w, ts_lexize('english_stem', w) as l from unnest(${words}::text[]) w`;
    const differ = rows.filter((r) => r.l && r.l.length > 0 && r.l[0] !== stemWord(r.w)).map((r) => `${r.w}: ${r.l![0]} vs ${stemWord(r.w)}`);
    expect(differ).toEqual([]);
  });

  it('matches word forms, phrases and prefixes as the dashboard search does', () => {
    const index = new AlertIndex([
      { id: 1, query: 'attack' },
      { id: 2, query: '"suicide bombers"' },
      { id: 3, query: 'killing* -cricket' },
      { id: 4, query: 'category:attack' },
    ]);
    expect(index.match(doc('Militants attacked a checkpost', 'A suicide bomber struck; two killings followed.')).map((a) => a.id)).toEqual([1, 2, 3]);
    expect(index.match(doc('Cricket killings', 'nothing else')).map((a) => a.id)).toEqual([]);
    expect(index.match(doc('Attacks on police', 'Suicide bombing')).map((a) => a.id)).toEqual([1]);
  });
});
