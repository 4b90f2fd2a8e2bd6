import type { Server } from 'node:http';
import { createApp } from '../dashboard/server/app.ts';
import { loadConfig } from './core/config.ts';
import { createLogger } from './core/log.ts';
import { QUEUE, type QueueName } from './core/queues.ts';
import { handleShutdown, type Closer } from './core/shutdown.ts';
import { registerSchedules, watchSchedules } from './poller/scheduler.ts';
import { createRuntime, seedDefaultFeeds, type Runtime } from './runtime.ts';
import { startWorkers } from './workers.ts';

export const ROLES = ['scheduler', 'worker', 'dashboard'] as const;
export type Role = (typeof ROLES)[number];

/** `--role=all` (default) or a comma list of scheduler, worker, dashboard. */
export function parseRoles(argv: string[]): Role[] {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? process.env.ROLE ?? 'all';
  if (arg === 'all') return [...ROLES];
  const roles = arg.split(',').map((r) => r.trim());
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) throw new Error(`main: unknown role ${bad.join(', ')} (use all, ${ROLES.join(', ')})`);
  return roles as Role[];
}

/**
 * Starts the named roles in this process and returns the closers in shutdown order: stop taking work
 * (schedules, workers, HTTP) first, then close queues and connections.
 */
export async function startRoles(runtime: Runtime, roles: Role[]): Promise<{ closers: Closer[]; server?: Server }> {
  const { deps } = runtime;
  const closers: Closer[] = [];
  let server: Server | undefined;
  if (roles.includes('scheduler')) {
    await seedDefaultFeeds(deps.sql, deps.config, deps.log);
    await registerSchedules(deps);
    const stopWatching = watchSchedules(deps);
    closers.push({ name: 'schedule watch', close: async () => stopWatching() });
  }
  const queues: QueueName[] = [
    ...(roles.includes('scheduler') ? [QUEUE.schedule] : []),
    ...(roles.includes('worker') ? [QUEUE.pollFeed, QUEUE.extractArticle, QUEUE.classifyArticle, QUEUE.assignStory, QUEUE.matchAlerts, QUEUE.deliverAlert] : []),
  ];
  if (queues.length) {
    const workers = startWorkers(deps, runtime.workerRedis(), queues);
    closers.push({ name: 'workers', close: () => Promise.all(workers.map((w) => w.close())) });
  }
  if (roles.includes('dashboard')) {
    const app = createApp({
      sql: deps.sql,
      redis: runtime.workerRedis(),
      log: deps.log,
      adminToken: deps.config.ADMIN_TOKEN,
      protectReads: deps.config.READ_ACCESS === 'protected',
      queues: deps.queues,
      feedIntervalS: deps.config.FEED_DEFAULT_INTERVAL,
      publicUrl: deps.config.PUBLIC_URL,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(deps.config.PORT, deps.config.HOST, () => resolve(s));
    });
    const addr = server.address();
    deps.log.info({ url: `http://${deps.config.HOST}:${typeof addr === 'object' && addr ? addr.port : deps.config.PORT}` }, 'dashboard listening');
    const s = server;
    closers.unshift({ name: 'http', close: () => new Promise((r) => s.close(() => r(undefined))) });
  }
  closers.push({ name: 'runtime', close: () => runtime.close() });
  return { closers, server };
}

/** `npm start`: runs the roles named on the command line until SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const roles = parseRoles(argv);
  const runtime = await createRuntime(config, log);
  const { closers } = await startRoles(runtime, roles);
  handleShutdown(log, closers);
  log.info({ roles }, 'frontier watch started');
}
