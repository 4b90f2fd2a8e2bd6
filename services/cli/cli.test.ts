import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../core/testing/test-env.ts';
import { loadCorpus } from '../demo/fixture-articles.ts';
import { startFixtureSite, type FixtureSite } from '../demo/fixture-site.ts';

// The `frontier` command and `npm start` as a user runs them: separate processes, real services.
const ROOT = path.resolve(import.meta.dirname, '../..');
let env: TestEnv;
let site: FixtureSite;
let childEnv: NodeJS.ProcessEnv;

const frontier = (args: string[], input?: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/frontier.mjs'), ...args], { env: childEnv, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });

beforeAll(async () => {
  env = await createTestEnv();
  site = await startFixtureSite({ articles: loadCorpus().slice(0, 12) });
  childEnv = { ...process.env, DATABASE_URL: env.config.DATABASE_URL, QUEUE_PREFIX: env.config.QUEUE_PREFIX, FETCH_ALLOW_HOSTS: '127.0.0.1', LOG_LEVEL: 'silent', SEED_DEFAULT_FEEDS: 'false' };
});

afterAll(async () => {
  await site?.close();
  await env?.cleanup();
});

describe('frontier CLI', () => {
  it('manages feeds: add, list, export, import, remove', async () => {
    const feedUrl = site.feeds[0]!.url;
    const add = await frontier(['feeds', 'add', feedUrl, '--name', 'Fixture one', '--interval', '5m']);
    expect(add.stdout).toMatch(/^added feed \d+: .* \(every 300s\)/);
    expect((await frontier(['feeds', 'add', feedUrl])).stdout).toMatch(/feed already present/);
    const bad = await frontier(['feeds', 'add', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/feeds: not a valid URL/);

    const list = await frontier(['feeds', 'list']);
    expect(list.stdout).toMatch(/Fixture one <http:\/\/127\.0\.0\.1:\d+\/feeds\//);
    expect(list.stdout).toMatch(/\tnew\tyes\tnever\t0\t0\t/);

    const exported = await frontier(['feeds', 'export']);
    expect(exported.stdout).toMatch(/<opml version="2.0">[\s\S]*xmlUrl="http:\/\/127\.0\.0\.1/);
    const dir = await mkdtemp(path.join(tmpdir(), 'opml-'));
    const file = path.join(dir, 'feeds.opml');
    await writeFile(file, exported.stdout.replace('</body>', `<outline text="Two" xmlUrl="${site.feeds[1]!.url}"/></body>`));
    expect((await frontier(['feeds', 'import', file])).stdout).toMatch(/imported 1 new feeds \(1 already present/);
    expect((await frontier(['feeds', 'remove', feedUrl])).stdout).toMatch(/removed feed \d+/);
    const after = await frontier(['feeds', 'list', '--json']);
    expect(JSON.parse(after.stdout).map((f: { url: string }) => f.url)).toEqual([site.feeds[1]!.url]);
  });

  it('poll --once polls, drains every stage and prints a summary', async () => {
    const r = await frontier(['poll', '--once']);
    expect(r.code).toBe(0);
    const stored = loadCorpus().slice(0, 12).filter((a) => site.feeds[1]!.url.includes(`/feeds/${a.domain.split('.')[0]}.`)).length;
    expect(r.stdout).toMatch(/polled 1 feeds: 1 ok, 0 not modified, 0 failed/);
    expect(r.stdout).toMatch(new RegExp(`new articles ${stored} \\(extracted ${stored}, feed text only 0\\), classified ${stored}, grouped ${stored}`));
    const again = await frontier(['poll', '--once']);
    expect(again.stdout).toMatch(/polled 1 feeds: 0 ok, 1 not modified/);
    expect(again.stdout).toMatch(/new articles 0/);
  });

  it('reclassify repairs tampered labels, reports the changes, and is idempotent', async () => {
    const [article] = await env.sql<{ id: number }[]>`select id::int from articles where stage in ('grouped', 'matched') order by id limit 1`;
    expect(article).toBeDefined();
    await env.sql`insert into article_categories (article_id, category, score) values (${article!.id}, 'not_in_profile', 1)`;
    const r = await frontier(['reclassify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reclassified \d+ articles with classifier default-[0-9a-f]+/);
    expect(r.stdout).toContain('  not_in_profile: +0 −1');
    expect(await env.sql`select 1 from article_categories where category = 'not_in_profile'`).toHaveLength(0);
    expect((await frontier(['reclassify'])).stdout).toMatch(/no label changed/);
  });

  it('classify: one JSON line out per line in, in order; a malformed line gives an error line', async () => {
    const input = [
      JSON.stringify({ id: 'a', title: 'Suicide attack on police station in Bannu', text: 'At least eight policemen were martyred when TTP militants attacked a police station in Bannu, Khyber Pakhtunkhwa.' }),
      '{not json',
      JSON.stringify({ id: 'c', title: 'Pakistan beat New Zealand in second T20', text: 'Babar Azam scored a fifty as Pakistan won by six wickets in Lahore.' }),
      JSON.stringify({ id: 'd', title: 'missing text' }),
    ].join('\n');
    const r = await frontier(['classify'], `${input}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', relevant: true });
    expect(lines[0].categories.map((c: { name: string }) => c.name)).toContain('attack');
    for (const c of lines[0].categories) expect(c).toEqual({ name: expect.any(String), score: expect.any(Number), evidence: expect.any(Array) });
    expect(lines[0].casualties).toHaveProperty('killed');
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^classify: not JSON/) });
    expect(lines[2]).toMatchObject({ id: 'c', relevant: false, categories: [] });
    expect(lines[3]).toEqual({ id: 'd', error: expect.stringMatching(/^classify: text: /) });
  });

  it('npm start --role=worker shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/main.mjs'), '--role=worker'], { env: { ...childEnv, LOG_LEVEL: 'info' }, cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`not started: ${out}`)), 20_000);
      child.stdout.on('data', () => out.includes('frontier watch started') && (clearTimeout(t), resolve()));
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/"msg":"stopped"/);
  });
});
