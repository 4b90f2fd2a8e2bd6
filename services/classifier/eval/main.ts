// `npm run eval [-- --split dev|heldout|all] [--only classifier|stories] [--json FILE]`: runs the
// classifier over the labelled corpus and the seeds, then the story grouping over the labelled story set
// (on a scratch Postgres database), and prints the metrics. Exits non-zero only when something crashes,
// never because a target is missed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config.ts';
import { evaluateGrouping, formatGroupingReport, loadStoryItems } from '../../stories/eval/run.ts';
import { createClassifier } from '../index.ts';
import { loadCorpus, loadSeeds, type Split } from './corpus.ts';
import { evaluate } from './metrics.ts';
import { formatReport } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Only = 'classifier' | 'stories' | undefined;

function parseArgs(argv: string[]): { split: Split | 'all'; json?: string; only: Only } {
  let split: Split | 'all' = 'heldout';
  let json: string | undefined;
  let only: Only;
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
    } else if (a === '--only' || a.startsWith('--only=')) {
      const v = value('--only');
      if (v !== 'classifier' && v !== 'stories') throw new Error(`eval: --only must be classifier or stories (got ${v})`);
      only = v;
    } else if (a === '--json' || a.startsWith('--json=')) json = value('--json');
    else throw new Error(`eval: unknown option ${a} (use --split dev|heldout|all, --only classifier|stories, --json FILE)`);
  }
  return { split, json, only };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const classifier = createClassifier();
  const out: Record<string, unknown> = { version: classifier.version };
  if (args.only !== 'stories') out.classifier = evalClassifier(args.split, classifier);
  if (args.only !== 'classifier') {
    const adminUrl = new URL(loadConfig(process.env).DATABASE_URL);
    adminUrl.pathname = '/postgres';
    const report = await evaluateGrouping({
      adminUrl: adminUrl.toString(),
      classifier,
      items: loadStoryItems(path.join(ROOT, 'fixtures', 'stories')),
      distractors: loadCorpus(path.join(ROOT, 'fixtures', 'articles'), 'all').map((i) => ({
        id: i.id, domain: i.domain ?? 'example.com', published: i.published ?? null, title: i.title, text: i.text,
      })),
      split: args.split,
    });
    console.log(`\n${formatGroupingReport(report)}`);
    out.stories = { ...report, errors: report.errors.slice(0, 50) };
  }
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${args.json}`);
  }
}

function evalClassifier(split: Split | 'all', classifier: ReturnType<typeof createClassifier>) {
  const items = loadCorpus(path.join(ROOT, 'fixtures', 'articles'), split);
  const seeds = loadSeeds(path.join(ROOT, 'fixtures', 'seeds'));
  const predictions = items.map((i) => classifier.classify({ id: i.id, title: i.title, text: i.text, published: i.published }));
  const seedPredictions = seeds.map((s) => classifier.classify({ id: s.id, title: s.title, text: s.text, published: s.published }));
  const report = evaluate(split, classifier.categoryNames, items, predictions, seeds, seedPredictions);
  console.log(formatReport(report));
  console.log(`\nclassifier version ${classifier.version}`);
  return report;
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
