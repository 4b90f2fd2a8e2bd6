import type { z } from 'zod';
import { HttpError } from './errors.ts';

/** Parses request input with a schema; a failure is a 400 naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new HttpError(400, `invalid request: ${detail}`);
  }
  return r.data;
}
