import postgres from 'postgres';
import { createSql } from '../db.ts';
import { migrate } from '../migrate.ts';
import { dbUrl, TEMPLATE_DB, TEST_ADMIN_URL } from './test-env.ts';

/** Vitest global setup: (re)creates the migrated template database every test database is cloned from. */
export default async function setup(): Promise<void> {
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin`drop database if exists ${admin(TEMPLATE_DB)} with (force)`;
    await admin`create database ${admin(TEMPLATE_DB)}`;
  } finally {
    await admin.end({ timeout: 1 });
  }
  const sql = createSql(dbUrl(TEMPLATE_DB), { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
