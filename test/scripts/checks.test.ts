// The boundary and size checks run as real processes against a small fixture tree in a temp directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const scripts = resolve(import.meta.dirname, '../../scripts');
let root: string;

function write(rel: string, text: string) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}
function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(scripts, script), '--root', root, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}
const allowJson = (file: string) => JSON.parse(readFileSync(join(root, 'scripts', file), 'utf8'));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cw-checks-'));
  write('src/domains/alpha/alpha.tables.ts', 'export interface AlphaTables {\n  alpha_cases: { id: string };\n  alpha_notes: { id: string };\n}\n');
  write('src/domains/beta/beta.tables.ts', 'export interface BetaTables {\n  beta_facts: { id: string };\n}\n');
  write('src/domains/alpha/alpha.port.ts', "export const caseIds = (db: any) => db.selectFrom('alpha_cases').select('alpha_cases.id').execute();\n");
  write('src/domains/beta/facts.ts', "import { caseIds } from '../alpha/alpha.port.js';\nexport const facts = (db: any) => db.selectFrom('beta_facts as f').selectAll().execute().then(() => caseIds(db));\n");
  write('src/platform/db.ts', "export const platformOnly = 'beta_facts is a word here, not a table reference';\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

// Each run is a real node process that loads TypeScript's parser: seconds each on a busy 2-core machine.
describe('check-boundaries', { timeout: 180_000 }, () => {
  it('passes when a domain reads another only through its port', () => {
    const r = run('check-boundaries.mjs');
    expect(r.out).toContain('Boundary check passed');
    expect(r.code).toBe(0);
  });

  it("fails when a domain names another domain's table (string, column reference, aliased, raw SQL), and says what to do", () => {
    write('src/domains/beta/leak.ts', [
      "export const a = (db: any) => db.selectFrom('alpha_cases').select('id').execute();",
      "export const b = (db: any) => db.selectFrom('beta_facts').innerJoin('alpha_notes as n', 'n.id', 'beta_facts.id');",
      'export const c = (sql: any) => sql`select count(*) from alpha_cases where 1=1`;',
    ].join('\n'));
    const r = run('check-boundaries.mjs');
    expect(r.code).toBe(1);
    expect(r.out).toContain("src/domains/beta/leak.ts: names alpha's table alpha_cases.");
    expect(r.out).toContain("src/domains/beta/leak.ts: names alpha's table alpha_notes.");
    expect(r.out).toContain('*.port.ts');
    expect(r.out).not.toContain('beta_facts.');
  });

  it('ignores test files', () => {
    write('src/domains/beta/facts.test.ts', "const x = (db: any) => db.selectFrom('alpha_cases');\n");
    expect(run('check-boundaries.mjs').code).toBe(0);
  });

  it('fails when the platform imports from src/domains (static, type-only or dynamic)', () => {
    write('src/platform/migrate.ts', "import type { X } from '../domains/alpha/alpha.tables.js';\nexport const f = () => import('../domains/beta/facts.js');\n");
    const r = run('check-boundaries.mjs');
    expect(r.code).toBe(1);
    expect(r.out).toContain('src/platform/migrate.ts: the platform imports src/domains/alpha/alpha.tables.js.');
    expect(r.out).toContain('src/platform/migrate.ts: the platform imports src/domains/beta/facts.js.');
    expect(r.out).toContain('composition root');
  });

  it('accepts a listed violation, fails on a listed one that is gone, and --shrink removes it without adding new ones', () => {
    write('src/domains/beta/leak.ts', "export const a = (db: any) => db.selectFrom('alpha_cases');\n");
    write('scripts/boundaries.allow.json', JSON.stringify({ tables: { 'src/domains/beta/leak.ts': ['alpha_cases'] }, imports: {} }));
    expect(run('check-boundaries.mjs').code).toBe(0);

    write('src/domains/beta/leak.ts', "export const a = (db: any) => db.selectFrom('beta_facts');\n");
    const stale = run('check-boundaries.mjs');
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('src/domains/beta/leak.ts no longer names alpha_cases');
    expect(stale.out).toContain('--shrink');

    write('src/domains/beta/other.ts', "export const b = (db: any) => db.selectFrom('alpha_notes');\n");
    const shrunk = run('check-boundaries.mjs', '--shrink');
    expect(allowJson('boundaries.allow.json').tables).toEqual({});
    expect(shrunk.code).toBe(1); // the new violation in other.ts is not silently allowed
    expect(shrunk.out).toContain("src/domains/beta/other.ts: names alpha's table alpha_notes.");
  });
});

const lines = (n: number, prefix = '  ') => Array.from({ length: n }, (_, i) => `${prefix}const v${i} = ${i};`).join('\n');

describe('check-size', { timeout: 180_000 }, () => {
  it('passes files and functions within the caps (a 78-line body makes an 80-line function)', () => {
    write('src/domains/beta/ok.ts', `export function fits() {\n${lines(78)}\n}\n`);
    const r = run('check-size.mjs');
    expect(r.out).toContain('Size check passed');
    expect(r.code).toBe(0);
  });

  it('fails an 81-line function and a 601-line file, naming them and saying what to do', () => {
    write('src/domains/beta/long.ts', `export const tooLong = () => {\n${lines(79)}\n};\n`);
    write('web/src/big.tsx', `${lines(601, '')}\n`);
    const r = run('check-size.mjs');
    expect(r.code).toBe(1);
    expect(r.out).toContain('src/domains/beta/long.ts: function tooLong: 81 lines (cap 80).');
    expect(r.out).toContain('web/src/big.tsx (file): 601 lines (cap 600).');
    expect(r.out).toContain('split it');
  });

  it('exempts tests, and names callbacks after the function they sit in', () => {
    write('src/domains/beta/long.test.ts', `it('x', () => {\n${lines(100)}\n});\n`);
    write('src/domains/beta/routes.ts', `export function routes(app: any) {\n  app.get('/api/x', () => {\n${lines(85)}\n  });\n}\n`);
    const r = run('check-size.mjs');
    expect(r.out).not.toContain('long.test.ts');
    expect(r.out).toContain('src/domains/beta/routes.ts: function routes: 89 lines');
    expect(r.out).toContain('src/domains/beta/routes.ts: function routes > app.get("/api/x") callback: 87 lines');
  });

  it('ratchets: a listed offender may shrink but not grow; once fixed its entry must go; --shrink lowers and removes', () => {
    write('src/domains/beta/long.ts', `export function tooLong() {\n${lines(98)}\n}\n`); // 100 lines
    write('scripts/size.allow.json', JSON.stringify({ files: {}, functions: { 'src/domains/beta/long.ts': { tooLong: 100 } } }));
    expect(run('check-size.mjs').code).toBe(0);

    write('src/domains/beta/long.ts', `export function tooLong() {\n${lines(99)}\n}\n`);
    const grown = run('check-size.mjs');
    expect(grown.code).toBe(0); // reported, not failed, while others' splits are in flight
    expect(grown.out).toContain('warning: src/domains/beta/long.ts: function tooLong: 101 lines, grown from 100');
    const strict = run('check-size.mjs', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('101 lines, grown from 100');

    write('src/domains/beta/long.ts', `export function tooLong() {\n${lines(88)}\n}\n`);
    expect(run('check-size.mjs').code).toBe(0);
    run('check-size.mjs', '--shrink');
    expect(allowJson('size.allow.json').functions).toEqual({ 'src/domains/beta/long.ts': { tooLong: 90 } });

    write('src/domains/beta/long.ts', `export function tooLong() {\n${lines(10)}\n}\n`);
    const fixed = run('check-size.mjs');
    expect(fixed.code).toBe(1);
    expect(fixed.out).toContain('function tooLong is now within the cap');
    run('check-size.mjs', '--shrink');
    expect(allowJson('size.allow.json').functions).toEqual({});
    expect(run('check-size.mjs').code).toBe(0);
  });
});
