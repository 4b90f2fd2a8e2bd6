// One fault scenario's world: a fresh database on the private cluster, a fresh queue prefix on the
// private Redis, the fixture news site (optionally behind a misbehaving proxy), a webhook receiver,
// two alerts, the feeds, and the real pipeline processes. `waitQuiet` waits until the ingest is done
// and every queue is empty; `checks.ts` then checks the invariants.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { inject } from 'vitest';
import { newAlertSchema } from '../../services/alerts/alert-input.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../services/alerts/testing/receivers.ts';
import { loadConfig, type Config } from '../../services/core/config.ts';
import type { Sql } from '../../services/core/db.ts';
import { createLogger } from '../../services/core/log.ts';
import { closeQueues, createQueues, QUEUE, type Queues } from '../../services/core/queues.ts';
import { createAlert, type Alert } from '../../services/core/store/alerts.ts';
import { insertFeeds } from '../../services/core/store/feeds.ts';
import { startFixtureSite, type FixtureSite } from '../../services/demo/fixture-site.ts';
import { canonicalizeUrl } from '../../services/poller/canonical-url.ts';
import { parseFeed } from '../../services/poller/parse-feed.ts';
import { openDatabase } from '../../services/runtime.ts';
import { waitUntil } from './wait.ts';
import { faultCorpus } from './fixture-corpus.ts';
import { PipelineProcesses, type Role } from './pipeline-processes.ts';
import type { PrivateServices } from './global-setup.ts';

/** The article alert's query: matches most fixture articles, so deliveries flow through every fault. */
export const ARTICLE_QUERY = 'pakistan OR afghanistan OR taliban';
/** The story alert's query: words only, so whether a story is notified depends on its reports alone. */
export const STORY_QUERY = 'TTP OR militants';

/** Stage queues: every one must be empty when the pipeline is quiet (the schedule queue keeps its timers). */
export const STAGE_QUEUES = [QUEUE.pollFeed, QUEUE.extractArticle, QUEUE.classifyArticle, QUEUE.assignStory, QUEUE.matchAlerts, QUEUE.deliverAlert] as const;
const OPEN_STATES = ['waiting', 'active', 'delayed', 'failed', 'paused', 'prioritized', 'waiting-children'] as const;

export interface ScenarioOptions {
  /** short name: part of the database name and queue prefix */
  name: string;
  /** fixture articles the site serves (see fixture-corpus.ts) */
  articles: number;
  /** extra environment for the pipeline processes (and this process's config) */
  env?: Record<string, string>;
  /** serve the site's misbehaving routes and poll its feed of broken pages */
  brokenPages?: boolean;
  /** more feed URLs (paths on the site, e.g. /bad/500) that fail on purpose */
  failingFeeds?: string[];
  /** puts something in front of the site (a misbehaving proxy); its URL replaces the site's in every feed */
  front?: (siteUrl: string) => Promise<{ url: string; close: () => Promise<void> }>;
}

export interface ProgressCounts {
  articles: number;
  matched: number;
  deliveries: number;
  sent: number;
}

export class Scenario {
  readonly started = Date.now();
  readonly expectedUrls = new Set<string>();
  /** feed URLs the pipeline polls, and those that fail on purpose */
  feedUrls: string[] = [];
  failingFeedUrls: string[] = [];
  articleAlert!: Alert;
  storyAlert!: Alert;
  readonly processes: PipelineProcesses;

  private constructor(
    readonly opts: ScenarioOptions,
    readonly services: PrivateServices,
    readonly config: Config,
    readonly env: Record<string, string>,
    readonly sql: Sql,
    readonly redis: Redis,
    readonly queues: Queues,
    readonly site: FixtureSite,
    readonly hooks: WebhookReceiver,
    readonly frontUrl: string,
    private readonly closeFront: () => Promise<void>,
  ) {
    this.processes = new PipelineProcesses(env);
  }

  /** Builds the scenario's world; no pipeline process runs yet. */
  static async create(opts: ScenarioOptions): Promise<Scenario> {
    const services = inject('privateServices');
    const id = `${opts.name}_${randomBytes(3).toString('hex')}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    const env: Record<string, string> = {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${services.postgresPort}/faults_${id}`,
      REDIS_URL: `redis://127.0.0.1:${services.redisPort}`,
      QUEUE_PREFIX: `faults-${id}`,
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      SEED_DEFAULT_FEEDS: 'false',
      LOG_LEVEL: 'warn',
      JOB_LOCK_MS: '2000',
      STAGE_TIMEOUT: '10s',
      SWEEP_INTERVAL: '5s',
      SCHEDULER_TICK: '1s',
      FEED_DEFAULT_INTERVAL: '30s',
      ALERT_RETRY_DELAY_MS: '200',
      ...opts.env,
    };
    const config = loadConfig(env);
    const sql = await openDatabase(config, createLogger('silent'));
    // the checker's own connection: answers errors while Redis is down instead of queueing forever
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    const queues = createQueues(redis, config.QUEUE_PREFIX);
    for (const queue of Object.values(queues)) queue.on('error', () => {});
    const site = await startFixtureSite({ articles: faultCorpus(opts.articles), faults: Boolean(opts.brokenPages || opts.failingFeeds?.length) });
    const front = opts.front ? await opts.front(site.url) : { url: site.url, close: async () => {} };
    const hooks = await startWebhookReceiver();
    const scenario = new Scenario(opts, services, config, env, sql, redis, queues, site, hooks, front.url, front.close);
    await scenario.#prepare();
    return scenario;
  }

  async #prepare(): Promise<void> {
    const onFront = (url: string) => url.replace(this.site.url, this.frontUrl);
    this.feedUrls = this.site.feeds.filter((f) => this.opts.brokenPages || !f.url.includes('/bad/')).map((f) => onFront(f.url));
    this.failingFeedUrls = (this.opts.failingFeeds ?? []).map((p) => `${this.frontUrl}${p}`);
    // what the site serves, read from its feeds as the poller reads them: the canonical URLs to expect
    for (const url of this.feedUrls) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`scenario: ${url} answered ${res.status} while reading what the site serves`);
      const feed = await parseFeed(await res.text(), url);
      for (const item of feed.items) this.expectedUrls.add(canonicalizeUrl(item.link));
    }
    this.site.hits.clear();
    this.articleAlert = await createAlert(this.sql, newAlertSchema.parse({ name: 'Faults: articles', query: ARTICLE_QUERY, scope: 'article', webhookUrl: `${this.hooks.url}/article` }));
    this.storyAlert = await createAlert(this.sql, newAlertSchema.parse({ name: 'Faults: stories', query: STORY_QUERY, scope: 'story', webhookUrl: `${this.hooks.url}/story` }));
    const feeds = [...this.feedUrls, ...this.failingFeedUrls].map((url) => ({ url, name: new URL(url).pathname }));
    await insertFeeds(this.sql, feeds, this.config.FEED_DEFAULT_INTERVAL);
  }

  /** Starts pipeline processes and waits until each has connected its BullMQ workers. */
  async start(counts: Partial<Record<Role, number>>): Promise<void> {
    for (const [role, n] of Object.entries(counts) as [Role, number][]) for (let i = 0; i < n; i++) this.processes.start(role);
    await this.waitForProcesses();
  }

  /** Waits until as many BullMQ workers listen as processes run (schedulers on `schedule`, workers on `extract-article`). */
  async waitForProcesses(timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      'every pipeline process listens on its queues',
      async () =>
        (await this.queues[QUEUE.extractArticle].getWorkersCount()) === this.processes.running('worker').length &&
        (await this.queues[QUEUE.schedule].getWorkersCount()) === this.processes.running('scheduler').length,
      timeoutMs,
      200,
    );
  }

  /** Articles stored and matched, deliveries made and sent, so far. */
  async progress(): Promise<ProgressCounts> {
    const [row] = await this.sql<ProgressCounts[]>`
      select (select count(*)::int from articles) as articles,
        (select count(*)::int from articles where stage = 'matched') as matched,
        (select count(*)::int from alert_deliveries) as deliveries,
        (select count(*)::int from alert_deliveries where status = 'sent') as sent`;
    return row!;
  }

  /** Waits until `check` holds for the progress counts (faults are injected at chosen points of a run). */
  async waitForProgress(what: string, check: (p: ProgressCounts) => boolean, timeoutMs = 120_000): Promise<ProgressCounts> {
    let last: ProgressCounts | undefined;
    await waitUntil(what, async () => check((last = await this.progress())), timeoutMs, 100);
    return last!;
  }

  /**
   * Waits until every fixture feed has been polled since `since` (the scheduler is alive and claims
   * due feeds): within one feed interval plus `slackMs`. The message names the job schedulers in Redis.
   */
  async waitForPollsSince(since: Date, slackMs = 15_000): Promise<void> {
    const want = this.feedUrls.length;
    let polled = 0;
    try {
      await waitUntil('every feed is polled again', async () => {
        const [row] = await this.sql<{ n: number }[]>`
          select count(distinct p.feed_id)::int as n from feed_polls p join feeds f on f.id = p.feed_id
          where p.polled_at > ${since} and f.url = any(${this.feedUrls})`;
        polled = row!.n;
        return polled === want;
      }, this.config.FEED_DEFAULT_INTERVAL * 1000 + slackMs, 500);
    } catch (error) {
      const schedulers = await this.queues[QUEUE.schedule].getJobSchedulers().then((list) => list.map((j) => j.key).join(', ') || 'none', (e: Error) => e.message);
      throw new Error(`${(error as Error).message}: ${polled} of ${want} feeds polled since ${since.toISOString()}; job schedulers in Redis: ${schedulers}`);
    }
  }

  /** Jobs in an open state (waiting, active, delayed, failed…) per stage queue, only the non-zero ones. */
  async openJobs(): Promise<Record<string, Record<string, number>>> {
    const open: Record<string, Record<string, number>> = {};
    for (const name of STAGE_QUEUES) {
      const counts = await this.queues[name].getJobCounts(...OPEN_STATES);
      const nonZero = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      if (Object.keys(nonZero).length > 0) open[name] = nonZero;
    }
    return open;
  }

  /**
   * Waits until the ingest is complete and quiet: every served article stored and matched, every
   * delivery sent; then disables the feeds (so no new poll jobs come) and waits until no stage queue
   * holds a job in any open state. Returns how long it took from the scenario's start.
   */
  async waitQuiet(timeoutMs: number): Promise<number> {
    let state = '';
    const deadline = Date.now() + timeoutMs;
    try {
      await waitUntil('every served article is stored and matched and every delivery sent', async () => {
        const p = await this.progress();
        state = JSON.stringify(p);
        return p.articles >= this.expectedUrls.size && p.matched === p.articles && p.sent === p.deliveries;
      }, deadline - Date.now(), 250);
      await this.sql`update feeds set enabled = false`;
      await waitUntil('every stage queue is empty', async () => {
        const open = await this.openJobs();
        state = JSON.stringify(open);
        return Object.keys(open).length === 0;
      }, Math.max(5_000, deadline - Date.now()), 250);
    } catch (error) {
      const schedulers = await this.queues[QUEUE.schedule].getJobSchedulers().then((list) => list.map((j) => j.key).join(', ') || 'none', (e: Error) => e.message);
      throw new Error(
        `${(error as Error).message}\nstate: ${state}; job schedulers in Redis: ${schedulers}\n` +
          `process output (last lines):\n${this.processes.tail()}`,
      );
    }
    return Date.now() - this.started;
  }

  /** Stops the processes and removes everything the scenario made. */
  async close(): Promise<void> {
    await this.processes.stopAll();
    await Promise.allSettled(Object.values(this.queues).map((q) => q.obliterate({ force: true })));
    await closeQueues(this.queues).catch(() => {});
    this.redis.disconnect();
    await this.hooks.close();
    await this.closeFront();
    await this.site.close();
    await this.sql.end({ timeout: 5 });
    const admin = postgres(`postgres://postgres@127.0.0.1:${this.services.postgresPort}/postgres`, { max: 1, onnotice: () => {} });
    await admin`drop database if exists ${admin(new URL(this.config.DATABASE_URL).pathname.slice(1))} with (force)`.catch(() => {});
    await admin.end({ timeout: 1 });
  }
}
