/** Decodes fetched bytes to text using BOM, HTTP header charset, XML declaration or HTML meta charset. */
export function decodeBody(body: Uint8Array, contentType: string | undefined, kind: 'xml' | 'html'): string {
  const declared = bomCharset(body) ?? headerCharset(contentType) ?? sniffCharset(body, kind);
  if (!declared) {
    // undeclared: UTF-8 when the bytes are valid UTF-8, else the web's usual legacy default
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return new TextDecoder('windows-1252').decode(body);
    }
  }
  const label = declared;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false });
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(body);
}

function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  // UTF-16 without BOM: '<' followed or preceded by a zero byte
  if (b[0] === 0x3c && b[1] === 0x00) return 'utf-16le';
  if (b[0] === 0x00 && b[1] === 0x3c) return 'utf-16be';
  return undefined;
}

function headerCharset(contentType: string | undefined): string | undefined {
  const m = contentType && /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return m ? m[1]!.toLowerCase() : undefined;
}

function sniffCharset(b: Uint8Array, kind: 'xml' | 'html'): string | undefined {
  const head = Buffer.from(b.subarray(0, 2048)).toString('latin1');
  if (kind === 'xml') {
    const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
    if (m) return m[1]!.toLowerCase();
  }
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta ? meta[1]!.toLowerCase() : undefined;
}
