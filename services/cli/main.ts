import { parseArgs } from 'node:util';
import { createClassifier } from '../classifier/index.ts';
import { loadConfig } from '../core/config.ts';
import { createSql, ensureDatabase } from '../core/db.ts';
import { obliterateQueues } from '../core/queues.ts';
import { createLogger } from '../core/log.ts';
import { migrate } from '../core/migrate.ts';
import { createRuntime, openDatabase } from '../runtime.ts';
import { classifyStream } from './classify.ts';
import { alertsCommand, ALERTS_HELP } from './alerts.ts';
import { feedsCommand, UsageError } from './feeds.ts';
import { pollOnce } from './poll-once.ts';
import { reclassifyAll } from './reclassify.ts';

const HELP = `frontier — Frontier Watch command line

  frontier migrate                      apply database migrations
  frontier feeds add URL [--name N] [--interval 10m]
  frontier feeds list [--json]          status, last poll, items, errors
  frontier feeds remove|enable|disable ID|URL
  frontier feeds import FILE.opml       add the feeds of an OPML file
  frontier feeds export                 print every feed as OPML
  frontier poll --once                  poll every enabled feed, drain every stage, print a summary
  frontier classify                     JSON lines in (stdin), classifier results out (stdout)
  frontier reclassify [--from ID]       re-run the classifier over stored articles
${ALERTS_HELP}

Configuration comes from the environment (DATABASE_URL, REDIS_URL, …): see README.md.`;

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** Entry point of `npx frontier`. */
export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      interval: { type: 'string' },
      once: { type: 'boolean' },
      json: { type: 'boolean' },
      from: { type: 'string' },
      query: { type: 'string' },
      webhook: { type: 'string' },
      slack: { type: 'boolean' },
      email: { type: 'string', multiple: true },
      scope: { type: 'string' },
      mode: { type: 'string' },
      at: { type: 'string' },
      tz: { type: 'string' },
      'update-outlets': { type: 'string' },
      surge: { type: 'boolean' },
      window: { type: 'string' },
      factor: { type: 'string' },
      'baseline-days': { type: 'string' },
      min: { type: 'string' },
      for: { type: 'string' },
      failed: { type: 'boolean' },
      alert: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) return out(HELP);
  if (command === 'classify') {
    await classifyStream(createClassifier(), process.stdin, process.stdout);
    return;
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    switch (command) {
      case 'migrate': {
        await ensureDatabase(config.DATABASE_URL);
        const sql = createSql(config.DATABASE_URL, { max: 1 });
        const applied = await migrate(sql);
        await sql.end({ timeout: 5 });
        return out(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
      }
      case 'feeds': {
        const sql = await openDatabase(config, log);
        try {
          await feedsCommand(sql, config, rest, values, out);
        } finally {
          await sql.end({ timeout: 5 });
        }
        return;
      }
      case 'alerts': {
        let runtime: Awaited<ReturnType<typeof createRuntime>> | undefined;
        try {
          await alertsCommand(async () => (runtime ??= await createRuntime(config, log)), rest, values, out);
        } finally {
          await runtime?.close();
        }
        return;
      }
      case 'poll': {
        if (!values.once) throw new UsageError('poll: only `frontier poll --once` is supported; `npm start` polls on schedule');
        // a queue prefix of its own, so running workers elsewhere do not take these jobs
        const runtime = await createRuntime({ ...config, QUEUE_PREFIX: `${config.QUEUE_PREFIX}-once-${process.pid}` }, log);
        try {
          const s = await pollOnce(runtime);
          out(`polled ${s.feedsPolled} feeds: ${s.feedsOk} ok, ${s.feedsNotModified} not modified, ${s.feedsFailed.length} failed`);
          out(`items seen ${s.itemsSeen}, new articles ${s.newArticles} (extracted ${s.extracted}, feed text only ${s.fallback}), classified ${s.classified}, grouped ${s.grouped}, relevant ${s.relevant}`);
          for (const f of s.feedsFailed) out(`  failed feed ${f.id} ${f.url}: ${f.error}`);
          out(`done in ${s.seconds.toFixed(1)}s`);
        } finally {
          try {
            await obliterateQueues(runtime.deps.queues); // the private prefix of this run
          } finally {
            await runtime.close();
          }
        }
        return;
      }
      case 'reclassify': {
        const sql = await openDatabase(config, log);
        const classifier = createClassifier();
        try {
          const tty = process.stderr.isTTY;
          const r = await reclassifyAll(sql, classifier, {
            fromId: values.from ? Number(values.from) : undefined,
            progress: (done, total, eta, lastId) => {
              const pct = total ? Math.min(100, (100 * done) / total) : 100;
              const bar = '#'.repeat(Math.round(pct / 4)).padEnd(25, '.');
              const line = `[${bar}] ${done}/${total} ${pct.toFixed(0)}% eta ${eta == null ? '?' : `${Math.ceil(eta)}s`} (last id ${lastId})`;
              process.stderr.write(tty ? `\r${line}` : `${line}\n`);
            },
          });
          if (tty) process.stderr.write('\n');
          out(`reclassified ${r.articles} articles with classifier ${classifier.version}`);
          const cats = new Set([...Object.keys(r.added), ...Object.keys(r.removed)]);
          if (cats.size === 0) out('no label changed');
          for (const c of [...cats].sort()) out(`  ${c}: +${r.added[c] ?? 0} −${r.removed[c] ?? 0}`);
        } finally {
          await sql.end({ timeout: 5 });
        }
        return;
      }
      default:
        throw new UsageError(`frontier: unknown command ${command}\n\n${HELP}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
