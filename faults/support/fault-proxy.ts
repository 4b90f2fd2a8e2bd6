// A misbehaving HTTP proxy in front of the fixture news site: per URL, a plan chooses a fault for its
// first requests (or for all of them) — a 500, a connection reset before any answer, a body cut short
// of its Content-Length, a body dripped slowly (within or beyond the client's timeout), a wrong
// Content-Type — and otherwise relays the site's answer (conditional GETs and 304s included).
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SiteFault = 'status-500' | 'reset' | 'truncated' | 'slow-body' | 'slow-timeout' | 'wrong-type';

export interface FaultRule {
  fault: SiteFault;
  /** how many of the URL's first requests misbehave (Infinity: every one) */
  times: number;
}

/** Which fault, if any, a URL path gets. */
export type FaultPlan = (path: string) => FaultRule | null;

export interface FaultProxyOptions {
  upstream: string;
  plan: FaultPlan;
  /** how long a `slow-body` answer takes (ms): under the client's timeout */
  slowMs: number;
  /** how long a `slow-timeout` answer keeps dripping (ms): beyond the client's timeout */
  stallMs: number;
  /** the Content-Type a `wrong-type` answer gets, by whether the path is a feed */
  wrongType: (isFeed: boolean) => string;
}

export interface FaultProxy {
  url: string;
  /** off while the suite reads what the site serves; on for the run */
  enabled: boolean;
  /** requests per path while enabled */
  requests: Map<string, number>;
  /** faults injected, per kind */
  injected: Map<SiteFault, number>;
  close: () => Promise<void>;
}

/** A 32-bit FNV-1a hash: a stable choice of fault per path. */
export function pathHash(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return h >>> 0;
}

function relayHeaders(headers: IncomingHttpHeaders, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  out['content-length'] = String(length);
  return out;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(opts.upstream);
  const proxy: FaultProxy = { url: '', enabled: false, requests: new Map(), injected: new Map(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    let fault: SiteFault | null = null;
    if (proxy.enabled) {
      const n = (proxy.requests.get(path) ?? 0) + 1;
      proxy.requests.set(path, n);
      const rule = opts.plan(path);
      if (rule && n <= rule.times) fault = rule.fault;
      if (fault) proxy.injected.set(fault, (proxy.injected.get(fault) ?? 0) + 1);
    }
    res.on('error', () => {});
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'status-500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end('internal error (injected)');
    }
    const headers = { ...req.headers, host: req.headers.host ?? upstream.host };
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.concat(chunks);
        const status = up.statusCode ?? 502;
        const out = relayHeaders(up.headers, body.length);
        if (fault === 'wrong-type' && status === 200) out['content-type'] = opts.wrongType(path.startsWith('/feeds/'));
        if (status !== 200 || !fault || fault === 'wrong-type') {
          res.writeHead(status, out);
          return void res.end(status === 304 ? undefined : body);
        }
        res.writeHead(status, out);
        if (fault === 'truncated') {
          // half the body, then the connection closes: fewer bytes than Content-Length promised
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
          return;
        }
        const steps = 10;
        const total = fault === 'slow-body' ? opts.slowMs : opts.stallMs;
        const piece = Math.ceil(body.length / steps);
        let i = 0;
        const drip = () => {
          if (res.destroyed) return;
          if (i >= steps) return void res.end();
          res.write(body.subarray(i * piece, (i + 1) * piece));
          i++;
          setTimeout(drip, total / steps);
        };
        drip();
      });
      up.on('error', () => res.destroy());
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
