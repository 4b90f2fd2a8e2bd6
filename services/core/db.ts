import postgres from 'postgres';

export type Sql = postgres.Sql<{}>;

/** A connection or an open transaction (TransactionSql extends Sql): store functions accept either. */
export type Db = Sql;

/** Opens the one `sql` instance of a process. */
export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // 32 MB per sort or bitmap: full-text searches over a month of coverage keep exact bitmaps
    // (with the 4 MB default they go lossy and recheck every row of a block: 3× slower)
    connection: { application_name: 'frontier-watch', work_mem: process.env.PG_WORK_MEM ?? '32MB' },
    transform: { undefined: null },
  });
}

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`db: DATABASE_URL has no database name: ${url}`);
  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await probe`select 1`;
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: invalid_catalog_name
  } finally {
    await probe.end({ timeout: 1 });
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql`create database ${sql(name)}`;
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Runs `fn` in one transaction. postgres.js types a transaction apart from the pool although it
 * answers the same tagged-template calls, so it is handed over as a `Db` here, in one place.
 */
export async function inTransaction<T>(sql: Sql, fn: (tx: Db) => Promise<T>): Promise<T> {
  return (await sql.begin((tx) => fn(tx as unknown as Db))) as T;
}
