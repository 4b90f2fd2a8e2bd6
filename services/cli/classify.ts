import readline from 'node:readline';
import { z } from 'zod';
import type { Classifier } from '../classifier/index.ts';

const line = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string().default(''),
  text: z.string(),
  url: z.string().optional(),
  published: z.string().optional(),
});

/** One output line for one input line (the `frontier classify` contract in DESIGN.md). */
export function classifyLine(classifier: Classifier, raw: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { error: `classify: not JSON: ${(error as Error).message}` };
  }
  const id = (json as { id?: unknown } | null)?.id;
  const parsed = line.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
    return { ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}), error: `classify: ${detail}` };
  }
  const input = parsed.data;
  const r = classifier.classify({ ...input, id: input.id === undefined ? undefined : String(input.id) });
  return {
    id: input.id,
    relevant: r.relevant,
    relevance: r.relevance,
    categories: r.categories.filter((c) => c.applies).map((c) => ({ name: c.name, score: c.score, evidence: c.evidence })),
    casualties: r.casualties,
    locations: r.locations,
    actors: r.actors,
    claims: r.claims,
  };
}

/** Reads JSON lines on `input`, writes one JSON line per input line, in order (a blank line gets an error line). */
export async function classifyStream(classifier: Classifier, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    const result = raw.trim() ? classifyLine(classifier, raw) : { error: 'classify: empty line' };
    const ok = output.write(`${JSON.stringify(result)}\n`);
    if (!ok) await new Promise((r) => output.once('drain', r));
    n++;
  }
  return n;
}
