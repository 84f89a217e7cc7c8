/** The `clearway determine` command, run as a real process on a throwaway SQLite database. */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'cw-det-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };
const run = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['bin/clearway.mjs', 'determine', ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clearway determine', () => {
  it('prints the determination as JSON with --json, and a readable explanation without', async () => {
    const j = await run(['--policy', 'eu', '--item', '1A002', '--destination', 'JP', '--end-use', 'civil', '--informed', 'wmd', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout);
    expect(r.outcome).toBe('individual_licence_required');
    expect(r.policyVersion).toMatch(/^eu-2021-821@1(\+list:.+)?$/);
    expect(r.items[0].trace.find((t: any) => t.rule === 'general-licence:EU001')).toMatchObject({ applied: false });

    const text = await run(['--policy', 'eu', '--item', '1A002', '--destination', 'JP', '--end-use', 'civil']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Outcome: GENERAL LICENCE AVAILABLE');
    expect(text.stdout).toContain('General licence EU001');
    expect(text.stdout).toContain('Regulation (EU) 2021/821');

    // 5A992 is a US ECCN, not an Annex I entry: rejected with the nearest real codes (never treated as "unlisted").
    const unknown = await run(['--policy', 'eu', '--item', '5A992', '--destination', 'IN', '--end-use', 'civil', '--aware', 'wmd', '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/5A992 is not in .*nearest real codes: .*5A/);
  }, 90_000);

  it('rejects bad input with the field and the reason, exit code 1', async () => {
    const bad = await run(['--policy', 'eu', '--item', '1A002', '--destination', 'Japan', '--end-use', 'civil']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/destination: must be a two-letter/);
  }, 60_000);
});
