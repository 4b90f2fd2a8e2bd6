import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export interface FixtureArticle {
  id: string;
  split?: 'dev' | 'heldout';
  outlet: string;
  domain: string;
  style: string;
  /** ISO date, or null when the source gives none. */
  published: string | null;
  title: string;
  text: string;
  expected: {
    relevant: boolean;
    categories: string[];
    never?: string[];
    killed?: number | null;
    injured?: number | null;
    place?: string | null;
  };
}

/** The labelled corpus (fixtures/articles/*.jsonl), in file then line order. */
export function loadCorpus(dir = path.join(FIXTURES_DIR, 'articles')): FixtureArticle[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  return files.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        try {
          return JSON.parse(l) as FixtureArticle;
        } catch (error) {
          throw new Error(`fixtures: ${file}:${i + 1}: ${(error as Error).message}`);
        }
      }),
  );
}

interface SeedMeta {
  file: string;
  title: string;
  published: string | null;
  titleInText: boolean;
  expected: { relevant: boolean; categories: string[]; never: string[] };
}

/** The five seed documents as fixture articles, with their metadata and expected labels. */
export function loadSeeds(dir = path.join(FIXTURES_DIR, 'seeds')): FixtureArticle[] {
  const meta = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as SeedMeta[];
  return meta.map((m) => {
    let text = readFileSync(path.join(dir, m.file), 'utf8').replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '').trim();
    if (m.titleInText) text = text.slice(text.indexOf('\n') + 1).trim();
    return {
      id: `seed-${m.file.slice(0, 3)}`,
      outlet: 'Seed documents',
      domain: 'seeds.frontier.test',
      style: 'analysis',
      published: m.published ? new Date(`${m.published}T06:00:00Z`).toISOString() : null,
      title: m.title,
      text: text.replace(/\n(?!\n)/g, '\n\n'),
      expected: { relevant: m.expected.relevant, categories: m.expected.categories, never: m.expected.never },
    };
  });
}
