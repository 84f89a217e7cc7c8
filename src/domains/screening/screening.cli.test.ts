import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { loadConfig } from '../../platform/config.js';
import { openDeps } from '../../server/runtime.js';
import { readBundled } from '../../platform/data.js';
import { seedScreening } from './lists.service.js';
import { getIndex } from './screening.index.js';

/** The real CLI (bin/clearway.mjs) in a child process against a throwaway database. */
const BIN = resolve('bin/clearway.mjs');
let tdb: TestDatabase;
let dir: string;
let server: Server;
let base = '';
const served = new Map<string, Buffer>();

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: tdb.url }));
  await seedScreening(deps, ['un-sc', 'bis-dpl']);
  await database.destroy();
  dir = mkdtempSync(join(tmpdir(), 'cw-screen-'));
  served.set('/dpl-2019.txt', readBundled('bis-dpl/dpl-2019-07.txt.gz'));
  served.set('/empty.txt', Buffer.alloc(0));
  server = createServer((req, r) => {
    const b = served.get(req.url ?? '');
    if (!b) r.writeHead(404).end();
    else r.writeHead(200, { 'content-length': b.length }).end(b);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await tdb?.drop();
});

describe('clearway screen', () => {
  it('rejects an input without the id,name columns and a bad threshold, writing nothing', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'who,what\n1,x\n');
    const bad = await run(['screen', '--input', join(dir, 'bad.csv'), '--output', join(dir, 'bad.jsonl')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/id,name/);
    writeFileSync(join(dir, 'rows.csv'), 'id,name\n1,x\n');
    const thr = await run(['screen', '--input', join(dir, 'rows.csv'), '--output', join(dir, 'x.jsonl'), '--threshold', '1.5']);
    expect(thr.code).toBe(1);
    expect(thr.stderr).toMatch(/--threshold must be a number from 0 to 1/);
  }, 60_000);

  it('reports a bad row (blank or overlong name, bad date) on that row and screens the others; an unpadded date is read as meant', async () => {
    const long = 'A'.repeat(150) + ' ' + 'B'.repeat(160);
    writeFileSync(join(dir, 'mixed.csv'), `id,name,type,dob\n1,Eric Badege,person,1971-1-5\n2,,,\n3,${long},,\n4,Butembo Airlines,,1971-13-01\n5,Butembo Airlines,,\n`);
    const out = join(dir, 'mixed.jsonl');
    const r = await run(['screen', '--input', join(dir, 'mixed.csv'), '--output', out]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/line 3\.name: is required/);
    expect(r.stderr).toMatch(/2 rows screened, 2 with matches, 3 not screened/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.screened])).toEqual([['1', true], ['2', false], ['3', false], ['4', false], ['5', true]]);
    expect(lines[0].matches[0]).toMatchObject({ source: 'un-sc', name: 'ERIC BADEGE' });
    expect(lines[0].matches[0].explanation.features.some((f: { feature: string }) => f.feature === 'dateOfBirth')).toBe(true);
    expect(lines[1]).toMatchObject({ matches: null, errors: { 'line 3.name': 'is required' } });
    expect(lines[2].errors['line 4.name']).toMatch(/longer than 300/);
    expect(lines[3].errors['line 5.dateOfBirth']).toMatch(/YYYY/);
    expect(lines[4].matches[0].name).toBe('BUTEMBO AIRLINES (BAL)');
  }, 60_000);

  it('writes one JSON line per input row, in order, matches above the threshold only, best first', async () => {
    writeFileSync(join(dir, 'parties.csv'), 'id,name,type,country,dob\nP1,Eric Badege,person,,1971\nP2,Quiet Harmless Bakery,organization,GB,\nP3,Butembo Airlines,,CD,\n');
    const out = join(dir, 'results.jsonl');
    const r = await run(['screen', '--input', join(dir, 'parties.csv'), '--output', out, '--threshold', '0.7', '--limit', '3']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['P1', 'P2', 'P3']);
    expect(lines[0].matches[0]).toMatchObject({ source: 'un-sc', name: 'ERIC BADEGE' });
    expect(Object.keys(lines[0].matches[0]).sort()).toEqual(['entityId', 'explanation', 'list', 'listVersion', 'matchedName', 'name', 'schema', 'score', 'source']);
    expect(lines[1].matches).toEqual([]);
    expect(lines[2].matches[0].name).toBe('BUTEMBO AIRLINES (BAL)');
    for (const l of lines) {
      expect(l.matches.length).toBeLessThanOrEqual(3);
      for (let i = 0; i < l.matches.length; i++) {
        expect(l.matches[i].score).toBeGreaterThanOrEqual(0.7);
        if (i) expect(l.matches[i - 1].score).toBeGreaterThanOrEqual(l.matches[i].score);
      }
    }
    expect(r.stderr).toMatch(/3 rows screened, 2 with matches/);
  }, 60_000);
});

describe('clearway lists update', () => {
  it('fetches a configured URL, stores a new version with its diff; a 0-byte feed is rejected with exit code 2', async () => {
    // This process holds an index; the update happens in another process (the CLI); the next search here must see it.
    const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: tdb.url }));
    const before = await getIndex(deps.db);
    const ok = await run(['lists', 'update', '--source', 'bis-dpl'], { CLEARWAY_LIST_BIS_DPL_URL: `${base}/dpl-2019.txt` });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/bis-dpl: new version 2 \(546 entities; \+256 -375 ~12\)/);
    const after = await getIndex(deps.db);
    expect(after.versions['bis-dpl']).not.toBe(before.versions['bis-dpl']);
    expect(after.versions['un-sc']).toBe(before.versions['un-sc']);
    const v2 = await deps.db.selectFrom('screening_list_versions').select('id').where('source', '=', 'bis-dpl').where('is_current', '=', 1).executeTakeFirstOrThrow();
    expect(after.versions['bis-dpl']).toBe(v2.id);
    const removed = await deps.db.selectFrom('screening_version_changes').select(['entity_id', 'name']).where('version_id', '=', v2.id).where('change', '=', 'removed').executeTakeFirstOrThrow();
    const added = await deps.db.selectFrom('screening_version_changes').select(['entity_id', 'name']).where('version_id', '=', v2.id).where('change', '=', 'added').executeTakeFirstOrThrow();
    expect(after.index.get(removed.entity_id)).toBeUndefined();
    expect(after.index.get(added.entity_id)?.names[0]?.full).toBe(added.name);
    await database.destroy();
    // A restart's seed does not put the older bundled DPL back over the fetched one.
    const { deps: d2, database: db2 } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: tdb.url }));
    await d2.db.deleteFrom('app_state').where('key', '=', 'seed:screening:bis-dpl').execute();
    await seedScreening(d2, ['bis-dpl']);
    const still = await d2.db.selectFrom('screening_list_versions').select(['id', 'origin']).where('source', '=', 'bis-dpl').where('is_current', '=', 1).executeTakeFirstOrThrow();
    expect(still).toEqual({ id: v2.id, origin: 'url' });
    await db2.destroy();
    const broken = await run(['lists', 'update', '--source', 'bis-dpl'], { CLEARWAY_LIST_BIS_DPL_URL: `${base}/empty.txt` });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/bis-dpl: REJECTED, previous version kept\. .*bis-dpl\/dpl: file is empty \(0 bytes\)/);
    const unknown = await run(['lists', 'update', '--source', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--source must be one of/);
  }, 90_000);
});
