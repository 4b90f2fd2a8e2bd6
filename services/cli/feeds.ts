import { readFile } from 'node:fs/promises';
import { parseDuration, type Config } from '../core/config.ts';
import type { Sql } from '../core/db.ts';
import { deleteFeed, findFeed, insertFeeds, listFeeds, setFeedEnabled } from '../core/store/feeds.ts';
import { parseOpml, renderOpml } from '../core/opml.ts';

export class UsageError extends Error {}

function checkFeedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`feeds: not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`feeds: only http(s) feeds: ${url}`);
  return parsed.toString();
}

function ago(d: Date | null, now = Date.now()): string {
  if (!d) return 'never';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 90) return `${s}s ago`;
  if (s < 5400) return `${Math.round(s / 60)}m ago`;
  if (s < 129600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

/** `frontier feeds …`: add, list, remove, enable, disable, import, export. */
export async function feedsCommand(sql: Sql, config: Config, args: string[], values: Record<string, string | boolean | string[] | undefined>, out: (s: string) => void): Promise<void> {
  const [sub, arg] = args;
  switch (sub) {
    case 'add': {
      if (!arg) throw new UsageError('feeds add: usage: frontier feeds add URL [--name N] [--interval 10m]');
      const url = checkFeedUrl(arg);
      const intervalS = typeof values.interval === 'string' ? parseDuration(values.interval) : config.FEED_DEFAULT_INTERVAL;
      if (intervalS < 30) throw new UsageError('feeds add: the interval must be at least 30s');
      const [added] = await insertFeeds(sql, [{ url, name: typeof values.name === 'string' ? values.name : null, intervalS }], config.FEED_DEFAULT_INTERVAL);
      if (added) out(`added feed ${added.id}: ${added.url} (every ${added.intervalS}s)`);
      else out(`feed already present: ${(await findFeed(sql, url))?.id ?? '?'} ${url}`);
      return;
    }
    case 'list': {
      const feeds = await listFeeds(sql);
      if (values.json) return out(JSON.stringify(feeds, null, 2));
      if (feeds.length === 0) return out('no feeds (add one with: frontier feeds add URL)');
      out(['id', 'status', 'on', 'last poll', 'items', 'errors', 'name / url', 'last error'].join('\t'));
      for (const f of feeds) {
        out([f.id, f.status, f.enabled ? 'yes' : 'no', ago(f.lastPolledAt), f.itemCount, f.errorCount, f.name ? `${f.name} <${f.url}>` : f.url, f.lastError ?? ''].join('\t'));
      }
      return;
    }
    case 'remove':
    case 'enable':
    case 'disable': {
      if (!arg) throw new UsageError(`feeds ${sub}: usage: frontier feeds ${sub} ID|URL`);
      const feed = await findFeed(sql, arg);
      if (!feed) throw new UsageError(`feeds ${sub}: no feed ${arg}`);
      if (sub === 'remove') await deleteFeed(sql, feed.id);
      else await setFeedEnabled(sql, feed.id, sub === 'enable');
      out(`${sub === 'remove' ? 'removed' : `${sub}d`} feed ${feed.id}: ${feed.url}`);
      return;
    }
    case 'import': {
      if (!arg) throw new UsageError('feeds import: usage: frontier feeds import FILE.opml');
      const { feeds, skipped } = parseOpml(await readFile(arg, 'utf8'));
      const added = await insertFeeds(sql, feeds.map((f) => ({ url: f.url, name: f.title })), config.FEED_DEFAULT_INTERVAL);
      out(`imported ${added.length} new feeds (${feeds.length - added.length} already present, ${skipped.length} skipped)`);
      for (const s of skipped) out(`  skipped ${s.outline}: ${s.reason}`);
      return;
    }
    case 'export': {
      const feeds = await listFeeds(sql);
      out(renderOpml(feeds.map((f) => ({ url: f.url, title: f.name })), { title: 'Frontier Watch feeds' }).trimEnd());
      return;
    }
    default:
      throw new UsageError('feeds: usage: frontier feeds add|list|remove|enable|disable|import|export');
  }
}
