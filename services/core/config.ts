import { z } from 'zod';

/** Durations like "10m", "30s", "2h", "1d" or plain seconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) throw new Error(`config: cannot read duration "${value}" (use e.g. 30s, 10m, 2h, 1d)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[unit]!;
  return Math.round(n * factor);
}

const csv = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));

const schema = z.object({
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/frontier'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().default('frontier'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  FETCH_ALLOW_HOSTS: csv,
  FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  FETCH_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  FETCH_USER_AGENT: z.string().default('FrontierWatch/0.1 (+https://github.com/frontier-watch; news monitor)'),
  FEED_DEFAULT_INTERVAL: z.string().default('10m').transform(parseDuration),
  SCHEDULER_TICK: z.string().default('15s').transform(parseDuration),
  STAGE_TIMEOUT: z.string().default('10m').transform(parseDuration),
  // how often the scheduler looks for work stuck past STAGE_TIMEOUT (lost with Redis, failed for good)
  SWEEP_INTERVAL: z.string().default('1m').transform((v) => Math.max(1, parseDuration(v))),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  // how long a worker's hold on a job lasts without renewal: a killed worker's jobs go back after this
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  SEED_DEFAULT_FEEDS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  READ_ACCESS: z.enum(['open', 'protected']).default('open'),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('Frontier Watch <alerts@localhost>'),
  // the dashboard's address as users reach it: links in alert messages and Atom feeds
  PUBLIC_URL: z.string().url().optional(),
  ALERT_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(6),
  // first retry of a failed delivery; each next one waits twice as long (±50% jitter)
  ALERT_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(5_000),
  ALERT_TICK: z.string().default('1m').transform(parseDuration),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

/** Reads and validates the configuration from the environment (documented in README and .env.example). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // an empty variable means unset (docker compose passes `${ADMIN_TOKEN:-}` as "")
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(given);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`config: invalid environment\n${lines.join('\n')}`);
  }
  return result.data;
}
