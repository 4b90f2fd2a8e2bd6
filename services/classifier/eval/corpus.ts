// Loads the labelled evaluation material: the article corpus (fixtures/articles/*.jsonl, format in its
// README) and the five seed documents with their floor labels (fixtures/seeds/metadata.json).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const expectedSchema = z.object({
  relevant: z.boolean(),
  categories: z.array(z.string()),
  killed: z.number().int().nullable(),
  injured: z.number().int().nullable(),
  place: z.string().nullable().optional(),
});
const itemSchema = z.object({
  id: z.string(),
  split: z.enum(['dev', 'heldout']),
  domain: z.string().optional(),
  published: z.string().optional(),
  title: z.string(),
  text: z.string(),
  expected: expectedSchema,
});
const seedSchema = z.array(z.object({
  file: z.string(),
  title: z.string(),
  published: z.string().nullable(),
  expected: z.object({ relevant: z.boolean(), categories: z.array(z.string()), never: z.array(z.string()) }),
}));

export type Split = 'dev' | 'heldout';
export type EvalItem = z.infer<typeof itemSchema>;

export interface SeedItem {
  id: string;
  title: string;
  text: string;
  published?: string;
  expected: { relevant: boolean; categories: string[]; never: string[] };
}

/** Reads every corpus line of the requested split(s); a malformed line is an error naming file and line. */
export function loadCorpus(dir: string, split: Split | 'all'): EvalItem[] {
  const items: EvalItem[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  for (const file of files) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new Error(`eval: ${file}:${i + 1}: not JSON: ${(error as Error).message}`);
      }
      const parsed = itemSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`eval: ${file}:${i + 1}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      if (split === 'all' || parsed.data.split === split) items.push(parsed.data);
    });
  }
  return items;
}

/** Reads the seed documents and their expected labels. */
export function loadSeeds(dir: string): SeedItem[] {
  const meta = seedSchema.parse(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')));
  return meta.map((m) => ({
    id: m.file.replace(/\.txt$/, ''),
    title: m.title,
    text: readFileSync(path.join(dir, m.file), 'utf8'),
    published: m.published ?? undefined,
    expected: m.expected,
  }));
}
