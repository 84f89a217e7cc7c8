import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ListedParty } from '../model.js';
import { DEFAULT_THRESHOLD, MatchIndex, normalizeName, normalizedString, skeleton } from './index.js';

const parties: ListedParty[] = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/parties.json.gz', import.meta.url))).toString('utf8'));
const byId = new Map(parties.map((p) => [p.id, p]));
/** The fixture without original-script names, so a Cyrillic/Arabic query must be matched through transliteration. */
const latinOnly = parties.map((p) => ({ ...p, names: p.names.filter((n) => n.type !== 'original') }));
const names = (id: string) => byId.get(id)!.names.map((n) => n.full);

let ix: MatchIndex;
let latin: MatchIndex;
beforeAll(() => {
  ix = MatchIndex.build(parties);
  latin = MatchIndex.build(latinOnly);
});

const top = (index: MatchIndex, name: string, extra: Record<string, unknown> = {}) => index.search({ name, ...extra }, { threshold: 0, limit: 5 });

describe('normalisation', () => {
  it('transliterates Cyrillic and Arabic, folds case and punctuation', () => {
    expect(normalizedString('Умаров Доку Хаматович')).toBe('UMAROV DOKU KHAMATOVICH');
    expect(normalizedString("'ABBAS, Yasir")).toBe('ABBAS YASIR');
    // the Arabic article is split off: التكريتي → AL TKRYTY
    expect(normalizedString('صدام حسين التكريتي')).toBe('SDM HSYN AL TKRYTY');
    expect(skeleton('SADDAM')).toBe(skeleton('SDM'));
    expect(skeleton('HUSSEIN')).toBe(skeleton('HSYN'));
  });
  it('canonicalises legal forms as weak tokens and drops honorifics', () => {
    expect(normalizeName('OOO Gazprom Inform')).toEqual([
      { text: 'LLC', kind: 'legal' },
      { text: 'GAZPROM', kind: 'name' },
      { text: 'INFORM', kind: 'name' },
    ]);
    expect(normalizedString('VTB Bank (Public Joint-Stock Company)')).toBe('VTB BANK PJSC');
    expect(normalizedString('БАНК ВТБ ПАО')).toBe('BANK VTB PJSC');
    expect(normalizedString('Huawei Technologies Co., Limited')).toBe('HUAWEI TECHNOLOGIES CO LTD');
    expect(normalizedString('Mr. John Smith')).toBe('JOHN SMITH');
    expect(normalizeName('Abu Bakr al-Baghdadi').find((t) => t.text === 'AL')?.kind).toBe('particle');
    expect(normalizedString('L-409')).toBe(normalizedString('L409'));
  });
});

describe('MatchIndex.search on real listed names', () => {
  it('finds an exact name and an unrelated query does not', () => {
    const r = top(ix, 'Vladimir Vladimirovich PUTIN');
    expect(r[0].score).toBeGreaterThanOrEqual(0.99);
    expect(names(r[0].partyId).some((n) => /PUTIN/i.test(n) && /Vladimir/i.test(n))).toBe(true);
    expect(ix.search({ name: 'Tessa Quarterman-Oyelaran' })).toEqual([]);
  });

  it('tolerates typos, reordering and dropped middle names', () => {
    for (const q of ['Vladimir Vladimirovich PUTNI', 'Vladmir Vladimirovich Puttin', 'PUTIN Vladimir Vladimirovich', 'Vladimir PUTIN']) {
      const r = ix.search({ name: q });
      expect(r.length, q).toBeGreaterThan(0);
      expect(names(r[0].partyId).some((n) => /PUTIN, Vladimir|Vladimir (Vladimirovich )?PUTIN/i.test(n)), q).toBe(true);
      expect(r[0].score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    }
    expect(top(ix, 'Vladimir Vladimirovich PUTNI')[0].score).toBeLessThan(top(ix, 'Vladimir Vladimirovich PUTIN')[0].score);
  });

  it('matches Cyrillic and Arabic-script queries against Latin listed names (original script removed from the index)', () => {
    const umarov = latin.search({ name: 'Умаров Доку Хаматович' });
    expect(umarov[0].matchedName).toBe('DOKU KHAMATOVICH UMAROV');
    expect(umarov[0].score).toBeGreaterThanOrEqual(0.95);
    const saddam = latin.search({ name: 'صدام حسين التكريتي' });
    expect(saddam.length).toBeGreaterThan(0);
    expect(saddam[0].matchedName.toUpperCase()).toMatch(/SADDAM HUSSEIN|HUSSEIN, SADDAM|AL-TIKRITI, SADDAM/);
    expect(saddam[0].explanation.tokens.find((t) => t.query === 'SDM')).toMatchObject({ matched: 'SADDAM', how: 'phonetic' });
  });

  it('lets an Arabic-script name alert on its romanisation (cross-script key: KHAWLA = KHWLH, ABDEFATTAH = BDFTAH)', () => {
    for (const [q, id] of [
      ['خولة برزان إبراهيم حسن التكريتي', 'un-sc:6908113'],
      ['مرعي عبدفتاح خليل زغبي', 'un-sc:2758288'],
      ['خميس سرحان المحمد', 'un-sc:6908101'],
    ]) {
      const r = latin.search({ name: q });
      expect(r[0]?.partyId, q).toBe(id);
      expect(r[0].score, q).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    }
    // عبد الله is ABDULLAH: الله keeps its article, and BD + LLH is aligned with the joined Latin word
    expect(normalizedString('عبد الله')).toBe('BD LLH');
  });

  it('matches a Han name by its exact syllables only, and reads a typo inside a legal-form phrase as that form', () => {
    const one = MatchIndex.build([
      { ...parties[0], id: 't:1', schema: 'Person', names: [{ full: 'DENG Zhonghua', type: 'primary' }] },
      { ...parties[0], id: 't:2', schema: 'Organization', names: [{ full: 'LIMITED LIABILITY COMPANY PLATAN ENERGO', type: 'primary' }] },
    ]);
    // 邓中海 is DENG ZHONGHAI: one syllable (海 hai ≠ 华 hua) differs, so it is another name, not a typo
    expect(one.search({ name: '邓中海' }, { threshold: 0 }).find((m) => m.partyId === 't:1')?.score ?? 0).toBeLessThan(0.6);
    expect(one.search({ name: '邓中华' })[0]?.partyId).toBe('t:1');
    expect(normalizedString('LIMITED LIBILITY COMPANY PLATAN ENERGO')).toBe('LLC PLATAN ENERGO');
  });

  it('finds an entity by its alias and across legal-form changes', () => {
    const vtb = ix.search({ name: 'БАНК ВТБ ПАО' });
    expect(vtb[0].party.names.some((n) => /VTB/i.test(n.full))).toBe(true);
    const huawei = ix.search({ name: 'Huawei Technologies Limited', type: 'organization' });
    expect(huawei[0].matchedName.toUpperCase()).toContain('HUAWEI TECHNOLOGIES');
    expect(huawei[0].score).toBeGreaterThanOrEqual(0.9);
    const dokka = ix.search({ name: 'Dokka Umarov' });
    expect(dokka.some((m) => m.partyId === 'un-sc:2960872')).toBe(true);
  });

  it('never gives a top score to a single common token', () => {
    for (const q of ['MOHAMMED', 'CORP', 'TRADING', 'AL', 'Trading Corp', 'Al Mohammed']) {
      const r = top(ix, q);
      expect(r[0]?.score ?? 0, q).toBeLessThan(DEFAULT_THRESHOLD);
      expect(ix.search({ name: q }), q).toEqual([]);
    }
  });

  it('explains token alignment and secondary evidence, which moves the score', () => {
    const plain = ix.search({ name: 'Vladmir PUTIN' })[0];
    expect(plain.explanation.tokens).toEqual([
      expect.objectContaining({ query: 'VLADMIR', matched: 'VLADIMIR', how: expect.stringMatching(/fuzzy|phonetic/) }),
      expect.objectContaining({ query: 'PUTIN', matched: 'PUTIN', how: 'exact', similarity: 1 }),
    ]);
    expect(plain.explanation.tokens[1].weight).toBeGreaterThan(0);
    expect(plain.explanation.summary).toContain('VLADMIR≈VLADIMIR');

    const party = parties.find((p) => p.schema === 'Person' && p.birthDates.length > 0 && p.names.some((n) => /^(Vladimir (Vladimirovich )?PUTIN|PUTIN, Vladimir)/i.test(n.full)))!;
    const asOrg = ix.search({ name: 'Vladmir PUTIN', type: 'organization' }, { threshold: 0 }).find((m) => m.partyId === party.id)!;
    const asPerson = ix.search({ name: 'Vladmir PUTIN', type: 'person' }, { threshold: 0 }).find((m) => m.partyId === party.id)!;
    expect(asOrg.score).toBeLessThan(asPerson.score);
    expect(asPerson.explanation.features.find((f) => f.feature === 'type')!.effect).toBeGreaterThan(0);
    expect(asOrg.explanation.features.find((f) => f.feature === 'type')!.effect).toBeLessThan(0);

    const dob = party.birthDates[0];
    expect(dob).toBeTruthy();
    const withDob = ix.search({ name: 'Vladimir PUTN', dateOfBirth: dob }, { threshold: 0 }).find((m) => m.partyId === party.id)!;
    const noDob = ix.search({ name: 'Vladimir PUTN' }, { threshold: 0 }).find((m) => m.partyId === party.id)!;
    expect(withDob.score).toBeGreaterThan(noDob.score);
    expect(withDob.explanation.features.find((f) => f.feature === 'dateOfBirth')).toMatchObject({ effect: expect.any(Number) });
    const wrongDob = ix.search({ name: 'Vladimir PUTN', dateOfBirth: '1990-01-01' }, { threshold: 0 }).find((m) => m.partyId === party.id)!;
    expect(wrongDob.score).toBeLessThan(noDob.score);
  });

  it('common-token queries only surface weak matches explained as low information', () => {
    const r = top(ix, 'Mohammed');
    expect(r.length).toBeGreaterThan(0);
    expect(r[0].explanation.features.some((f) => f.feature === 'information' && f.effect < 0)).toBe(true);
  });

  it('respects threshold and limit, best first, one match per party', () => {
    const r = ix.search({ name: 'Saddam Hussein al-Tikriti' }, { threshold: 0.5, limit: 4 });
    expect(r.length).toBe(4);
    for (let i = 1; i < r.length; i++) expect(r[i - 1].score).toBeGreaterThanOrEqual(r[i].score);
    expect(new Set(r.map((m) => m.partyId)).size).toBe(r.length);
    expect(r.every((m) => m.score >= 0.5)).toBe(true);
  });

  it('supports incremental add and remove', () => {
    const small = MatchIndex.build(parties.filter((p) => !/PUTIN/i.test(p.names.map((n) => n.full).join(' '))));
    expect(small.search({ name: 'Vladimir Vladimirovich PUTIN' })).toEqual([]);
    const putin = parties.find((p) => p.names.some((n) => n.full === 'Vladimir Vladimirovich PUTIN'))!;
    small.add(putin);
    expect(small.search({ name: 'Vladimir Vladimirovich PUTIN' })[0].partyId).toBe(putin.id);
    expect(small.remove(putin.id)).toBe(true);
    expect(small.search({ name: 'Vladimir Vladimirovich PUTIN' })).toEqual([]);
    expect(small.remove(putin.id)).toBe(false);
  });

  it('an index updated incrementally scores exactly like one built from scratch (cached weights follow add/remove)', () => {
    const putinLike = (p: ListedParty) => /PUTIN|HUSSEIN|TIKRITI/i.test(p.names.map((n) => n.full).join(' '));
    const queries = ['Vladimir PUTIN', 'Saddam Hussein al-Tikriti', 'Mohammed Ali', 'Huawei Technologies', 'Dokka Umarov'];
    const view = (index: MatchIndex) => queries.map((q) => index.search({ name: q }, { threshold: 0, limit: 3 }).map((m) => [m.partyId, m.score, m.explanation.summary]));
    const inc = MatchIndex.build(parties.filter((p) => !putinLike(p)));
    const before = view(inc); // fills the weight caches for the smaller index
    for (const p of parties.filter(putinLike)) inc.add(p);
    expect(view(inc)).toEqual(view(ix));
    for (const p of parties.filter(putinLike)) inc.remove(p.id);
    expect(view(inc)).toEqual(before);
    expect(view(inc)).toEqual(view(MatchIndex.build(parties.filter((p) => !putinLike(p)))));
  });

  it('a threshold only filters: the early exit and pruning never drop a match that reaches it', () => {
    const queries = ['Mohammed Ali', 'Ali Hassan', 'Trading Corp', 'Vladmir PUTIN', 'Saddam Hussein', 'Al Qaida', 'VTB Bank', 'Gazprom Inform', 'Kim Jong'];
    let nonEmpty = 0;
    for (const q of queries)
      for (const threshold of [0.5, 0.65, DEFAULT_THRESHOLD]) {
        const all = ix.search({ name: q }, { threshold: 0, limit: 50 }).filter((m) => m.score >= threshold).slice(0, 5);
        const got = ix.search({ name: q }, { threshold, limit: 5 });
        expect(got.map((m) => [m.partyId, m.score]), `${q} @ ${threshold}`).toEqual(all.map((m) => [m.partyId, m.score]));
        if (got.length) nonEmpty++;
      }
    expect(nonEmpty).toBeGreaterThan(5);
  });
});

