import { describe, expect, it } from 'vitest';
import { readBundled } from '../../../platform/data.js';
import { FeedError } from './common.js';
import { SOURCES, parseFeed, sourceByName } from './sources.js';
import { bundledFiles } from '../lists.service.js';
import { readCsv } from './csv.js';
import { parseRemarks } from './ofac.js';

const parsed = (name: string) => parseFeed(sourceByName(name), bundledFiles(name));

describe('list importers on the bundled official files', () => {
  it('US CSL: every row, sub-list names other domains rely on, licence requirement and policy', () => {
    const ps = parsed('us-csl');
    expect(ps.length).toBe(14160);
    const byList = new Map<string, number>();
    for (const p of ps) byList.set(p.list!, (byList.get(p.list!) ?? 0) + 1);
    expect(byList.get('Entity List')).toBe(2001);
    expect(byList.get('Denied Persons List')).toBe(462);
    expect(byList.get('Unverified List')).toBe(201);
    expect(byList.get('Military End User List')).toBe(71);
    const el = ps.find((p) => p.list === 'Entity List' && p.licenceRequirement);
    expect(el?.licencePolicy).toBeTruthy();
    const abbas = ps.find((p) => p.id === 'us-csl:SDN:24904')!;
    expect(abbas.schema).toBe('Person');
    expect(abbas.birthDates).toContain('1978-08-22');
    expect(abbas.names.map((n) => n.full)).toContain("'ABBAS, Yasir 'Aziz");
    expect(abbas.countries).toContain('SY');
  });

  it('OFAC SDN: the newest bundled SDN.CSV (2024-05-03), aliases from alt.csv, addresses from add.csv, DOB and identifiers from remarks', () => {
    const ps = parsed('ofac-sdn');
    expect(ps.length).toBe(14965);
    const bnc = ps.find((p) => p.id === 'ofac-sdn:306')!;
    expect(bnc.names[0]).toMatchObject({ full: 'BANCO NACIONAL DE CUBA', type: 'primary' });
    expect(bnc.names.map((n) => n.full)).toContain('NATIONAL BANK OF CUBA');
    expect(bnc.addresses.some((a) => a.country === 'CH')).toBe(true);
    expect(ps.filter((p) => p.schema === 'Vessel').length).toBe(851);
    expect(ps.filter((p) => p.schema === 'Person').length).toBe(6854);
    const r = parseRemarks("DOB 25 Mar 1973; POB Damascus; nationality Syria; Passport N0123 (Syria); a.k.a. 'ABU X'.");
    expect(r.birthDates).toEqual(['1973-03-25']);
    expect(r.countries).toEqual(['SY']);
    expect(r.identifiers).toEqual([{ type: 'passport', value: 'N0123', country: 'SY' }]);
    expect(r.aliases).toEqual([{ full: 'ABU X', type: 'aka' }]);
  });

  it('OFAC consolidated non-SDN, UN SC XML, UK CSVs and BIS DPL', () => {
    expect(parsed('ofac-cons').length).toBe(442);
    const un = parsed('un-sc');
    expect(un.filter((p) => p.schema === 'Person').length).toBe(730);
    expect(un.filter((p) => p.schema === 'Organization').length).toBe(273);
    expect(un.some((p) => p.names.some((n) => n.type === 'original'))).toBe(true);
    expect(un.find((p) => p.names[0]!.full === 'ERIC BADEGE')?.list).toBe('UN DRC');
    const uk = parsed('uk-sanctions');
    expect(uk.length).toBe(6046);
    expect(uk.filter((p) => p.schema === 'Vessel').length).toBe(632);
    expect(uk.filter((p) => p.id.startsWith('uk-sanctions:DPR')).length).toBe(261);
    const dpl = parsed('bis-dpl');
    expect(dpl.length).toBe(665);
    expect(dpl.every((p) => p.list === 'Denied Persons List')).toBe(true);
  });
});

describe('broken feeds are rejected whole, naming the file and the reason', () => {
  const sdn = sourceByName('ofac-sdn');
  const good = readBundled('ofac-sdn-snapshots/sdn-2024-05-03.csv.gz');

  it('a 0-byte file (the real failed SDN download)', () => {
    expect(() => parseFeed(sdn, { sdn: Buffer.alloc(0) })).toThrowError(/ofac-sdn\/sdn: file is empty \(0 bytes\)/);
  });
  it('a truncated file (cut mid-way: no end marker)', () => {
    const cut = good.subarray(0, Math.floor(good.length / 2));
    expect(() => parseFeed(sdn, { sdn: cut })).toThrowError(FeedError);
    expect(() => parseFeed(sdn, { sdn: cut })).toThrowError(/sdn: (truncated|malformed)/);
  });
  it('a malformed row', () => {
    const text = good.toString('latin1').replace(/^(\d+),/m, 'X$1,');
    expect(() => parseFeed(sdn, { sdn: Buffer.from(text, 'latin1') })).toThrowError(/line 1: ent_num "X\d+" is not a number/);
  });
  it('truncated XML, a CSL without its header, a UK file missing a column, a binary DPL', () => {
    const xml = bundledFiles('un-sc').xml!;
    expect(() => parseFeed(sourceByName('un-sc'), { xml: xml.subarray(0, xml.length - 5000) })).toThrowError(/un-sc\/xml: malformed XML/);
    const csl = bundledFiles('us-csl').csl!.toString('utf8').split('\n').slice(1, 50).join('\n');
    expect(() => parseFeed(sourceByName('us-csl'), { csl: Buffer.from(csl) })).toThrowError(/us-csl\/csl: header is missing column/);
    const uk = bundledFiles('uk-sanctions');
    const subjects = uk.subjects!.toString('utf8').replace('subject_type', 'kind');
    expect(() => parseFeed(sourceByName('uk-sanctions'), { ...uk, subjects: Buffer.from(subjects) })).toThrowError(/uk-sanctions\/subjects: header is missing column\(s\) subject_type/);
    expect(() => parseFeed(sourceByName('bis-dpl'), { dpl: Buffer.from([0x1f, 0x8b, 0, 0, 1, 2]) })).toThrowError(/bis-dpl\/dpl: file contains NUL bytes/);
  });
  it('a missing required file', () => {
    expect(() => parseFeed(sourceByName('uk-sanctions'), {})).toThrowError(/subjects: file is missing/);
  });
  it('every source declares an env var per file', () => {
    for (const s of SOURCES) for (const f of s.files) expect(f.env).toMatch(/^CLEARWAY_LIST_[A-Z_]+_URL$/);
  });
});

describe('CSV reader', () => {
  it('reads quoted fields with doubled quotes, newlines and CRLF, and rejects an unterminated quote', () => {
    expect(readCsv('a,"b ""x""",c\r\n"multi\nline",,z\r\n')).toEqual([
      ['a', 'b "x"', 'c'],
      ['multi\nline', '', 'z'],
    ]);
    expect(() => readCsv('a,b\n"open,c\n')).toThrowError(/line 2: unterminated quoted field/);
    expect(() => readCsv('"a"b,c\n')).toThrowError(/unexpected text after a closing quote/);
  });
});

describe('OFAC ENHANCED XML', () => {
  it('reads the consolidated list XML into the same entities as the CSV set, and rejects a truncated file', () => {
    const cons = sourceByName('ofac-cons');
    const xml = readBundled('ofac-cons/CONS_ENHANCED.XML.gz');
    const fromXml = parseFeed(cons, { xml });
    expect(fromXml.length).toBe(443);
    const csvIds = new Set(parseFeed(cons, bundledFiles('ofac-cons')).map((p) => p.id));
    const shared = fromXml.filter((p) => csvIds.has(p.id)).length;
    expect(shared).toBeGreaterThan(400);
    const haniya = fromXml.find((p) => p.id === 'ofac-cons:9639')!;
    expect(haniya).toMatchObject({ schema: 'Person', list: 'Non-SDN Palestinian Legislative Council List', programmes: ['NS-PLC'], birthDates: ['1962'] });
    expect(haniya.names.map((n) => n.full)).toEqual(['HANIYA, Ismail Abdul Salah', 'HANIYA, Ismail', 'HANIYYA, Ismaeel']);
    expect(fromXml.some((p) => p.names.some((n) => n.type === 'original'))).toBe(true);
    expect(fromXml.find((p) => p.names[0]!.full.startsWith('VTB BANK'))?.identifiers.some((i) => i.value === '7702070139' && i.country === 'RU')).toBe(true);
    expect(() => parseFeed(cons, { xml: xml.subarray(0, 100_000) })).toThrowError(/ofac-cons\/xml: malformed XML/);
  });
});
