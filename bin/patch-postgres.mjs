#!/usr/bin/env node
// postinstall: guards postgres.js 3.4.x against a crash when PostgreSQL restarts. A connection that
// closes while a small write waits for its setImmediate flush calls `socket.write` on a null socket and
// throws an uncatchable TypeError that takes the whole worker down (porsager/postgres#1154, #1208; the
// fixes in PRs #1168 and #1176 are not released yet). The patch makes the flush a no-op without a
// socket and forgets the timer when it is cleared. Idempotent; a version without the pattern is left
// as it is, with a notice (it may carry the upstream fix).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'postgres');
const MARK = '/* frontier-watch: null-socket guard */';
const FLUSH = 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
const GUARDED = `function nextWrite(fn) {\n    ${MARK} if (!socket) { chunk = nextWriteTimer = null; return false }\n    const x = socket.write(chunk, fn)`;
const CLEAR = 'clearImmediate(nextWriteTimer)\n';

for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
  const target = path.join(root, file);
  if (!existsSync(target)) continue;
  const source = readFileSync(target, 'utf8');
  if (source.includes(MARK)) continue;
  if (!source.includes(FLUSH)) {
    console.warn(`patch-postgres: ${file} has changed upstream; left as it is (check porsager/postgres#1154)`);
    continue;
  }
  const patched = source.replace(FLUSH, GUARDED).split(CLEAR).join(`${CLEAR}    nextWriteTimer = null\n`);
  writeFileSync(target, patched);
  console.log(`patch-postgres: guarded ${file}`);
}
