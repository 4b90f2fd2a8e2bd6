import { decodeXML } from 'entities';

/** Largest OPML document `parseOpml` accepts, in UTF-8 bytes. */
export const MAX_OPML_BYTES = 5 * 1024 * 1024;

/** A feed subscription read from an OPML outline. */
export interface OpmlFeed {
  url: string;
  title: string | null;
  htmlUrl: string | null;
}

/** An outline that looked like a feed but was not imported, and why. */
export interface OpmlSkip {
  outline: string;
  reason: string;
}

/** What `parseOpml` found: the feeds to import, in document order, and the outlines it left out. */
export interface OpmlImport {
  feeds: OpmlFeed[];
  skipped: OpmlSkip[];
}

/** Thrown by `parseOpml` when the input is not a readable OPML document; the message starts with `opml: `. */
export class OpmlError extends Error {
  override name = 'OpmlError';
}

/**
 * Reads an OPML 1.0/2.0 subscription list (Feedly, Inoreader, Miniflux, NetNewsWire, Thunderbird exports):
 * every `<outline>` under `<body>` with an `xmlUrl`, at any folder depth. Attribute names match
 * case-insensitively; the title comes from `title`, else `text`. Non-http(s) URLs, `type="rss"` outlines
 * without `xmlUrl` and repeated URLs are reported in `skipped`; folders and notes are passed over silently.
 * Throws `OpmlError` for input over 5 MiB, non-XML, a root other than `<opml>`, no `<body>`, or a truncated
 * or malformed document. A linear scanner, not linkedom: linkedom accepts truncated XML silently, leaves
 * `&gt;` undecoded in attributes and takes quadratic time on deeply nested outlines.
 */
export function parseOpml(xml: string): OpmlImport {
  // every UTF-16 unit is at least one UTF-8 byte, so the cheap length test settles most oversize input
  if (xml.length > MAX_OPML_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_OPML_BYTES) {
    throw new OpmlError('opml: file exceeds 5 MiB');
  }
  const s = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (s.trim() === '') throw new OpmlError('opml: empty document');

  const out: OpmlImport = { feeds: [], skipped: [] };
  const seen = new Set<string>();
  const stack: string[] = []; // open element names, lower-cased; stack[0] is the root
  let root: string | null = null;
  let sawBody = false;
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (root === null && /\S/.test(s.slice(i, lt === -1 ? s.length : lt))) {
      throw new OpmlError('opml: not an XML document (text before the root element)');
    }
    if (lt === -1) break;
    if (s.startsWith('<!--', lt)) i = skipPast(s, lt + 4, '-->', 'comment');
    else if (s.startsWith('<?', lt)) i = skipPast(s, lt + 2, '?>', 'processing instruction');
    else if (s.startsWith('<![CDATA[', lt) && root !== null) i = skipPast(s, lt + 9, ']]>', 'CDATA section');
    else if (s.startsWith('<!', lt)) i = skipDoctype(s, lt, root !== null);
    else if (s[lt + 1] === '/') {
      const gt = s.indexOf('>', lt);
      if (gt === -1) throw truncated(s, lt, 'unterminated end tag');
      const name = s.slice(lt + 2, gt).trim().toLowerCase();
      const open = stack.pop();
      if (open !== name) throw malformed(s, lt, open ? `expected </${open}>, found </${name}>` : `stray </${name}>`);
      i = gt + 1;
    } else {
      const tag = readStartTag(s, lt);
      const name = tag.name.toLowerCase();
      if (root === null) {
        if (name !== 'opml') throw new OpmlError(`opml: not an OPML document (root element is <${tag.name}>)`);
        root = name;
      } else if (stack.length === 1 && name === 'body') {
        sawBody = true;
      } else if (name === 'outline' && stack[1] === 'body') {
        readOutline(tag.attrs, out, seen);
      }
      if (!tag.selfClosing) stack.push(name);
      i = tag.end;
    }
    if (root !== null && stack.length === 0) break; // root closed; whatever trails it carries no feeds
  }
  if (root === null) throw new OpmlError('opml: not an XML document (no root element)');
  if (stack.length > 0) throw new OpmlError(`opml: truncated document (unclosed <${stack[stack.length - 1]}>)`);
  if (!sawBody) throw new OpmlError('opml: not an OPML document (no <body> element)');
  return out;
}

function readOutline(attrs: Map<string, string>, out: OpmlImport, seen: Set<string>): void {
  const attr = (key: string): string | null => {
    const raw = attrs.get(key);
    return raw === undefined ? null : decodeAttr(raw).trim() || null;
  };
  const url = attr('xmlurl');
  const title = attr('title') ?? attr('text');
  if (!url) {
    if (attr('type')?.toLowerCase() === 'rss') out.skipped.push({ outline: title ?? '(untitled)', reason: 'no xmlUrl' });
    return;
  }
  const reason = urlProblem(url) ?? (seen.has(url) ? 'duplicate' : null);
  if (reason) {
    out.skipped.push({ outline: url, reason });
    return;
  }
  seen.add(url);
  const htmlUrl = attr('htmlurl');
  // a javascript: or data: site link must never reach the dashboard as an href
  out.feeds.push({ url, title, htmlUrl: htmlUrl && !urlProblem(htmlUrl) ? htmlUrl : null });
}

function urlProblem(url: string): string | null {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return 'invalid URL';
  }
  return protocol === 'http:' || protocol === 'https:' ? null : 'not an http(s) URL';
}

/** XML attribute-value normalisation (literal tab/CR/LF become spaces), then entity decoding. */
function decodeAttr(raw: string): string {
  return decodeXML(raw.replace(/[\t\n\r]/g, ' '));
}

interface StartTag {
  name: string;
  attrs: Map<string, string>; // lower-cased name → raw value; the first of a repeated name wins
  selfClosing: boolean;
  end: number;
}

function readStartTag(s: string, lt: number): StartTag {
  if (!isNameStart(s.charCodeAt(lt + 1))) {
    throw lt + 1 >= s.length ? truncated(s, lt, 'unterminated tag') : malformed(s, lt, 'unexpected "<"');
  }
  let j = readName(s, lt + 1);
  const name = s.slice(lt + 1, j);
  const attrs = new Map<string, string>();
  for (;;) {
    j = skipSpace(s, j);
    if (j >= s.length) throw truncated(s, lt, `unterminated <${name}> tag`);
    if (s[j] === '>') return { name, attrs, selfClosing: false, end: j + 1 };
    if (s[j] === '/') {
      if (s[j + 1] === '>') return { name, attrs, selfClosing: true, end: j + 2 };
      if (j + 1 >= s.length) throw truncated(s, lt, `unterminated <${name}> tag`);
      throw malformed(s, j, `stray "/" in <${name}>`);
    }
    const nameEnd = readName(s, j);
    if (nameEnd === j) throw malformed(s, j, `unexpected ${JSON.stringify(s[j])} in <${name}>`);
    const key = s.slice(j, nameEnd).toLowerCase();
    j = skipSpace(s, nameEnd);
    if (j >= s.length) throw truncated(s, lt, `unterminated <${name}> tag`);
    if (s[j] !== '=') throw malformed(s, j, `attribute ${key} has no value`);
    j = skipSpace(s, j + 1);
    const quote = s[j];
    if (j >= s.length) throw truncated(s, lt, `unterminated <${name}> tag`);
    if (quote !== '"' && quote !== "'") throw malformed(s, j, `unquoted value for attribute ${key}`);
    const close = s.indexOf(quote, j + 1);
    if (close === -1) throw truncated(s, j, 'unterminated attribute value');
    if (!attrs.has(key)) attrs.set(key, s.slice(j + 1, close));
    j = close + 1;
  }
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** Index just past a run of name characters starting at `j` (tolerant: anything that cannot end a name). */
function readName(s: string, j: number): number {
  while (j < s.length) {
    const c = s[j]!;
    if (c === '>' || c === '/' || c === '=' || c === '<' || c === '"' || c === "'" || isSpace(c)) break;
    j++;
  }
  return j;
}

function skipSpace(s: string, j: number): number {
  while (j < s.length && isSpace(s[j]!)) j++;
  return j;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function skipPast(s: string, from: number, terminator: string, what: string): number {
  const end = s.indexOf(terminator, from);
  if (end === -1) throw truncated(s, from, `unterminated ${what}`);
  return end + terminator.length;
}

function skipDoctype(s: string, lt: number, afterRoot: boolean): number {
  if (afterRoot || s.slice(lt + 2, lt + 9).toUpperCase() !== 'DOCTYPE') throw malformed(s, lt, 'unexpected "<!"');
  const gt = s.indexOf('>', lt);
  const bracket = s.indexOf('[', lt);
  if (bracket !== -1 && (gt === -1 || bracket < gt)) {
    // internal subset: its declarations contain '>' of their own
    const close = s.indexOf(']', bracket);
    return skipPast(s, close === -1 ? s.length : close, '>', 'DOCTYPE');
  }
  if (gt === -1) throw truncated(s, lt, 'unterminated DOCTYPE');
  return gt + 1;
}

function truncated(s: string, at: number, what: string): OpmlError {
  return new OpmlError(`opml: truncated document (${what} at line ${lineOf(s, at)})`);
}

function malformed(s: string, at: number, what: string): OpmlError {
  return new OpmlError(`opml: malformed XML at line ${lineOf(s, at)} (${what})`);
}

function lineOf(s: string, at: number): number {
  let line = 1;
  for (let nl = s.indexOf('\n'); nl !== -1 && nl < at; nl = s.indexOf('\n', nl + 1)) line++;
  return line;
}

/**
 * Writes feeds as an OPML 2.0 document (UTF-8, `<head>` with title and RFC 822 `dateCreated`), one
 * `<outline type="rss">` per feed; a null title becomes empty `text`/`title` so `parseOpml` reads it back
 * as null. Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F)
 * are dropped; tab, LF and CR are written as character references so they survive a round trip.
 */
export function renderOpml(feeds: ReadonlyArray<{ url: string; title: string | null }>, opts: { title: string; now?: Date }): string {
  const outlines = feeds.map((f) => {
    const title = escapeXml(f.title ?? '');
    return `    <outline type="rss" text="${title}" title="${title}" xmlUrl="${escapeXml(f.url)}"/>\n`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<opml version="2.0">\n' +
    '  <head>\n' +
    `    <title>${escapeXml(opts.title)}</title>\n` +
    `    <dateCreated>${(opts.now ?? new Date()).toUTCString()}</dateCreated>\n` +
    '  </head>\n' +
    '  <body>\n' +
    outlines.join('') +
    '  </body>\n' +
    '</opml>\n'
  );
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!);
}
