/** Query parameters that only track the reader, never select content. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid',
  '_ga', '_gl', 'ocid', 'cmpid', 'ref_src', 'ref_url', 'ito', 'spm', 'smid', 'rss', 'outputtype',
]);
const AMP_PARAMS = new Set(['amp', 'amp_js_v', 'usqp', 'amp_gsa', 'amp_r']);

/**
 * Canonical form of an article URL, the key that makes one article per story: lower-case scheme and
 * host, no default port, no `www.`/`m.`/`amp.` host prefix, no fragment, no tracking or AMP parameters,
 * no `/amp` path segment or `.amp` suffix, no trailing slash, remaining parameters sorted.
 * Throws on anything that is not an absolute http(s) URL.
 */
export function canonicalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`canonical-url: not an absolute URL: ${JSON.stringify(input.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`canonical-url: not http(s): ${url.protocol}`);
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^(www\d?|m|amp|mobile)\./, '');
  if ((url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443')) url.port = '';

  const kept = [...url.searchParams.entries()]
    .filter(([key]) => {
      const k = key.toLowerCase();
      return !k.startsWith('utm_') && !TRACKING_PARAMS.has(k) && !AMP_PARAMS.has(k);
    })
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);

  let path = url.pathname
    .replace(/\/amp(?=\/|$)/gi, '')
    .replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? '')
    .replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  url.pathname = path || '/';
  return url.toString();
}

/** The outlet of a URL: its host without `www.`-like prefixes. */
export function sourceOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^(www\d?|m|amp|mobile)\./, '');
}
