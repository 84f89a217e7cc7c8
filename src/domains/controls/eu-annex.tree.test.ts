import { beforeAll, describe, expect, it } from 'vitest';
import { readBundled } from '../../platform/data.js';
import { MISSING_TITLE, parseAnnex, type ParsedAnnex, type ParsedItem } from './eu-annex.parser.js';

// The examples of issue 11, checked against the Official Journal text of Annex I (2025-11), plus an independent
// full scan: every structural oddity it finds must be in the import report.
let parsed: ParsedAnnex;
let byCode: Map<string, ParsedItem>;
beforeAll(() => {
  const raw = JSON.parse(readBundled('eu-annex-i/annex_i_en_2025-11.json.gz').toString('utf8'));
  parsed = parseAnnex(raw.entries);
  byCode = new Map(parsed.items.map((i) => [i.code, i]));
});
const own = (c: string) => byCode.get(c)?.ownText ?? `<${c} missing>`;
const kids = (c: string) => byCode.get(c)?.children ?? [];

describe('EU sub-item tree: the examples of issue 11', () => {
  it('5A001.f (interception) and 5A001.j (IP surveillance) exist; the receivers items are b.5.c/.d', () => {
    expect(kids('5A001')).toEqual(['5A001.a', '5A001.b', '5A001.c', '5A001.d', '5A001.e', '5A001.f', '5A001.g', '5A001.h', '5A001.i', '5A001.j']);
    expect(kids('5A001.f')).toEqual(['5A001.f.1', '5A001.f.2']);
    expect(byCode.get('5A001.f')!.title).toBe(MISSING_TITLE); // the text is not in the source; the item is
    expect(parsed.report.some((r) => r.code === '5A001.f' && r.kind === 'missing_text' && !r.repaired)).toBe(true);
    expect(own('5A001.j')).toMatch(/^Internet Protocol \(IP\) network communications surveillance/);
    expect(own('5A001.j.2.b')).toMatch(/^Mapping of the relational network/);
    expect(own('5A001.b.5.c')).toMatch(/^Automatic searching or scanning/);
    expect(own('5A001.b.5.d')).toMatch(/^Identification of the received signals/);
    expect(own('5A001.c')).toMatch(/^Optical fibres/);
    expect(own('5A001.g')).toMatch(/^Passive Coherent Location/);
    // Note 2's exclusions (a. PMR/WLAN …) are not items of 5A001.f.1.
    expect(kids('5A001.f.1')).toEqual([]);
  });

  it("1C350's numbered chemicals are items, not part of its N.B.", () => {
    expect(own('1C350.1')).toBe('Thiodiglycol (CAS 111-48-8);');
    expect(own('1C350.57')).toMatch(/^N,N-Dimethylaminophosphoryl dichloride/);
    expect(byCode.get('1C350')!.notes.find((n) => n.kind === 'nb')!.text).not.toMatch(/Thiodiglycol/);
  });

  it('1C450.b (toxic chemical precursors) exists with its numbered items; its Note is not an item', () => {
    expect(kids('1C450')).toEqual(['1C450.a', '1C450.b']);
    expect(kids('1C450.b').length).toBeGreaterThanOrEqual(8);
    expect(own('1C450.b.2')).toMatch(/^N,N-Dialkyl \[methyl, ethyl or propyl \(normal or iso\)\] phosphoramidic dihalides/);
    expect(own('1C450.b.8')).toMatch(/^Methyldiethanolamine/);
  });

  it("3B001's list, lithography 3B001.f included, is the entry's own (not inside its N.B.)", () => {
    expect(kids('3B001').slice(0, 10)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((m) => `3B001.${m}`));
    expect(own('3B001.a')).toMatch(/^Equipment designed for epitaxial growth/);
    expect(own('3B001.f')).toBe('Lithography equipment as follows:');
    expect(own('3B001.f.1.a')).toMatch(/^A light source wavelength shorter than 193 nm/);
  });

  it('3A002.e (network analysers) and .g (atomic frequency standards) are at the first level; d.3.e/g stay under d.3', () => {
    expect(own('3A002.e')).toMatch(/^Network analysers/);
    expect(own('3A002.g')).toMatch(/^Atomic frequency standards/);
    expect(own('3A002.d.3.e')).toMatch(/^Less than 100 μs for any frequency change exceeding 2,2 GHz within the frequency range exceeding 37 GHz/);
    expect(own('3A002.d.3.g')).toMatch(/exceeding 75 GHz but not exceeding 110 GHz/);
    expect(own('3A002.f')).toMatch(/^Microwave test receivers/);
  });

  it('6A003.b.1.a.2/.a.3 are pixel criteria under b.1.a; b.2 is scanning cameras', () => {
    expect(kids('6A003.b.1.a')).toEqual(['6A003.b.1.a.1', '6A003.b.1.a.2', '6A003.b.1.a.3']);
    expect(own('6A003.b.1.a.2')).toMatch(/colour cameras incorporating three solid-state arrays/);
    expect(own('6A003.b.2')).toMatch(/^Scanning cameras/);
    expect(own('6A003.b.4')).toMatch(/^Imaging cameras incorporating "focal plane arrays"/);
  });

  it("6A008's exclusion-Note criteria are not items; its items a–l exist", () => {
    expect(kids('6A008')).toEqual('abcdefghijkl'.split('').map((m) => `6A008.${m}`));
    expect(kids('6A008.i')).toEqual([]); // "a. Fishing ground surveillance radar …" is the Note's list
    expect(parsed.items.some((i) => i.root === '6A008' && /Fishing ground|Weather balloon/.test(i.ownText))).toBe(false);
    expect(own('6A008.j')).toMatch(/LIDAR/);
    expect(own('6A008.k.2')).toMatch(/^A compressed pulse width of less than 200 ns/);
    expect(kids('6A008.k.2')).toEqual([]); // the marine-radar Note's a–e
  });

  it("9E003's Technical Note dimensions are not items; its items a–k exist", () => {
    expect(kids('9E003')).toEqual('abcdefghijk'.split('').map((m) => `9E003.${m}`));
    expect(kids('9E003.e.3')).toEqual([]);
    expect(parsed.items.some((i) => i.root === '9E003' && /crankshaft|flywheel/.test(i.ownText))).toBe(false);
    expect(own('9E003.h')).toMatch(/FADEC/);
  });

  it('splits merged siblings: 1C351.c.11 and .c.12', () => {
    expect(own('1C351.c.11')).toBe('Clostridium butyricum, botulinum neurotoxin producing strains;');
    expect(own('1C351.c.12')).toMatch(/^Clostridium perfringens epsilon toxin producing types;/);
    expect(parsed.report.some((r) => r.code === '1C351.c.12' && r.kind === 'merged_sibling' && r.repaired)).toBe(true);
  });
});

describe('full scan of the 2025-11 list', () => {
  const isLetter = (m: string) => /^[a-z]$/.test(m);
  const seg = (c: string) => c.slice(c.lastIndexOf('.') + 1);
  it('every structural oddity an independent scan finds is in the import report', () => {
    const reported = new Set(parsed.report.filter((r) => !r.repaired).map((r) => r.code));
    const roots = new Set(parsed.items.filter((i) => i.depth === 0).map((i) => i.code));
    const found: string[] = [];
    for (const it of parsed.items) {
      // Items whose text is empty or the missing-text marker.
      if (it.depth > 0 && (!it.ownText.trim() || it.title === MISSING_TITLE)) found.push(it.code);
      // Children must run a, b, c… / 1, 2, 3… with no gap and alternate kinds with their parent.
      it.children.forEach((c, i) => {
        const m = seg(c);
        const expected = isLetter(m) ? String.fromCharCode(97 + i) : String(i + 1);
        if (m !== expected) found.push(c);
        if (it.depth > 0 && isLetter(m) === isLetter(seg(it.code))) found.push(c);
      });
      // Two items run together: "…; 12 Clostridium" / "…; b. Something" inside one item's own words.
      if (it.depth > 0 && /;\s+(?:or\s+|and\s+)?(?:[a-z]|\d{1,2})\.?\s+[A-Z][a-z]/.test(it.ownText)) found.push(it.code);
      if (it.depth > 0 && /^(?:does not control|do not control|includes\b)/i.test(it.ownText)) found.push(it.code);
      // Codes of this entry named in its text must exist.
      for (const m of it.text.matchAll(/\b(\d[A-E]\d{3}(?:\.(?:[a-z]|\d{1,2}))+)\b/g))
        if (m[1].startsWith(it.root) && roots.has(it.root) && !byCode.has(m[1])) found.push(m[1]);
    }
    const unreported = [...new Set(found)].filter((c) => {
      for (let x = c; x; x = x.includes('.') ? x.slice(0, x.lastIndexOf('.')) : '') if (reported.has(x)) return false;
      return true;
    });
    expect(unreported).toEqual([]);
    expect(found.length).toBeGreaterThan(0); // the scan does find things (the extraction's lost text)
  });
});
