import type { Logger } from './log.ts';

export type Closer = { name: string; close: () => Promise<unknown> };

/**
 * The one owner of graceful shutdown: on SIGTERM/SIGINT runs the closers in order (stop taking work
 * first, close connections last); a second signal or the timeout forces exit.
 */
export function handleShutdown(log: Logger, closers: Closer[], timeoutMs = 30_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const c of closers) {
      try {
        await c.close();
      } catch (error) {
        log.error({ err: (error as Error).message, closer: c.name }, 'error while closing');
      }
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
