import { decodeXML, encodeXML } from 'entities';

export interface OpmlFeed {
  url: string;
  name: string | null;
}

/** Reads the feed outlines (those with an xmlUrl) of an OPML document, nested folders included. */
export function parseOpml(xml: string): OpmlFeed[] {
  if (!/<opml[\s>]/i.test(xml)) throw new Error('opml: not an OPML document (no <opml> element)');
  const feeds: OpmlFeed[] = [];
  for (const m of xml.matchAll(/<outline\b([^>]*)>/gi)) {
    const attrs = attributes(m[1]!);
    const url = attrs.xmlurl;
    if (url) feeds.push({ url: url.trim(), name: (attrs.title ?? attrs.text)?.trim() || null });
  }
  return feeds;
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[m[1]!.toLowerCase()] = decodeXML(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Writes feeds as an OPML 2.0 document. */
export function toOpml(feeds: OpmlFeed[], title = 'Frontier Watch feeds', now = new Date()): string {
  const lines = feeds.map((f) => {
    const name = encodeXML(f.name ?? f.url);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${encodeXML(f.url)}"/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${encodeXML(title)}</title>
    <dateCreated>${now.toUTCString()}</dateCreated>
  </head>
  <body>
${lines.join('\n')}
  </body>
</opml>
`;
}
