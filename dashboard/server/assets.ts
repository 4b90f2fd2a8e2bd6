// The browser's scripts: TypeScript in dashboard/client, bundled with Chart.js from the installed
// packages (no CDN) by esbuild on first request, kept in memory and served with an ETag.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Router } from 'express';
import { HttpError } from './errors.ts';

const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client');
/** Entry points a page can load, as /static/js/<name>.js. */
export const BUNDLES = ['overview', 'page'] as const;
type Bundle = (typeof BUNDLES)[number];

interface Built {
  code: string;
  etag: string;
}

/** Bundles one entry point (minified, tree-shaken, ES2020 for current browsers). */
export async function bundle(name: Bundle): Promise<Built> {
  const result = await build({
    entryPoints: [path.join(CLIENT_DIR, `${name}.ts`)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, etag: `"${createHash('sha1').update(code).digest('base64url')}"` };
}

/** Serves the bundles; each is built once per process. */
export function assetsRouter(): Router {
  const router = Router();
  const built = new Map<Bundle, Promise<Built>>();
  router.get('/static/js/:name.js', async (req, res) => {
    const name = req.params.name as Bundle;
    if (!BUNDLES.includes(name)) throw new HttpError(404, 'no such script');
    if (!built.has(name)) built.set(name, bundle(name).catch((e) => { built.delete(name); throw e; }));
    const { code, etag } = await built.get(name)!;
    res.set({ etag, 'cache-control': 'public, max-age=300' });
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    res.type('application/javascript').send(code);
  });
  return router;
}
