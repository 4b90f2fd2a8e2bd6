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
