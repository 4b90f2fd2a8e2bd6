// Vitest global setup of the fault suite: a private PostgreSQL cluster and a private Redis, on free
// ports in a temporary folder, handed to the test files with `provide` and removed at the end. The
// machine's shared servers are never flushed or restarted.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.ts';
import { startPrivatePostgres, stopPrivatePostgres } from './private-postgres.ts';
import { killPrivateRedis, startPrivateRedis } from './private-redis.ts';

export interface PrivateServices {
  postgresPort: number;
  postgresDir: string;
  redisPort: number;
  redisDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    privateServices: PrivateServices;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(path.join(tmpdir(), 'frontier-faults-'));
  chmodSync(root, 0o755); // the postgres user (when we are root) must reach its folder inside
  const postgresDir = path.join(root, 'pg');
  const redisDir = root;
  const teardown = async () => {
    await killPrivateRedis(redisDir).catch((e: Error) => console.error(e.message));
    await stopPrivatePostgres(postgresDir).catch((e: Error) => console.error(e.message));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const pg = await startPrivatePostgres(postgresDir, await freePort());
    const redis = await startPrivateRedis(redisDir, await freePort());
    project.provide('privateServices', { postgresPort: pg.port, postgresDir, redisPort: redis.port, redisDir });
    console.log(`faults: private PostgreSQL on :${pg.port} and Redis on :${redis.port} in ${root} (${Date.now() - started} ms)`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
