// A private PostgreSQL cluster for the fault suite: made with initdb in a temporary folder, on a port of
// its own, so that restarting it never touches the machine's shared server. PostgreSQL refuses to run
// as root: then every command runs as the `postgres` user, in a folder owned by it.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface PrivatePostgres {
  port: number;
  /** the cluster's folder: data/, the socket and the log */
  dir: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: (database: string) => string;
}

/** The folder of initdb and pg_ctl: the newest /usr/lib/postgresql/<version>/bin, else the PATH. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : '';
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Runs a PostgreSQL tool, as the `postgres` user when we are root. Asynchronously: the test process
 * serves the fixture site and the webhook receiver meanwhile.
 */
async function run(tool: string, args: string[], timeoutMs = 60_000): Promise<void> {
  const bin = binDir() ? path.join(binDir(), tool) : tool;
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    await promisify(execFile)(cmd, argv, { timeout: timeoutMs });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`private-postgres: ${tool} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

/**
 * initdb into `dir` (trust authentication, superuser `postgres`) and starts the server on 127.0.0.1:port
 * with durability off (fsync, synchronous_commit, full_page_writes): the suite wants speed, not crash
 * safety of its throw-away data.
 */
export async function startPrivatePostgres(dir: string, port: number): Promise<PrivatePostgres> {
  mkdirSync(dir, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = uidOf('postgres');
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=128MB',
  ].join(' ');
  await run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options]);
  return { port, dir, url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}` };
}

/** `pg_ctl restart -m fast`: every connection is cut, the server is back when this returns. */
export async function restartPrivatePostgres(dir: string): Promise<void> {
  await run('pg_ctl', ['restart', '-w', '-t', '60', '-m', 'fast', '-D', path.join(dir, 'data'), '-l', path.join(dir, 'postgres.log')]);
}

/** Stops the server at once (its data is thrown away next). */
export async function stopPrivatePostgres(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'data', 'postmaster.pid'))) await run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', path.join(dir, 'data')]);
}
