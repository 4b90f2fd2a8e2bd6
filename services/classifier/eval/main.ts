// `npm run eval [-- --split dev|heldout|all] [--json FILE]`: runs the classifier over the labelled
// corpus and the seeds and prints the metrics. Exits non-zero only when something crashes, never
// because a target is missed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClassifier } from '../index.ts';
import { loadCorpus, loadSeeds, type Split } from './corpus.ts';
import { evaluate } from './metrics.ts';
import { formatReport } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function parseArgs(argv: string[]): { split: Split | 'all'; json?: string } {
  let split: Split | 'all' = 'heldout';
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`eval: ${name} needs a value`);
      return v;
    };
    if (a === '--split' || a.startsWith('--split=')) {
      const v = value('--split');
      if (v !== 'dev' && v !== 'heldout' && v !== 'all') throw new Error(`eval: --split must be dev, heldout or all (got ${v})`);
      split = v;
    } else if (a === '--json' || a.startsWith('--json=')) json = value('--json');
    else throw new Error(`eval: unknown option ${a} (use --split dev|heldout|all, --json FILE)`);
  }
  return { split, json };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const classifier = createClassifier();
  const items = loadCorpus(path.join(ROOT, 'fixtures', 'articles'), args.split);
  const seeds = loadSeeds(path.join(ROOT, 'fixtures', 'seeds'));
  const predictions = items.map((i) => classifier.classify({ id: i.id, title: i.title, text: i.text, published: i.published }));
  const seedPredictions = seeds.map((s) => classifier.classify({ id: s.id, title: s.title, text: s.text, published: s.published }));
  const report = evaluate(args.split, classifier.categoryNames, items, predictions, seeds, seedPredictions);
  console.log(formatReport(report));
  console.log(`\nclassifier version ${classifier.version}`);
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ version: classifier.version, ...report }, null, 2)}\n`);
    console.log(`wrote ${args.json}`);
  }
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
