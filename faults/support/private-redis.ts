// A private Redis for the fault suite, on a port of its own, without persistence: FLUSHALL and restarts
// here never touch the machine's shared Redis. The server runs detached and its pid is kept in a file
// in the suite's folder, so whichever process restarts it (a test file) or stops it (the global
// teardown) ends exactly that process.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { sleep, waitUntil } from './wait.ts';

export interface PrivateRedis {
  port: number;
  dir: string;
  url: string;
}

const pidFile = (dir: string) => path.join(dir, 'redis.pid');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

/** Starts `redis-server` on 127.0.0.1:port (no snapshots, no AOF, noeviction) and waits for PONG. */
export async function startPrivateRedis(dir: string, port: number): Promise<PrivateRedis> {
  const log = openSync(path.join(dir, 'redis.log'), 'a');
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  if (!child.pid) throw new Error('private-redis: redis-server did not start (is it installed?)');
  writeFileSync(pidFile(dir), String(child.pid));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil(`redis-server answers on port ${port}`, () => ping(url), 15_000);
  return { port, dir, url };
}

/** Kills the running redis-server (SIGKILL: a crash; nothing is persisted) and waits until it is gone. */
export async function killPrivateRedis(dir: string): Promise<void> {
  if (!existsSync(pidFile(dir))) return;
  const pid = Number(readFileSync(pidFile(dir), 'utf8'));
  if (pid > 0 && alive(pid)) {
    process.kill(pid, 'SIGKILL');
    await waitUntil(`redis-server ${pid} exited`, () => !alive(pid), 10_000);
  }
  rmSync(pidFile(dir), { force: true });
}

/** A crash and a restart on the same port: every key is lost, as with FLUSHALL, and every connection cut. */
export async function restartPrivateRedis(redis: PrivateRedis, downMs = 500): Promise<void> {
  await killPrivateRedis(redis.dir);
  await sleep(downMs);
  await startPrivateRedis(redis.dir, redis.port);
}
