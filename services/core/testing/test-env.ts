import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { loadConfig, type Config } from '../config.ts';
import { createSql, type Sql } from '../db.ts';

export const TEST_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'frontier_test_template';

function dbUrl(name: string): string {
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestEnv {
  config: Config;
  sql: Sql;
  /** Drops the database (after closing `sql`). */
  cleanup: () => Promise<void>;
}

/**
 * A fresh database cloned from the migrated template (made by the global setup) and a queue prefix of
 * its own, so test files can run in any order and in parallel.
 */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const name = `frontier_test_${randomBytes(5).toString('hex')}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)} template ${admin(TEMPLATE_DB)}`;
  } finally {
    await admin.end({ timeout: 1 });
  }
  const config = loadConfig({
    DATABASE_URL: dbUrl(name),
    QUEUE_PREFIX: `test-${name}`,
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    SEED_DEFAULT_FEEDS: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const sql = createSql(config.DATABASE_URL, { max: 4 });
  return {
    config,
    sql,
    cleanup: async () => {
      await sql.end({ timeout: 1 });
      const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a`drop database if exists ${a(name)} with (force)`;
      await a.end({ timeout: 1 });
    },
  };
}

export { dbUrl };
