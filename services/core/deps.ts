import type { Classifier } from '../classifier/index.ts';
import type { Config } from './config.ts';
import type { Sql } from './db.ts';
import type { HttpClient } from './http.ts';
import type { Logger } from './log.ts';
import type { Queues } from './queues.ts';

/** What stage processors need; built once in the entry point and passed down (no singletons). */
export interface Deps {
  config: Config;
  sql: Sql;
  queues: Queues;
  http: HttpClient;
  log: Logger;
  classifier: Classifier;
  now?: () => Date;
}
