// Makes untrusted text safe for the channels: escaping for HTML/XML, control-character stripping,
// one-line and length-capped text, and links restricted to http(s).

// Everything XML 1.0 forbids: C0 controls except tab/LF/CR, lone surrogates (unpaired in `u` mode),
// U+FFFE and U+FFFF.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Removes the characters XML 1.0 does not allow (they would make a document ill-formed). */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

/** Escapes text for HTML or XML element content and quoted attributes; also drops XML-illegal characters. */
export function escapeHtml(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Collapses all whitespace (including CR, LF, U+2028/2029) to single spaces and drops control characters. */
export function singleLine(s: string): string {
  return stripInvalidXmlChars(s)
    .replace(/[\s\u0085]+/gu, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

/**
 * Shortens text to at most `max` UTF-16 units, ending with "…" when cut. Prefers a word boundary near the
 * end and never splits a surrogate pair.
 */
export function truncateText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - 1);
  const prev = s.charCodeAt(cut - 1);
  if (prev >= 0xd800 && prev <= 0xdbff) cut -= 1;
  const space = s.lastIndexOf(' ', cut);
  if (space > cut * 0.8) cut = space;
  return `${s.slice(0, cut).trimEnd()}…`;
}

/** The normalized URL when `s` is an absolute http or https URL, else null (javascript:, data:, junk). */
export function httpUrl(s: string | null | undefined): string | null {
  if (!s) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}
