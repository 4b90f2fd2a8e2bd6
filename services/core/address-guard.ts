import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) blocked.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const)
  blocked.addSubnet(addr, prefix, 'ipv6');

/**
 * True when an address is loopback, private, link-local (incl. the cloud metadata address),
 * unique-local, multicast or unspecified — including IPv4-mapped IPv6 forms of those.
 */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
}

/** Refuses a host that is an IP literal in a private range unless allowed. */
export function checkLiteralHost(hostname: string, allowHosts: readonly string[]): void {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowHosts.includes(host)) return;
  if (net.isIP(host) && isPrivateAddress(host)) {
    throw new BlockedAddressError(
      `http: refusing ${host}: private or loopback address (list the host in FETCH_ALLOW_HOSTS to allow it)`,
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves the name and refuses private addresses unless the host is
 * allowed. Checked at connect time, on the address actually used, so DNS rebinding cannot slip past.
 */
export function guardedLookup(allowHosts: readonly string[]) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as dns.LookupAddress[];
      const allowed = allowHosts.includes(hostname.toLowerCase());
      const bad = allowed ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) {
        return callback(
          new BlockedAddressError(
            `http: refusing ${hostname} (${bad.address}): private or loopback address (list the host in FETCH_ALLOW_HOSTS to allow it)`,
          ),
          '',
        );
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`http: ${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}
