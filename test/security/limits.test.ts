import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { safeHref } from '../../src/domains/transparency/guidance.js';

/** Low-severity limits from issue 13: anonymous comments, guidance links, CLI input size. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('anonymous consultation comments', () => {
  it('are rate-limited per client address (429 after 5 a minute) and size-limited', async () => {
    const url = '/api/controls/consultations/00000000-0000-0000-0000-000000000000/comments';
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.as(null).post(url, { body: 'A comment from the public.', email: 'p@x.example' })).statusCode);
    expect(codes.slice(0, 5).every((c) => c !== 429)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429]);
    const other = await t.app.inject({ method: 'POST', url, payload: { body: 'x'.repeat(10_001) }, remoteAddress: '10.9.9.9' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields).toHaveProperty('body');
  });
});

describe('guidance links', () => {
  it('keep only targets the URL parser places on this site, or http(s)/mailto', () => {
    for (const bad of ['/\\evil.example', '\\\\evil.example', '//evil.example', 'javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'evil.example'])
      expect(safeHref(bad), bad).toBe(false);
    for (const good of ['/guidance/dual-use', '/transparency?year=2025', '#top', 'https://www.gov.uk/', 'mailto:help@authority.example'])
      expect(safeHref(good), good).toBe(true);
  });
});

describe('clearway screen', () => {
  it('stops on --input /dev/zero with a clear error instead of reading forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-screen-'));
    const res = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn('node', ['bin/clearway.mjs', 'screen', '--input', '/dev/zero', '--output', join(dir, 'out.jsonl')], {
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' },
      });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code, err }));
    });
    expect(res.code).not.toBe(0);
    expect(res.err).toMatch(/--input \/dev\/zero: has a line longer than 64 KB/);
  }, 120_000);
});
