import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

// Error messages for the classifier's data files (profile, gazetteer, actors), naming the file and the
// exact entry: "classifier: profile default.yaml: categories.attack.terms[3]: weight must be a number".

/** One problem found in a data file. */
export interface DataIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** "categories.attack.terms[3]" from ['categories', 'attack', 'terms', 3]. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(top level)';
}

/** The error thrown when a data file is invalid; lists every issue, one per line. */
export class DataFileError extends Error {
  constructor(
    readonly label: string,
    readonly issues: DataIssue[],
  ) {
    super(issues.map((i) => `classifier: ${label}: ${formatPath(i.path)}: ${i.message}`).join('\n'));
    this.name = 'DataFileError';
  }
}

/** Converts zod issues (path + message) to DataIssues. */
export function fromZodIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): DataIssue[] {
  return issues.map((i) => ({ path: i.path, message: i.message }));
}

/** Parses YAML text and validates it with `schema`; any problem is a DataFileError naming the entry. */
export function parseDataFile<T extends z.ZodType>(yamlText: string, schema: T, label: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new DataFileError(label, [{ path: [], message: `not valid YAML: ${(error as Error).message}` }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new DataFileError(label, fromZodIssues(result.error.issues));
  return result.data;
}
