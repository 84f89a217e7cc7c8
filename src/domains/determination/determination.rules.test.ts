/**
 * Golden table for the rules added in issue 10 (fail closed, EU sanctions regimes, Annex IV, UGEA conditions, US prose
 * licence rows, Part 744/746, licence exceptions), each row with its citation, plus the property test over every
 * ECCN × every Country Chart destination: no clearance while an applicable rule was skipped.
 */
import { describe, expect, it } from 'vitest';
import { bundledPack } from './determination.packs.js';
import { compilePack, evaluate } from './determination.evaluator.js';
import { OUTCOME_RANK, type DeterminationInput, type EndUse, type ItemInput, type Outcome, type ResolvedParty } from './determination.types.js';

const eu = compilePack(bundledPack('eu').pack, 1);
const us = compilePack(bundledPack('us').pack, 1);

interface Row {
  cite: string;
  pack: 'eu' | 'us';
  item: ItemInput;
  dest: string;
  endUse?: EndUse;
  exporter?: DeterminationInput['exporter'];
  transit?: string[];
  parties?: ResolvedParty[];
  expect: Outcome;
  /** Rule that applied (or, for review_required, that was not evaluated). */
  rule?: string;
  /** A citation fragment the rule's trace entry must carry. */
  citation?: string;
  gl?: string;
}
const clean = (country: string): ResolvedParty[] => [{ role: 'end_user', name: 'End User Co', country, screened: true, matches: [] }];
const allLists = { eu_fsf: 'v', 'us-csl': 'v', 'un-sc': 'v' };

const rows: Row[] = [
  // ---- EU
  { cite: '833/2014 Art 2(1) "for use in Russia": end user in RU via Kazakhstan', pack: 'eu', item: { code: '1A002' }, dest: 'KZ', parties: clean('RU'), expect: 'prohibited', rule: 'embargo:ru-833', citation: 'for use in Russia' },
  { cite: '833/2014 Art 2(1) as amended by 2023/1214: transit via Russia', pack: 'eu', item: { code: '1A002' }, dest: 'MN', transit: ['RU'], expect: 'prohibited', rule: 'embargo:ru-833' },
  { cite: '833/2014 Art 2(3): humanitarian exception lifts the prohibition, not the authorisation', pack: 'eu', item: { code: '1A002' }, dest: 'RU', endUse: 'humanitarian', expect: 'individual_licence_required' },
  { cite: '833/2014 Art 3k/Annex XXIII: an HS code the pack does not hold → review_required', pack: 'eu', item: { description: 'machine tool', hsCode: '845710' }, dest: 'RU', expect: 'review_required', rule: 'embargo:ru-833:goods', citation: 'Annex XXIII' },
  { cite: '765/2006 Art 1e: Annex I items to Belarus are prohibited', pack: 'eu', item: { code: '3A001.b.2' }, dest: 'BY', expect: 'prohibited', rule: 'embargo:by-765', citation: '765/2006, Art 1e' },
  { cite: '765/2006 Art 1f: unlisted goods to Belarus without item data → review_required', pack: 'eu', item: { description: 'bearings' }, dest: 'BY', expect: 'review_required', rule: 'embargo:by-765:goods' },
  { cite: '2017/1509 Art 3: dual-use items to DPRK are prohibited', pack: 'eu', item: { code: '2B001' }, dest: 'KP', expect: 'prohibited', rule: 'embargo:kp-2017-1509', citation: '2017/1509' },
  { cite: '267/2012 Art 2/3: Annex I item to Iran needs at least an authorisation; Annex I of 267/2012 not held', pack: 'eu', item: { code: '2B001' }, dest: 'IR', expect: 'individual_licence_required', rule: 'embargo:ir-267' },
  { cite: '2021/821 Art 4(1)(b) over Art 4(2): informed + declared military end use to an arms-embargoed destination', pack: 'eu', item: { description: 'trucks' }, dest: 'SY', endUse: 'military', exporter: { informed: ['military'] }, expect: 'individual_licence_required', rule: 'catch-all:art4-1b' },
  { cite: '2021/821 Annex II Section I = all of Annex IV: EU001 never for 0B001 to Japan', pack: 'eu', item: { code: '0B001' }, dest: 'JP', exporter: { establishedIn: 'DE' }, expect: 'individual_licence_required' },
  { cite: '2021/821 Art 11(1), Annex IV Part 2: 0A001 from DE to FR needs a transfer authorisation', pack: 'eu', item: { code: '0A001' }, dest: 'FR', exporter: { establishedIn: 'DE' }, expect: 'individual_licence_required', rule: 'intra-union-transfer', citation: 'Annex IV' },
  { cite: '2021/821 Annex II Section D (EU004): not for technology (Section E)', pack: 'eu', item: { code: '1E001' }, dest: 'CN', endUse: 'exhibition', expect: 'individual_licence_required' },
  { cite: 'General Technology Note: "research" end use is not a decontrol; 2E001 to Russia stays prohibited', pack: 'eu', item: { code: '2E001' }, dest: 'RU', endUse: 'research', expect: 'prohibited', rule: 'embargo:ru-833' },
  { cite: 'General Technology Note: basic scientific research decontrols technology, but RU goods annexes still → review_required', pack: 'eu', item: { code: '2E001' }, dest: 'RU', exporter: { basicScientificResearch: true }, expect: 'review_required', rule: 'embargo:ru-833:goods' },
  { cite: 'General Software Note / GTN: public-domain software to Brazil', pack: 'eu', item: { code: '5D002' }, dest: 'BR', exporter: { publicDomain: true }, expect: 'no_licence_required' },
  { cite: '269/2014 Art 2(2): a party under an EU asset freeze', pack: 'eu', item: { description: 'office chairs' }, dest: 'TR', parties: [{ role: 'consignee', name: 'Frozen LLC', country: 'TR', screened: true, matches: [{ list: 'EU FSF', source: 'eu_fsf', score: 0.99 }] }], expect: 'prohibited', rule: 'party-screening', citation: '269/2014' },
  { cite: '833/2014 Art 12g: "no re-export to Russia" clause as a proviso on a listed item to a non-partner country', pack: 'eu', item: { code: '3A001.b.2' }, dest: 'TR', expect: 'individual_licence_required', rule: 'proviso:art12g', citation: 'Art 12g' },
  { cite: '833/2014 Annex XL: Common High Priority item to a diversion-risk country → review_required', pack: 'eu', item: { description: 'integrated circuits', hsCode: '8542.31' }, dest: 'AM', expect: 'review_required', rule: 'chp-diversion' },
  // ---- US
  { cite: '15 CFR 774 Supp. 1, 1C350: "CB applies to entire entry: CB Column 2" (column in the scope text)', pack: 'us', item: { code: '1C350' }, dest: 'CN', expect: 'individual_licence_required', rule: 'ccl:1C350:CB' },
  { cite: '1C350: no CB2 X for an Australia Group member', pack: 'us', item: { code: '1C350' }, dest: 'FR', expect: 'no_licence_required' },
  { cite: '9A610: the .x exclusion applies only to parts for 9A610.b aircraft (NS1 applies to 9A610.x)', pack: 'us', item: { code: '9A610.x' }, dest: 'BR', expect: 'individual_licence_required', rule: 'ccl:9A610:NS' },
  { cite: '§742.6(a)(6)(iii)(A): 3A090.a needs a licence to any destination worldwide', pack: 'us', item: { code: '3A090.a' }, dest: 'FR', expect: 'individual_licence_required', rule: 'ccl:3A090:RS', citation: '742.6(a)(6)(iii)(A)' },
  { cite: '§742.6(a)(6)(iii)(B): 3A090.b to D:1/D:4/D:5 excluding A:5/A:6 — not to France', pack: 'us', item: { code: '3A090.b' }, dest: 'FR', expect: 'no_licence_required' },
  { cite: '§742.6(a)(7): 9x515.y rows to China, Russia or Venezuela', pack: 'us', item: { code: '9A515.y' }, dest: 'CN', expect: 'individual_licence_required', rule: 'ccl:9A515:RS' },
  { cite: '§746.1(b): UN row to a UN-embargoed destination (Libya)', pack: 'us', item: { code: '0A501.a' }, dest: 'LY', expect: 'individual_licence_required', rule: 'ccl:0A501:UN' },
  { cite: '§742.15(a): EI items need a licence to all destinations except Canada', pack: 'us', item: { code: '5A002.a' }, dest: 'BR', expect: 'individual_licence_required', rule: 'ccl:5A002:EI' },
  { cite: '§740.17(a)(1) ENC: 5A002 to an end user in a Supplement 3 country', pack: 'us', item: { code: '5A002.a' }, dest: 'DE', expect: 'general_licence', gl: 'ENC' },
  { cite: '§746.8(a)(1): every CCL item to Russia needs a licence (AT-only ECCN)', pack: 'us', item: { code: '2A991' }, dest: 'RU', expect: 'individual_licence_required', rule: 'embargo:us-746-8', citation: '746.8' },
  { cite: '§746.8(a)(2), Supp. 4: EAR99 to Belarus without the HTS list → review_required', pack: 'us', item: { code: 'EAR99' }, dest: 'BY', expect: 'review_required', rule: 'embargo:us-746-8:goods' },
  { cite: '§744.21: military end use in China, Supp. 2 item list not held → review_required', pack: 'us', item: { code: '2A991' }, dest: 'CN', endUse: 'military', expect: 'review_required', rule: 'us-744-21-knowledge' },
  { cite: '§746.2 Cuba: a licence requirement, not a prohibition', pack: 'us', item: { code: 'EAR99' }, dest: 'CU', expect: 'individual_licence_required', rule: 'embargo:us-e2', citation: '746.2' },
  { cite: '§746.6 Crimea: Ukraine exports need the region confirmed → review_required', pack: 'us', item: { code: 'EAR99' }, dest: 'UA', expect: 'review_required', rule: 'us-746-6-crimea' },
  { cite: 'Country Chart footnote 7: 6A003.b.4.b still needs a licence to India', pack: 'us', item: { code: '6A003.b.4.b' }, dest: 'IN', expect: 'individual_licence_required', rule: 'country-chart-footnote:7' },
  { cite: 'Country Chart footnote 1 (§746.1(b), §746.3) for Iraq → review_required for a listed item', pack: 'us', item: { code: '1A002.a' }, dest: 'IQ', expect: 'individual_licence_required', rule: 'country-chart-footnote:1' },
  { cite: '§740.3 LVS: within the ECCN value limit to Country Group B', pack: 'us', item: { code: '0A602', value: 100 }, dest: 'BR', expect: 'general_licence', gl: 'LVS' },
  { cite: '§740.3(d) LVS: over the ECCN value limit → licence', pack: 'us', item: { code: '0A602', value: 10_000_000 }, dest: 'BR', expect: 'individual_licence_required' },
  { cite: '§740.9(a)(5) TMP: exhibition of an NS item in Japan', pack: 'us', item: { code: '0A501.a' }, dest: 'JP', endUse: 'exhibition', expect: 'general_licence', gl: 'TMP' },
  { cite: '§740.9(b): TMP not to Country Group E:1', pack: 'us', item: { code: '3A001.b.2' }, dest: 'IR', endUse: 'exhibition', expect: 'prohibited' },
];

describe('golden table: issue 10 rules, with citations', () => {
  for (const r of rows) {
    it(`${r.pack.toUpperCase()} ${r.item.code ?? r.item.hsCode ?? 'unlisted'} → ${r.dest}: ${r.cite}`, () => {
      const res = evaluate(r.pack === 'eu' ? eu : us, { policy: r.pack, date: '2026-11-26', destination: r.dest, endUse: r.endUse ?? 'civil', exporter: r.exporter, transit: r.transit, items: [r.item] }, { parties: r.parties ?? [], listVersions: allLists });
      const item = res.items[0]!;
      expect(item.outcome, JSON.stringify(item.notEvaluated) + JSON.stringify(item.trace.filter((t) => t.applied).map((t) => t.rule))).toBe(r.expect);
      if (r.gl) expect(item.generalLicences.map((g) => g.id)).toContain(r.gl);
      if (r.rule) {
        const entries = item.trace.filter((t) => t.rule === r.rule);
        const hit = item.notEvaluated.find((n) => n.rule === r.rule) ?? (r.expect === 'review_required' ? undefined : entries.find((t) => t.applied));
        expect(hit, `${r.rule} in ${JSON.stringify(item.trace.map((t) => t.rule))}`).toBeDefined();
        if (r.citation) expect((hit as { citation: string }).citation).toContain(r.citation);
      }
      if (OUTCOME_RANK[item.outcome] < OUTCOME_RANK.review_required) expect(item.notEvaluated).toEqual([]);
    });
  }
});

describe('property: the US pack never clears an item while an applicable rule was skipped', () => {
  it('every ECCN (and each controlled paragraph of its prose rows) × every Country Chart destination', () => {
    const pack = us.pack;
    const dests = Object.keys(pack.countryChart!.rows);
    let cleared = 0;
    let reviewed = 0;
    for (const [eccn, entry] of Object.entries(pack.controlList.entries)) {
      const codes = new Set([eccn, ...(entry.controls ?? []).flatMap((c) => c.paragraphs.map((p) => `${eccn}.${p}`))]);
      for (const code of codes) {
        for (const dest of dests) {
          const item = evaluate(us, { policy: 'us', date: '2026-11-26', destination: dest, endUse: 'civil', items: [{ code }] }, { parties: [] }).items[0]!;
          const skipped = item.trace.filter((t) => t.status === 'not_evaluated');
          if (item.outcome === 'no_licence_required' || item.outcome === 'general_licence') {
            cleared++;
            expect(skipped, `${code} → ${dest}`).toEqual([]);
            expect(item.notEvaluated, `${code} → ${dest}`).toEqual([]);
            // Independently of the engine's bookkeeping: each prose row whose text we cannot read, and that covers this
            // code, would have made the item review_required.
            for (const row of entry.controls ?? []) {
              if ((row.special || !row.columns.length) && !row.destRule) {
                const para = code.length > 5 ? code.slice(6) : '';
                const covers = row.mode === 'entire' || !row.paragraphs.length || (row.mode === 'only' ? row.paragraphs.some((p) => para === p || para.startsWith(p + '.') || para === '' || p.startsWith(para + '.')) : !row.paragraphs.some((p) => para === p || para.startsWith(p + '.')));
                expect(covers, `${code} → ${dest}: unreadable row ${row.reason} "${row.chart.slice(0, 60)}" covers it`).toBe(false);
              }
            }
          } else if (item.notEvaluated.length) {
            reviewed++;
            expect(OUTCOME_RANK[item.outcome]).toBeGreaterThanOrEqual(OUTCOME_RANK.review_required);
          }
        }
      }
    }
    expect(cleared).toBeGreaterThan(10_000);
    expect(reviewed).toBeGreaterThan(1_000);
  }, 120_000);
});
