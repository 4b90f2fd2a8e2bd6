import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; fixed keys: feedId, articleId, jobId, queue. */
export function createLogger(level: string, name = 'frontier'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
