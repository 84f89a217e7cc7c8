import { beforeAll, describe, expect, it } from 'vitest';
import { readBundled } from '../../platform/data.js';
import { buildTree, parseAnnex, type ParsedAnnex, type ParsedItem } from './eu-annex.parser.js';

// Pure parser tests on the real bundled extraction (no database).
let parsed: ParsedAnnex;
let byCode: Map<string, ParsedItem>;
beforeAll(() => {
  const raw = JSON.parse(readBundled('eu-annex-i/annex_i_en_2025-11.json.gz').toString('utf8'));
  parsed = parseAnnex(Array.isArray(raw) ? raw : raw.entries);
  byCode = new Map(parsed.items.map((i) => [i.code, i]));
});

describe('EU Annex I sub-item tree', () => {
  it('keeps all 382 top-level entries', () => {
    expect(parsed.topLevelCount).toBe(382);
    expect(parsed.items.filter((i) => i.depth === 0)).toHaveLength(382);
  });

  it('builds 5A002.a.1 with its own text under 5A002.a', () => {
    const a1 = byCode.get('5A002.a.1')!;
    expect(a1.parent).toBe('5A002.a');
    expect(a1.ownText).toBe('Items having "information security" as a primary function;');
    expect(byCode.get('5A002.a')!.children).toEqual(['5A002.a.1', '5A002.a.2', '5A002.a.3', '5A002.a.4']);
    expect(byCode.get('5A002.a.4')!.children).toEqual(['5A002.a.4.a', '5A002.a.4.b']);
  });

  it("keeps the lettered and numbered lists of 5A002's Notes and Technical Notes out of the tree", () => {
    const root = byCode.get('5A002')!;
    expect(root.children).toEqual(['5A002.a', '5A002.b', '5A002.c', '5A002.d', '5A002.e']);
    // 5A002.b is the entry's own item, not Note 1's "b. Whether the 'cryptography…' is usable…".
    expect(byCode.get('5A002.b')!.ownText).toBe("Being a 'cryptographic activation token';");
    // Note 2's Technical Notes ("For the purposes of 5A002.a. Note 2.j., …") are not sub-items of 5A002.b.
    expect(byCode.get('5A002.b')!.children).toEqual([]);
    expect(parsed.items.filter((i) => i.root === '5A002' && /^(?:\d\. )?For the purposes of|^Whether the/.test(i.ownText))).toEqual([]);
    // The Technical Notes defining 'described security algorithm' are a note of 5A002.a, items and all.
    const tn = byCode.get('5A002.a')!.notes.find((n) => n.kind === 'technical_note' && n.text.includes("'described security algorithm' means"));
    expect(tn?.text).toMatch(/b\. An "asymmetric algorithm" where the security of the algorithm is based on/);
    expect(byCode.get('5A002.b')!.notes.some((n) => n.text.startsWith("For the purposes of 5A002.b., a 'cryptographic activation token'"))).toBe(true);
  });

  it('continues the innermost list after "; and" / "; or" (9A012.a.1.b, 9A012.a.2, 9A012.b)', () => {
    expect(byCode.get('9A012.a.1')!.children).toEqual(['9A012.a.1.a', '9A012.a.1.b']);
    expect(byCode.get('9A012.a.2')!.ownText).toMatch(/^A maximum 'endurance' of 1 hour or greater/);
    expect(byCode.get('9A012.b')!.ownText).toBe('Related equipment and components, as follows:');
    expect(byCode.get('9A012.b')!.children).toHaveLength(4);
    // Its Technical Notes (1. 'Operator' … 3. 'Natural vision') are a note, not items.
    expect(byCode.get('9A012.a')!.notes.some((n) => n.text.includes("'Operator' is a person"))).toBe(true);
  });

  it('a note that ends its list with a full stop gives the entry its next item back', () => {
    const { root, byCode: codes } = buildTree('9X999', 'a. Widgets; Note: 9X999.a. does not control: a. Toy widgets; b. Paper widgets. b. Gadgets; Technical Note: a. is defined; b. is also defined; c. Gizmos.');
    expect(root.children.map((c) => c.code)).toEqual(['9X999.a', '9X999.b']);
    expect(codes.get('9X999.a')!.notes[0].text).toContain('b. Paper widgets.');
    // A Technical Note's items are sentences: its list continues after a full stop.
    expect(codes.get('9X999.b')!.notes[0].text).toContain('c. Gizmos.');
  });

  it('reports the entries it could not repair', () => {
    // 2B001's machine-tool items a–c lost their text in the extraction; d–f survived.
    expect(parsed.report.some((r) => r.code === '2B001.a' && r.kind === 'missing_text' && !r.repaired)).toBe(true);
    expect(byCode.get('2B001.d')!.ownText).toMatch(/^Electrical discharge machines/);
    expect(parsed.report.some((r) => r.code === '6A006' && r.kind === 'truncated_body' && !r.repaired)).toBe(true);
  });
});
