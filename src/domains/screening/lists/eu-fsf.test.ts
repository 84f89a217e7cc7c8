import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../../test/helpers/app.js';
import { ctxFor } from '../../../platform/context.js';
import { SYSTEM_ACTOR } from '../../../platform/auth/roles.js';
import { importListVersion, seedScreening } from '../lists.service.js';
import { resetIndexCache } from '../screening.index.js';
import { parseEuFsf } from './eu-fsf.js';
import { FeedError } from './common.js';

/** A small file written in the EU FSF schema (no real snapshot is bundled: see data/eu-fsf/PROVENANCE.md). */
const SAMPLE = readFileSync(new URL('./fixtures/eu-fsf-schema-sample.xml', import.meta.url));

describe('EU financial sanctions (eu_fsf) importer', () => {
  it('reads sanctionEntity, nameAlias, birthdate, citizenship, address, identification and regulation', () => {
    const ps = parseEuFsf({ xml: SAMPLE });
    expect(ps.map((p) => p.id)).toEqual(['eu_fsf:13', 'eu_fsf:1850']);
    const saddam = ps[0]!;
    expect(saddam).toMatchObject({ source: 'eu_fsf', schema: 'Person', birthDates: ['1937-04-28'], countries: ['IQ'], listedOn: '2003-07-08' });
    expect(saddam.names.map((n) => [n.full, n.type])).toEqual([['Saddam Hussein Al-Tikriti', 'primary'], ['Abu Ali', 'weak'], ['صدام حسين التكريتي', 'aka']]);
    expect(saddam.programmes).toEqual(['IRQ', 'EU.27.28']);
    expect(saddam.sourceUrls?.[0]).toMatch(/^http:\/\/eur-lex/);
    const komid = ps[1]!;
    expect(komid).toMatchObject({ schema: 'Organization', countries: ['KP'], listedOn: '2009-04-24' });
    expect(komid.identifiers).toContainEqual({ type: 'un_reference', value: 'KPe.001' });
    expect(komid.identifiers.find((i) => i.type === 'other')?.country).toBeUndefined();
  });

  it('rejects a broken file whole, naming the reason', () => {
    const cut = SAMPLE.subarray(0, SAMPLE.length - 200);
    expect(() => parseEuFsf({ xml: cut })).toThrow(FeedError);
    expect(() => parseEuFsf({ xml: Buffer.from('<other/>') })).toThrow(/root element "export"/);
    const dup = SAMPLE.toString('utf8').replace('logicalId="1850"', 'logicalId="13"');
    expect(() => parseEuFsf({ xml: Buffer.from(dup) })).toThrow(/logicalId 13 appears twice/);
    const noName = SAMPLE.toString('utf8').replace(/<nameAlias [^>]*wholeName="(Korea|KOMID|Changgwang)[^>]*\/>/g, '');
    expect(() => parseEuFsf({ xml: Buffer.from(noName) })).toThrow(/1850: no nameAlias/);
  });
});

describe('eu_fsf as a screening source', () => {
  let t: TestApp;
  let exporter: TestUser;
  beforeAll(async () => {
    resetIndexCache();
    t = await createTestApp();
    await seedScreening(t.deps, ['un-sc', 'eu_fsf']);
    exporter = await t.user('exporter');
  });
  afterAll(async () => t?.close());

  it('is shown as not loaded (never as clear) until imported, then matches carry source eu_fsf with its date and age', async () => {
    const before = (await t.as(exporter).post('/api/screening/search', { name: 'Saddam Hussein Al-Tikriti' })).json();
    expect(before.listVersions.eu_fsf).toMatchObject({ loaded: false, versionId: null, stale: true });
    expect(before.warnings.some((w: string) => w.startsWith('eu_fsf') && /not loaded/.test(w))).toBe(true);
    expect(before.matches.some((m: { source: string }) => m.source === 'eu_fsf')).toBe(false);

    await importListVersion(ctxFor(t.deps, SYSTEM_ACTOR, 'test'), 'eu_fsf', { xml: SAMPLE }, { kind: 'file', detail: 'eu-fsf-schema-sample.xml', dataDate: '2026-11-30' });
    const after = (await t.as(exporter).post('/api/screening/search', { name: 'Saddam Hussein Al-Tikriti' })).json();
    expect(after.listVersions.eu_fsf).toMatchObject({ loaded: true, dataDate: '2026-11-30' });
    expect(typeof after.listVersions.eu_fsf.ageDays).toBe('number');
    const hit = after.matches.find((m: { source: string }) => m.source === 'eu_fsf');
    expect(hit).toMatchObject({ entityId: 'eu_fsf:13', score: 1, list: 'EU Financial Sanctions' });
    // original script through transliteration
    const arabic = (await t.as(exporter).post('/api/screening/search', { name: 'صدام حسين التكريتي' })).json();
    expect(arabic.matches.some((m: { entityId: string }) => m.entityId === 'eu_fsf:13')).toBe(true);
  });
});
