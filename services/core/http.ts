import { Agent, fetch, type Dispatcher } from 'undici';
import { BlockedAddressError, checkLiteralHost, guardedLookup } from './address-guard.ts';

export interface HttpOptions {
  allowHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  maxRedirects?: number;
  perHostConcurrency?: number;
}

export type Expect = 'feed' | 'html';

export interface FetchRequest {
  url: string;
  expect: Expect;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  body: Buffer;
}

/** A failed fetch: `permanent` ones (404, 410, not HTML, too large, refused address) must not retry. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const FEED_TYPES = /xml|rss|atom|rdf|text\/plain|text\/html|application\/json|octet-stream/i;
const HTML_TYPES = /text\/html|application\/xhtml\+xml/i;

/**
 * The one guarded HTTP client for all outbound requests: total timeout (body included), decompressed
 * byte cap, redirect cap with every hop re-checked, content-type check, conditional GET, Retry-After,
 * per-host concurrency, an honest User-Agent, and private/loopback addresses refused at connect time
 * unless the host is listed in FETCH_ALLOW_HOSTS.
 */
export class HttpClient {
  readonly #agent: Dispatcher;
  readonly #opts: Required<HttpOptions>;
  readonly #active = new Map<string, number>();
  readonly #waiters = new Map<string, Array<() => void>>();

  constructor(opts: HttpOptions) {
    this.#opts = { maxRedirects: 5, perHostConcurrency: 4, ...opts };
    this.#agent = new Agent({
      connect: { lookup: guardedLookup(opts.allowHosts), timeout: Math.min(opts.timeoutMs, 10_000) },
      keepAliveTimeout: 10_000,
      connections: 16,
    });
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const host = hostOf(req.url);
    await this.#acquire(host);
    try {
      return await this.#fetchFollowing(req);
    } finally {
      this.#release(host);
    }
  }

  /**
   * POSTs a body (webhook deliveries) through the same address guard and timeout; redirects are not
   * followed (a webhook that moved is a configuration error). Resolves with the status of a 2xx
   * response; throws a FetchError otherwise (`permanent` for 4xx other than 408 and 429).
   */
  async post(url: string, body: string, headers: Record<string, string>, opts: { timeoutMs?: number; slotHeld?: boolean } = {}): Promise<{ status: number }> {
    const target = parseHttpUrl(url);
    try {
      checkLiteralHost(target.hostname, this.#opts.allowHosts);
    } catch (error) {
      throw new FetchError((error as Error).message, true);
    }
    const timeoutMs = Math.min(opts.timeoutMs ?? this.#opts.timeoutMs, this.#opts.timeoutMs);
    const host = hostOf(url);
    if (!opts.slotHeld) await this.#acquire(host);
    try {
      let res: Awaited<ReturnType<typeof fetch>>;
      try {
        res = await fetch(target, {
          method: 'POST',
          body,
          headers: { 'user-agent': this.#opts.userAgent, ...headers },
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          dispatcher: this.#agent,
        });
      } catch (error) {
        throw networkError(error, url, timeoutMs);
      }
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { status: res.status };
      throw statusError(res, url);
    } finally {
      if (!opts.slotHeld) this.#release(host);
    }
  }

  /**
   * Runs `fn` holding one of the host's request slots (then `post(…, { slotHeld: true })` inside it):
   * for callers that must not hold other resources, such as a database transaction, while they wait
   * for a busy host.
   */
  async withHostSlot<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const host = hostOf(url);
    await this.#acquire(host);
    try {
      return await fn();
    } finally {
      this.#release(host);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #fetchFollowing(req: FetchRequest): Promise<FetchResult> {
    const signal = AbortSignal.timeout(this.#opts.timeoutMs);
    let url = req.url;
    for (let hop = 0; ; hop++) {
      const target = parseHttpUrl(url);
      try {
        checkLiteralHost(target.hostname, this.#opts.allowHosts);
      } catch (error) {
        throw new FetchError((error as Error).message, true);
      }
      const headers: Record<string, string> = {
        'user-agent': this.#opts.userAgent,
        accept: req.expect === 'feed'
          ? 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'
          : 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (hop === 0 && req.etag) headers['if-none-match'] = req.etag;
      if (hop === 0 && req.lastModified) headers['if-modified-since'] = req.lastModified;

      let res: Awaited<ReturnType<typeof fetch>>;
      try {
        res = await fetch(target, { headers, redirect: 'manual', signal, dispatcher: this.#agent });
      } catch (error) {
        throw networkError(error, url, this.#opts.timeoutMs);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel().catch(() => {});
        if (!location) throw new FetchError(`http: ${res.status} redirect without Location from ${url}`, true, res.status);
        if (hop + 1 > this.#opts.maxRedirects) {
          throw new FetchError(`http: more than ${this.#opts.maxRedirects} redirects (last: ${url})`, true, res.status);
        }
        url = new URL(location, url).toString();
        continue;
      }
      return this.#readResponse(res, url, req.expect, signal);
    }
  }

  async #readResponse(res: Awaited<ReturnType<typeof fetch>>, url: string, expect: Expect, signal: AbortSignal): Promise<FetchResult> {
    const contentType = res.headers.get('content-type') ?? undefined;
    const base = {
      url,
      status: res.status,
      contentType,
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
    };
    if (res.status === 304) {
      await res.body?.cancel().catch(() => {});
      return { ...base, notModified: true, body: Buffer.alloc(0) };
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => {});
      throw statusError(res, url);
    }
    const allowed = expect === 'feed' ? FEED_TYPES : HTML_TYPES;
    if (contentType && !allowed.test(contentType)) {
      await res.body?.cancel().catch(() => {});
      throw new FetchError(`http: unexpected content type ${contentType} from ${url} (wanted ${expect === 'feed' ? 'a feed' : 'HTML'})`, true, res.status);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > this.#opts.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new FetchError(`http: body of ${declared} bytes exceeds the ${formatBytes(this.#opts.maxBytes)} cap (${url})`, true, res.status);
    }
    const body = await readCapped(res, this.#opts.maxBytes, url, signal, this.#opts.timeoutMs);
    return { ...base, notModified: false, body };
  }

  async #acquire(host: string): Promise<void> {
    const n = this.#active.get(host) ?? 0;
    if (n < this.#opts.perHostConcurrency) {
      this.#active.set(host, n + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const list = this.#waiters.get(host) ?? [];
      list.push(resolve);
      this.#waiters.set(host, list);
    });
  }

  #release(host: string): void {
    const next = this.#waiters.get(host)?.shift();
    if (next) return next(); // hand the slot straight over
    const n = (this.#active.get(host) ?? 1) - 1;
    if (n <= 0) this.#active.delete(host);
    else this.#active.set(host, n);
    if (this.#waiters.get(host)?.length === 0) this.#waiters.delete(host);
  }
}

async function readCapped(res: Awaited<ReturnType<typeof fetch>>, maxBytes: number, url: string, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new FetchError(`http: body exceeds the ${formatBytes(maxBytes)} cap (${url})`, true, res.status);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw networkError(error, url, timeoutMs, signal.aborted);
  }
  return Buffer.concat(chunks, total);
}

/** A non-2xx answer as a FetchError: permanent unless the server may recover (408, 429, 5xx). */
function statusError(res: { status: number; statusText: string; headers: Headers }, url: string): FetchError {
  const transient = res.status === 429 || res.status === 408 || res.status >= 500;
  return new FetchError(
    `http: ${res.status} ${res.statusText || ''} from ${url}`.trim(),
    !transient,
    res.status,
    parseRetryAfter(res.headers.get('retry-after')),
  );
}

function networkError(error: unknown, url: string, timeoutMs: number, aborted = false): FetchError {
  const e = error as Error & { cause?: Error & { code?: string } };
  if (aborted || e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new FetchError(`http: timed out after ${timeoutMs} ms (${url})`, false);
  }
  const cause = e.cause ?? e;
  if (cause instanceof BlockedAddressError) return new FetchError(cause.message, true);
  const code = (cause as { code?: string }).code;
  return new FetchError(`http: ${code ?? cause.name}: ${cause.message} (${url})`, false);
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(`http: not a valid URL: ${url}`, true);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(`http: only http and https are fetched, not ${parsed.protocol} (${url})`, true);
  }
  return parsed;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB` : `${Math.round(n / 1024)} KiB`;
}
