/**
 * Builds the bundled policy packs from the shared source data (developer tool, not run by the product):
 *
 *   npx tsx src/domains/determination/packs/build.ts /work/shared/data
 *
 * Writes data/eu-2021-821/pack-eu.json.gz, data/us-ear/pack-us.json.gz, data/uk-ogel-2016/pack-uk.json.gz and copies
 * the small source files beside them (gzip). The product reads only the bundled files (readBundled).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { BUNDLED_DATA_DIR } from '../../../platform/data.js';
import type {
  CatchAllDef,
  ControlEntry,
  ControlRow,
  DestinationRule,
  EmbargoDef,
  ExemptionDef,
  GeneralLicenceDef,
  PartyRuleDef,
  PolicyPack,
} from '../determination.types.js';

const src = process.argv[2] ?? '/work/shared/data';
const readJson = (p: string) => JSON.parse(readFileSync(join(src, p), 'utf8'));
const write = (dir: string, name: string, content: string | Buffer) => {
  mkdirSync(join(BUNDLED_DATA_DIR, dir), { recursive: true });
  writeFileSync(join(BUNDLED_DATA_DIR, dir, name), gzipSync(typeof content === 'string' ? Buffer.from(content) : content, { level: 9 }));
};

export const EU_MEMBER_STATES = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

// ---------------------------------------------------------------- shared: country names (from the US chart)
const chart = readJson('rules/us-ear/ear-country-chart.json');
const groups = readJson('rules/us-ear/ear-country-groups.json');
const countries: Record<string, string> = {};
for (const r of chart.rows) countries[r.iso2] = r.earName;
countries.US = 'United States';

// ---------------------------------------------------------------- EU
/** Annex IV Part 1 (2021/821): stealth items, EU strategic control items, MTCR technology (status S, see PROVENANCE). */
const ANNEX_IV_PART_1 = [
  '1C001', '1C101', '1D103', '1E101', '1E102', '6B008', '6B108', '5A004.a', '3A229',
  '7A117', '7B001', '7B003', '7B103', '7D101', '7D102', '7D103', '7E001', '7E002', '7E101', '7E102', '7E104',
  '9A004', '9A005', '9A007.a', '9A008.d', '9A009.a', '9A010.c', '9A104', '9A105.a', '9A106.c', '9A107', '9A108.c', '9A109', '9A116', '9A117', '9A118', '9A119', '9A120', '9A121',
  '9B115', '9B116', '9D101', '9D103', '9D104', '9D105', '9E001', '9E002', '9E101', '9E102',
];
/** Annex VIII partner countries (833/2014): Art 12g does not apply to exports there. */
const ART12G_PARTNERS = ['US', 'JP', 'GB', 'KR', 'AU', 'CA', 'NZ', 'NO', 'CH', 'LI', 'IS'];
/** Common High Priority items, tiers 1–2 (HS six-digit), Annex XL of 833/2014 (status S). */
const CHP_HS = ['854231', '854232', '854233', '854239', '851762', '852691', '853221', '853224', '854800', '847150', '847180', '847330', '850440', '850760', '852351', '853669', '853690', '854110', '854121', '854129', '854130', '854149', '854151', '854159', '854160', '880730', '901310', '901380', '901420', '901480', '902750', '903020', '903032', '903039', '903040', '903082', '848210', '848220', '848230', '848250'];
/** Third countries the Commission names as diversion risks for CHP items (guidance, status S). */
const DIVERSION_RISK = ['AM', 'AZ', 'GE', 'KZ', 'KG', 'TJ', 'UZ', 'TR', 'AE', 'CN', 'HK', 'RS', 'IR', 'TH', 'MY', 'IN'];

/** The EU sanctions regimes with dual-use prohibitions, as data (citation, validity, scope; unlisted goods held by customs code). */
function euSanctionsRegimes(ruStatus: string): EmbargoDef[] {
  return [
    {
      id: 'ru-833',
      name: 'Russia: dual-use prohibition',
      kind: 'sanctions',
      destinations: ['RU'],
      scope: 'listed',
      outcome: 'prohibited',
      forUseIn: true,
      transitProhibited: true,
      validFrom: '2022-02-26',
      citation: 'Council Regulation (EU) No 833/2014, Art 2(1) ("to any natural or legal person, entity or body in Russia or for use in Russia"; transit via Russia as amended by Reg (EU) 2023/1214)',
      status: ruStatus,
      unlistedItems: { outcome: 'review_required', why: 'Art 2a (Annex VII advanced technology) and Art 3k (Annex XXIII goods by CN code) also prohibit unlisted goods; this pack does not hold those annexes', citation: 'Council Regulation (EU) No 833/2014, Art 2a with Annex VII; Art 3k with Annex XXIII' },
    },
    {
      id: 'by-765',
      name: 'Belarus: dual-use prohibition',
      kind: 'sanctions',
      destinations: ['BY'],
      scope: 'listed',
      outcome: 'prohibited',
      forUseIn: true,
      validFrom: '2022-03-02',
      citation: 'Council Regulation (EC) No 765/2006, Art 1e (as inserted by Reg (EU) 2022/355)',
      status: 'S',
      unlistedItems: { outcome: 'review_required', why: 'Art 1f and Art 1bb prohibit further goods (advanced technology, goods by CN code) that this pack does not hold', citation: 'Council Regulation (EC) No 765/2006, Art 1f, Art 1bb and their annexes' },
    },
    {
      id: 'kp-2017-1509',
      name: 'DPRK: dual-use and goods prohibitions',
      kind: 'sanctions',
      destinations: ['KP'],
      scope: 'listed',
      outcome: 'prohibited',
      forUseIn: true,
      validFrom: '2017-08-30',
      citation: 'Council Regulation (EU) 2017/1509, Art 3(1) (dual-use items of Annex I of Reg 2021/821)',
      status: 'S',
      unlistedItems: { outcome: 'review_required', why: 'Reg 2017/1509 also prohibits many unlisted goods (Annexes II, VIII, XVIII and others, by customs code) that this pack does not hold', citation: 'Council Regulation (EU) 2017/1509, Art 3, Art 10, Art 16a' },
    },
    {
      id: 'ir-267',
      name: 'Iran: Annex I/II items of Reg 267/2012',
      kind: 'sanctions',
      destinations: ['IR'],
      scope: 'listed',
      outcome: 'individual_licence_required',
      forUseIn: true,
      validFrom: '2012-03-24',
      citation: 'Council Regulation (EU) No 267/2012, Art 2 (prohibited items, Annex I) and Art 3 (authorisation, Annex II)',
      status: 'S',
      unlistedItems: { outcome: 'review_required', why: 'Reg 267/2012 Annex II and its Art 3a/4a annexes cover further goods by customs code that this pack does not hold', citation: 'Council Regulation (EU) No 267/2012, Art 3, Annex II' },
    },
  ];
}

function buildEu(): PolicyPack {
  const annex = readJson('controls/eu-annex-i/annex_i_en_2025-11.json');
  const ug = readJson('rules/eu-2021-821/ugeas.json');
  const entries: Record<string, ControlEntry> = {};
  // Only the 382 top-level codes: the dotted "sub-items" of this parse are Notes (see its PROVENANCE.md).
  for (const e of annex.entries) if (e.depth === 0) entries[e.code] = { label: String(e.label).slice(0, 240) };

  const unverified: string[] = [];
  const commonInformed: GeneralLicenceDef['notIfInformedOrAware'] = ['wmd', 'military'];
  const generalLicences: GeneralLicenceDef[] = ug.ugeas.map((u: any): GeneralLicenceDef => {
    const flaggedFacts: string[] = [];
    if (/UNVERIFIED/i.test(u.items.status ?? '')) flaggedFacts.push(`items: ${u.items.status}`);
    if (/UNVERIFIED/i.test(u.destinationsStatus ?? '')) flaggedFacts.push(`destinations: ${u.destinationsStatus}`);
    const excluded: string[] = [];
    for (const c of u.excludedCodes as string[]) {
      if (c === 'MORE_UNVERIFIED') {
        flaggedFacts.push(`exclusions: ${u.excludedCodesNote ?? 'list cut off in the source (UNVERIFIED)'}`);
        continue;
      }
      if (c === 'SECTION_I' || c === 'SECTION_I(expected)') excluded.push('SECTION_I');
      else if (c === 'ANNEX_IV_ALL') excluded.push('INTRA_UNION_ALL');
      else if (c === 'GROUP_D_ALL_EXCEPT_DEMO_OPERATING_SOFTWARE') excluded.push('GROUP_D_ALL');
      else excluded.push(c);
    }
    let items: GeneralLicenceDef['items'];
    if (u.items.scope === 'annex_i_all') items = { scope: 'all_listed' };
    else if (u.items.scope === 'annex_i_groups_D_E') items = { scope: 'groups', groups: ['D', 'E'] };
    else {
      const codes = (u.items.codes as string[])
        .filter((c) => c !== 'MORE_UNVERIFIED')
        .map((c) => c.replace(/\(.*$/, ''))
        .filter((c) => /^\d[A-E]\d{3}/.test(c));
      if ((u.items.codes as string[]).includes('MORE_UNVERIFIED')) flaggedFacts.push('items: list cut off in the source (UNVERIFIED)');
      items = { scope: 'list', codes };
    }
    const endUses: GeneralLicenceDef['endUses'] = u.id === 'EU003' ? ['repair_return'] : u.id === 'EU004' ? ['exhibition'] : undefined;
    const extraConditions =
      u.id === 'EU004'
        ? ['Not usable for technology (Section E) nor where a transfer of technology is linked to the presentation (Annex II Section D, Part 2).']
        : u.id === 'EU003'
          ? ['The original export was made under an individual or general authorisation that has not been annulled, suspended or revoked; the items go back to the original consignee within five years of that authorisation (Annex II Section C, Part 3).']
          : [];
    if (flaggedFacts.length) unverified.push(...flaggedFacts.map((f) => `generalLicences.${u.id}.${f}`));
    return {
      id: u.id,
      name: u.name,
      citation: `Regulation (EU) 2021/821, Art 12(1)(d), Annex II Section ${u.section} (${u.id})`,
      status: u.items.status,
      flagged: flaggedFacts.length > 0,
      flaggedFacts,
      items,
      excluded,
      destinations: u.destinations,
      endUses,
      requiresIcp: u.id === 'EU007' ? true : undefined,
      ...(u.id === 'EU004' ? { notForGroups: ['E'] } : {}),
      ...(u.id === 'EU003' ? { requiresOriginalAuthorisationYears: 5 } : {}),
      requiresEstablishedInUnion: true,
      notIfInformedOrAware: commonInformed,
      conditions: [...extraConditions, ...(u.conditions as any[]).map((c) => `${c.text}${/UNVERIFIED|^S$|V-pred/.test(c.status) ? ` [${c.status}]` : ''}`)],
      registration:
        u.id === 'EU007'
          ? 'Notify the competent authority at least 30 days before the first export.'
          : u.id === 'EU008'
            ? 'Notify the competent authority at least 10 days before the first export.'
            : 'Register or notify first use with the competent authority (e.g. DK: within 30 days after the first export; MT: before first use).',
    };
  });

  const embargoDetails: EmbargoDef['details'] = {};
  for (const [iso, d] of Object.entries(ug.armsEmbargoesDetails as Record<string, any>)) embargoDetails[iso] = { basis: d.basis, scope: d.scope, status: d.status };
  for (const [iso, d] of Object.entries(embargoDetails)) if (/UNVERIFIED/i.test(d.status ?? '')) unverified.push(`embargoes.eu-arms.${iso}: ${d.status}`);
  const embargoes: EmbargoDef[] = [
    {
      id: 'eu-arms',
      name: 'Arms-embargoed destinations (Council decision / common position, OSCE decision, binding UNSC resolution)',
      kind: 'arms',
      destinations: ug.armsEmbargoes,
      citation: 'Regulation (EU) 2021/821, Art 4(1)(b); Art 15(1)(b)',
      status: 'V-nat seed: check against the EU Sanctions Map',
      details: embargoDetails,
    },
    ...euSanctionsRegimes(ug.sanctionsProhibitions.RU.status),
  ];

  const catchAll: CatchAllDef[] = [
    { id: 'art4-1a', name: 'Catch-all: WMD end use (informed)', citation: 'Regulation (EU) 2021/821, Art 4(1)(a)', status: 'V', trigger: 'informed', concern: 'wmd', appliesTo: 'unlisted', outcome: 'individual_licence_required', detail: 'The competent authority informed you that the items are or may be intended for chemical, biological or nuclear weapons or missiles capable of delivering them: an export authorisation is required.' },
    { id: 'art4-1b', name: 'Catch-all: military end use in an arms-embargoed destination (informed)', citation: 'Regulation (EU) 2021/821, Art 4(1)(b)', status: 'V', trigger: 'informed', concern: 'military', embargo: 'eu-arms', appliesTo: 'unlisted', outcome: 'individual_licence_required', detail: 'The competent authority informed you of a military end use and the destination is subject to an arms embargo: an export authorisation is required.' },
    { id: 'art4-2-wmd', name: 'Catch-all: exporter aware of a WMD end use', citation: 'Regulation (EU) 2021/821, Art 4(2)', status: 'V', trigger: 'aware', concern: 'wmd', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'You are aware the items are intended for a use in Art 4(1)(a): notify the competent authority and hold the shipment; it decides whether an authorisation is required.' },
    { id: 'art4-2-wmd-end-use', name: 'Catch-all: declared WMD end use', citation: 'Regulation (EU) 2021/821, Art 4(2)', status: 'V', trigger: 'end_use', concern: 'wmd', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'The declared end use is WMD-related, so you are aware of an Art 4(1)(a) use: notify the competent authority and hold the shipment.' },
    { id: 'art4-2-military', name: 'Catch-all: exporter aware of a military end use in an arms-embargoed destination', citation: 'Regulation (EU) 2021/821, Art 4(2) with Art 4(1)(b)', status: 'V', trigger: 'aware', concern: 'military', embargo: 'eu-arms', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'You are aware of a military end use and the destination is arms-embargoed: notify the competent authority and hold the shipment.' },
    { id: 'art4-2-military-end-use', name: 'Catch-all: declared military end use in an arms-embargoed destination', citation: 'Regulation (EU) 2021/821, Art 4(2) with Art 4(1)(b)', status: 'V', trigger: 'end_use', concern: 'military', embargo: 'eu-arms', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'The declared end use is military and the destination is arms-embargoed: notify the competent authority and hold the shipment.' },
    { id: 'art5-1', name: 'Catch-all: cyber-surveillance items (informed)', citation: 'Regulation (EU) 2021/821, Art 5(1)', status: 'V', trigger: 'informed', concern: 'cyber', appliesTo: 'unlisted', outcome: 'individual_licence_required', detail: 'The competent authority informed you that the cyber-surveillance items are or may be intended for internal repression or serious violations of human rights or international humanitarian law: an export authorisation is required.' },
    { id: 'art5-2', name: 'Catch-all: cyber-surveillance items (aware from due diligence)', citation: 'Regulation (EU) 2021/821, Art 5(2)', status: 'V', trigger: 'aware', concern: 'cyber', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'Your due diligence found such an intended use: notify the competent authority and hold the shipment; it decides whether an authorisation is required.' },
  ];

  const partyRules: PartyRuleDef[] = [
    { id: 'eu-un-sanctions', name: 'Party on the UN Security Council consolidated list', sources: ['un-sc'], outcome: 'prohibited', blocksGeneralLicences: true, allItems: true, tier: 'high', citation: 'UN Security Council sanctions as implemented by Council Regulations (asset freeze: no funds or economic resources made available)', detail: 'A party matches the UN consolidated list: making goods available to it is prohibited.' },
    { id: 'eu-asset-freeze', name: 'Party on the EU consolidated financial-sanctions list (asset freeze)', sources: ['eu_fsf'], outcome: 'prohibited', blocksGeneralLicences: true, allItems: true, tier: 'high', citation: 'Council Regulation (EU) No 269/2014, Art 2(2) (and the asset-freeze articles of the other regimes: Reg 765/2006 Art 2(2), Reg 2017/1509 Art 34(3), Reg 267/2012 Art 23(3))', detail: 'A party is subject to an EU asset freeze: no funds or economic resources, including goods, may be made available to it, directly or indirectly.' },
    { id: 'eu-third-country-lists', name: 'Party on a third-country restricted list (US, UK)', sources: ['us-csl', 'ofac-sdn', 'ofac-cons', 'uk-sanctions', 'bis-dpl'], outcome: null, blocksGeneralLicences: false, allItems: true, tier: 'high', citation: 'Regulation (EU) 2021/821, Art 4(2) (due diligence); third-country lists are not binding in the EU', detail: 'A party matches a US or UK restricted list: not binding in the EU, but a red flag for due diligence; refer to the authority before export.' },
  ];

  const exemptions: ExemptionDef[] = [
    { id: 'ru-833-humanitarian', name: 'Reg. 833/2014 Art 2 exception: humanitarian purposes, health emergencies, natural disasters', endUses: ['humanitarian', 'disaster_relief'], effect: 'lift_embargo', embargoes: ['ru-833'], evidence: ['Declaration that the use and the end user are non-military', 'Customs declaration stating the exception relied on', 'Notification to the competent authority within 30 days of the first export'], citation: 'Council Regulation (EU) No 833/2014, Art 2(3)', status: 'V', detail: 'The prohibition does not apply to items intended for humanitarian purposes, health emergencies or natural disasters, for non-military use by non-military end users; the Annex I authorisation requirement still applies.' },
    { id: 'gsn-public-domain', name: 'General Technology Note / General Software Note: information in the public domain', endUses: [], facts: ['publicDomain'], effect: 'decontrol_groups', groups: ['D', 'E'], evidence: ['Where and when the information was published without restriction on further dissemination'], citation: 'Regulation (EU) 2021/821, Annex I, General Technology Note and General Software Note', status: 'V', detail: 'Controls do not apply to technology or software "in the public domain"; the catch-all rules and sanctions still apply.' },
    { id: 'gtn-basic-research', name: 'General Technology Note: basic scientific research', endUses: [], facts: ['basicScientificResearch'], effect: 'decontrol_groups', groups: ['E'], evidence: ['Description of the work showing it is basic scientific research (experimental or theoretical work to acquire new knowledge, not primarily directed to a specific practical aim)', 'Confirmation the technology is not required for the development or production of a listed item'], citation: 'Regulation (EU) 2021/821, Annex I, General Technology Note', status: 'V', detail: 'Controls do not apply to technology for basic scientific research (General Technology Note); the catch-all rules still apply.' },
  ];

  // Annex IV: Part 1 (stealth, EU strategic control, MTCR technology) and Part 2 (no general authorisation: the
  // Category 0 NSG items). Compiled from the 2021/821 structure; the predecessor-confirmed codes are kept.
  const annexIV = [...new Set([...ug.annexIV, ...ANNEX_IV_PART_1, ...Object.keys(entries).filter((c) => c.startsWith('0'))])].sort();
  unverified.push(`intraUnionList: ${ug.annexIVStatus}`, `sectionI: ${ug.annexIIgStatus}`, 'embargoes.eu-arms: the 2025 arms-embargo list was not checked against the EU Sanctions Map');
  return {
    policy: 'eu',
    key: 'eu-2021-821',
    name: 'EU dual-use: Regulation (EU) 2021/821 (Annex I consolidated 2025-11)',
    regulation: 'Regulation (EU) 2021/821',
    licensing: { kind: 'outside_union', union: EU_MEMBER_STATES, citation: 'Regulation (EU) 2021/821, Art 3(1); Annex I' },
    controlList: { name: 'Annex I (Delegated Regulation (EU) 2025/2003)', citation: 'Regulation (EU) 2021/821, Annex I', entries },
    intraUnionList: { codes: annexIV, status: 'S: Part 1 as compiled (stealth, strategic, MTCR technology) and Part 2 = all Category 0 entries (NSG)', note: ug.annexIVStatus, citation: 'Regulation (EU) 2021/821, Art 11(1); Annex IV Parts 1 and 2' },
    sectionI: { codes: ug.annexIIg.filter((c: string) => c !== 'ANNEX_IV_ALL').concat(['INTRA_UNION_ALL']), status: 'S', note: ug.annexIIgStatus, citation: 'Regulation (EU) 2021/821, Annex II Section I' },
    generalLicences,
    embargoes,
    catchAll,
    nationalMeasures: [
      { id: 'de-9a904a', memberState: 'DE', name: 'Germany AWV Ausfuhrliste 9A904.a (spacecraft antennas)', codes: ['9A904.a'], outsideOf: [...EU_MEMBER_STATES, 'AU', 'CA', 'IS', 'JP', 'NZ', 'NO', 'CH', 'LI', 'GB', 'US'], outcome: 'individual_licence_required', citation: 'Regulation (EU) 2021/821, Art 9(1); German AWV Ausfuhrliste Teil I Abschnitt B, 9A904.a', status: 'V-nat' },
      { id: 'de-6a908', memberState: 'DE', name: 'Germany AWV Ausfuhrliste 6A908/6D908 (radar navigation and surveillance) to Iran', codes: ['6A908', '6D908'], destinations: ['IR'], outcome: 'individual_licence_required', citation: 'Regulation (EU) 2021/821, Art 9(1); German AWV Ausfuhrliste Teil I Abschnitt B, 6A908/6D908', status: 'V-nat' },
    ],
    partyRules,
    exemptions,
    requiredPartySources: [{ sources: ['eu_fsf'], citation: 'Council Regulation (EU) No 269/2014, Art 2(2) (EU consolidated financial-sanctions list)', why: 'the EU consolidated financial-sanctions list (asset freezes) is not loaded, so the parties were not checked against it' }],
    provisos: [
      { id: 'art12g', citation: 'Council Regulation (EU) No 833/2014, Art 12g', text: 'Include in the contract a clause prohibiting re-export to Russia or for use in Russia, with adequate remedies (required for Common High Priority items, Annex XI/XX/XXXV goods and firearms)', when: { listed: true, notDestinations: ART12G_PARTNERS } },
      { id: 'art12g-chp', citation: 'Council Regulation (EU) No 833/2014, Art 12g; Annex XL', text: 'Common High Priority item: include the "no re-export to Russia" clause and run enhanced due diligence', when: { listed: false, hsPrefixes: CHP_HS, notDestinations: ART12G_PARTNERS } },
    ],
    notEvaluated: [
      { rule: 'art4-1c', citation: 'Regulation (EU) 2021/821, Art 4(1)(c)', detail: 'the authority informed you of a military concern: whether the items are parts or components of military items exported illegally from a Member State (Art 4(1)(c)) is a fact the input does not hold', when: { informed: ['military'], listed: false } },
      { rule: 'ir-267-annex-i', citation: 'Council Regulation (EU) No 267/2012, Art 2, Annex I', detail: 'whether this Annex I item is also in Annex I of Reg 267/2012 (then the export is prohibited, not licensable) is not held by this pack', when: { destinations: ['IR'], listed: true } },
      { rule: 'chp-diversion', citation: 'Council Regulation (EU) No 833/2014, Art 12g and Annex XL (Common High Priority items)', detail: 'the item is a Common High Priority item (by HS code) going to a country of diversion concern: enhanced due diligence on the end user is required before export', when: { hsPrefixes: CHP_HS, destinations: DIVERSION_RISK } },
      { rule: 'art4-3-5-3', citation: 'Regulation (EU) 2021/821, Art 4(3), Art 5(3)', detail: 'Grounds for suspecting a catch-all use: depends on the national law of the Member State.' },
      { rule: 'art10', citation: 'Regulation (EU) 2021/821, Art 10(1)', detail: "Another Member State's national list (Art 9) applies only if the authority informed you of a public-security or human-rights concern; no such fact in the input." },
      { rule: 'art7-transit', citation: 'Regulation (EU) 2021/821, Art 7', detail: 'Transit of non-Union items may be prohibited by the Member State where they are located; not decided here.' },
      { rule: 'national-general-authorisations', citation: 'Regulation (EU) 2021/821, Art 12(1)(c)', detail: 'National general export authorisations are not catalogued in this pack.' },
    ],
    countries,
    unverified,
    sources: ['data/eu-2021-821/ugeas.json.gz (RULES.md facts with confidence tags)', 'data/eu-annex-i (Annex I, consolidated 2025-11-15)'],
  };
}

// ---------------------------------------------------------------- US
const NAME_TO_ISO: Record<string, string> = {
  'north korea': 'KP', macau: 'MO', 'united arab emirates': 'AE', russia: 'RU', china: 'CN', venezuela: 'VE', iran: 'IR', syria: 'SY', cuba: 'CU', iraq: 'IQ', pakistan: 'PK', belarus: 'BY', india: 'IN', israel: 'IL', 'hong kong': 'HK',
};
/** Destinations of the UN Security Council arms embargoes the Country Chart marks with footnote 1 (§746.1(b)). */
const UN_746_1 = Object.entries(chart.rows as any[]).map(([, r]: [string, any]) => r).filter((r: any) => r.footnotes.includes(1)).map((r: any) => r.iso2 as string);

/**
 * One License Requirements row. Rows whose chart cell is prose get a destination rule when the text is one of the
 * forms we can read (worldwide, named countries, Country Groups); anything else stays unevaluated (→ review_required).
 * Parse repairs: a column given in the scope text ("CB Column 2", 1C350) and the conditional ".x" exclusion of 9A610.
 */
function usRow(eccn: string, c: any): ControlRow {
  let columns: string[] = c.columns;
  let special = !!c.special;
  let paragraphs: string[] = c.paragraphs;
  let conditional = !!c.conditional;
  const scope = String(c.scope);
  const chartText = String(c.chart);
  const inScopeCol = /\b([A-Z]{2}) Column (\d)\b/.exec(!columns.length || special ? `${chartText} ${scope}` : '');
  if (inScopeCol) {
    columns = [`${inScopeCol[1]}${inScopeCol[2]}`];
    special = false;
    if (/applies to entire entry/i.test(scope)) paragraphs = [];
  }
  // "except … parts and components controlled in 9A610.x if being exported … for use in an aircraft controlled in 9A610.b"
  if (c.mode === 'except' && new RegExp(`controlled in ${eccn}\\.x if`).test(scope)) {
    paragraphs = paragraphs.filter((p) => p !== 'x');
    conditional = true;
  }
  const row: ControlRow = { reason: c.reason, columns, mode: c.mode === 'only' && !paragraphs.length && /entire entry/i.test(scope) ? 'entire' : c.mode, paragraphs, conditional, special, scope: scope.slice(0, 300), chart: chartText.slice(0, special ? 600 : 160) };
  if (special || !columns.length) {
    const r = destinationRule(c.reason, chartText);
    if (r) row.destRule = r;
  }
  return row;
}

function destinationRule(reason: string, text: string): DestinationRule | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  const sect = /§\s*([\d.]+(?:\([a-z0-9]+\))*)/.exec(t)?.[1];
  const citation = `15 CFR ${sect ?? '774 Supp. 1'} (License Requirements: "${t.slice(0, 120)}")`;
  if (!t) return undefined;
  if (/^N\/A\.?$/i.test(t)) return { none: true, citation };
  if (/short supply|part 754|other than|unless|mixtures/i.test(t)) return undefined;
  if (/746\.8/.test(t)) return { countries: ['RU', 'BY'], citation: '15 CFR 746.8 (Russia and Belarus)' };
  if (/746\.1|764\.1\(b\) for UN/.test(t) && reason === 'UN') return { countries: UN_746_1, citation: '15 CFR 746.1(b) (UN Security Council sanctions; Country Chart footnote 1 destinations)' };
  if (/742\.15/.test(t) && reason === 'EI') return { worldwide: true, except: ['CA'], citation: '15 CFR 742.15(a) (encryption items: all destinations except Canada)' };
  if (/742\.14/.test(t) && reason === 'SI') return { worldwide: true, citation: '15 CFR 742.14 (significant items: all destinations)' };
  const groups = [...t.matchAll(/([A-E]:\d)/g)].map((m) => m[1]!);
  const excl = /excluding any destination also specified in Country Groups? ([A-E]:\d(?:,? (?:or |and )?[A-E]:\d)*)/.exec(t);
  const excludeGroups = excl ? [...excl[1]!.matchAll(/([A-E]:\d)/g)].map((m) => m[1]!) : [];
  const countries = Object.entries(NAME_TO_ISO).filter(([n]) => new RegExp(`\\b${n}\\b`, 'i').test(t)).map(([, iso]) => iso);
  if (/worldwide|all destinations/i.test(t)) return { worldwide: true, ...(/except Canada/i.test(t) ? { except: ['CA'] } : {}), citation };
  const inc = groups.filter((g) => !excludeGroups.includes(g));
  if (inc.length || countries.length) return { countries, groups: inc, excludeGroups, citation };
  return undefined;
}

/** Supp. 3 to part 740 (ENC §740.17(a)(1) countries), status S. */
const ENC_SUPP3 = ['AT', 'AU', 'BE', 'BG', 'CA', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IS', 'IE', 'IT', 'JP', 'LV', 'LT', 'LU', 'MT', 'NL', 'NZ', 'NO', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'CH', 'TR', 'GB'];

/** What each Country Chart footnote does (15 CFR 738 Supp. 1). */
function US_FOOTNOTES(texts: Record<string, string>): NonNullable<PolicyPack['footnoteRules']> {
  const fn10Codes = [...new Set([...(texts['10'] ?? '').matchAll(/\b(0[A-E]5\d\d)(?:\.([a-z]))?/g)].map((m) => (m[2] ? `${m[1]}.${m[2]}` : m[1]!)))];
  return {
    '1': { effect: 'review', why: 'UN Security Council sanctions (§746.1(b)) and the Iraq requirements of §746.3 go beyond the Country Chart; they are not evaluated here' },
    '2': { effect: 'review', codes: ['6A003', '0A919'], why: 'special provisions for certain thermal imaging cameras (§742.4(a)) apply to this destination and are not evaluated' },
    '3': { effect: 'review', codes: ['0A919'], why: 'special provisions for military commodities in 0A919 (§742.6(a)(3)) are not evaluated' },
    '4': { effect: 'review', codes: ['6A003', '0A919'], why: 'special provisions for certain thermal imaging cameras (§742.6(a)(2), (4)(ii)) are not evaluated' },
    '5': { effect: 'none', allItems: true, why: 'Liechtenstein follows the Swiss row of the Country Chart (applied: the pack copies it).' },
    '6': { effect: 'none', allItems: true, why: 'Russia/Belarus: §746.8 and §746.5 are evaluated as the us-746-8 sanctions rule.' },
    '7': { effect: 'licence', codes: ['6A003.b.4.b', '9A515.e'], why: 'Footnote 7: a licence is still required for 6A003.b.4.b and 9A515.e (RS Column 2) to India.' },
    '8': { effect: 'review', allItems: true, why: "the chart's footnote 8 for this destination could not be read (the source repeats footnote 9's Crimea text)" },
    '9': { effect: 'none', allItems: true, why: 'Crimea/DNR/LNR (§746.6): evaluated as the us-746-6-crimea rule for Ukraine.' },
    '10': { effect: 'licence', codes: fn10Codes, why: `Footnote 10: a licence is required to this destination for firearms-related items (${fn10Codes.join(', ')}); the footnote's own exceptions are not applied (conservative).` },
  };
}

function buildUs(): PolicyPack {
  const ccl = readJson('controls/us-ccl/ear-ccl.json');
  const entries: Record<string, ControlEntry> = {};
  for (const e of ccl.eccns) {
    const exceptions: ControlEntry['exceptions'] = {};
    for (const l of e.licenseExceptions) exceptions[l.code] = { status: l.status, text: String(l.text).slice(0, 300), ...(l.valueLimit ? { valueLimit: l.valueLimit } : {}) };
    entries[e.id] = {
      label: String(e.heading).slice(0, 240),
      reasons: e.reasonForControl,
      controls: (e.controls as any[]).map((c) => usRow(e.id, c)),
      exceptions,
    };
  }
  const rows: NonNullable<PolicyPack['countryChart']>['rows'] = {};
  for (const r of chart.rows) rows[r.iso2] = { name: r.earName, x: r.x, footnotes: r.footnotes };
  // Footnote 5: "Refer to Switzerland for licensing requirements for Liechtenstein".
  if (rows.LI && rows.CH) rows.LI = { ...rows.LI, x: [...rows.CH.x] };
  const membership: Record<string, string[]> = { ...groups.membership };
  const e1 = Object.entries(membership).filter(([, g]) => g.includes('E:1')).map(([c]) => c);
  const e2 = Object.entries(membership).filter(([, g]) => g.includes('E:2')).map(([c]) => c);
  const d5 = Object.entries(membership).filter(([, g]) => g.includes('D:5')).map(([c]) => c);
  const gbs: GeneralLicenceDef = {
    id: 'GBS',
    name: 'License Exception GBS (shipments to Country Group B)',
    citation: '15 CFR 740.4 (GBS); 15 CFR 740.2 (restrictions on all license exceptions)',
    status: 'V',
    flagged: false,
    items: { scope: 'all_listed' },
    excluded: [],
    countryGroups: ['B'],
    onlyForReasons: ['NS'],
    exceptionField: 'GBS',
    notIfInformedOrAware: ['wmd', 'military'],
    conditions: [
      'The destination is in Country Group B and the licence requirement is for national security (NS) reasons only (§740.4).',
      'None of the §740.2 restrictions applies (no General Prohibition Four to Ten, no surreptitious-interception item, no MT-controlled item).',
      'Include the Destination Control Statement on the commercial invoice (§758.6) and report the license exception in the Electronic Export Information where required (§758.1).',
      'Keep records for five years (Part 762).',
    ],
  };
  const embargoes: EmbargoDef[] = [
    { id: 'us-e1', name: 'Country Group E:1 (terrorist-supporting countries)', kind: 'comprehensive', destinations: e1, scope: 'all', outcome: 'prohibited', citation: '15 CFR 740 Supp. 1 (Country Group E:1); Part 746 (embargoes): licence required for almost all items subject to the EAR, general policy of denial', status: 'V' },
    { id: 'us-e2', name: 'Country Group E:2 (Cuba embargo): licence requirement', kind: 'comprehensive', destinations: e2, scope: 'all', outcome: 'individual_licence_required', citation: '15 CFR 746.2(a) (Cuba): a licence is required for all items subject to the EAR; general policy of denial, case-by-case or approval for the categories in §746.2(b) (e.g. medicines and medical devices are generally licensed)', status: 'V' },
    { id: 'us-746-8', name: 'Russia and Belarus sanctions (§746.8): licence for every CCL item', kind: 'sanctions', destinations: ['RU', 'BY'], scope: 'listed', outcome: 'individual_licence_required', validFrom: '2022-02-24', citation: '15 CFR 746.8(a)(1) (all items on the CCL to Russia and Belarus)', status: 'V', unlistedItems: { outcome: 'review_required', why: 'EAR99 items listed by HTS code in Supplement 4 to part 746 (and §746.5 industry-sector items) also need a licence; this pack does not hold that HTS list', citation: '15 CFR 746.8(a)(2), 746.5; Supp. 4 to part 746' } },
    { id: 'us-d5', name: 'Country Group D:5 (US arms-embargoed countries)', kind: 'arms', destinations: d5, citation: '15 CFR 740 Supp. 1 (Country Group D:5); 22 CFR 126.1', status: 'V' },
  ];
  const catchAll: CatchAllDef[] = [
    { id: 'us-744-wmd-informed', name: 'End-use control: nuclear, missile, chemical or biological end use (informed by BIS)', citation: '15 CFR 744.2(b), 744.3(b), 744.4(b)', status: 'V', trigger: 'informed', concern: 'wmd', appliesTo: 'all', outcome: 'individual_licence_required', detail: 'BIS informed you of an unacceptable risk of use in WMD or missile activities: a licence is required for any item subject to the EAR.' },
    { id: 'us-744-wmd-knowledge', name: 'End-use control: knowledge of a nuclear, missile, chemical or biological end use', citation: '15 CFR 744.2(a), 744.3(a), 744.4(a); General Prohibition Five (§736.2(b)(5))', status: 'V', trigger: 'aware', concern: 'wmd', appliesTo: 'all', outcome: 'individual_licence_required', detail: 'You know the item is for a WMD or missile end use: a licence is required for any item subject to the EAR.' },
    { id: 'us-744-wmd-end-use', name: 'End-use control: declared WMD end use', citation: '15 CFR 744.2(a), 744.3(a), 744.4(a)', status: 'V', trigger: 'end_use', concern: 'wmd', appliesTo: 'all', outcome: 'individual_licence_required', detail: 'The declared end use is WMD-related: a licence is required for any item subject to the EAR.' },
    { id: 'us-744-21-informed', name: 'Military end-use control (informed by BIS)', citation: '15 CFR 744.21(b)', status: 'V', trigger: 'informed', concern: 'military', appliesTo: 'all', outcome: 'individual_licence_required', detail: 'BIS informed you that a licence is required because of a military end use or end user.' },
  ];
  const partyRules: PartyRuleDef[] = [
    { id: 'us-dpl', name: 'Denied Persons List', lists: ['Denied Persons List'], sources: ['bis-dpl'], outcome: 'prohibited', blocksGeneralLicences: true, allItems: true, tier: 'high', citation: '15 CFR 736.2(b)(4) (General Prohibition Four); 15 CFR 764 Supp. 2 (denial orders)', detail: 'A party is a denied person: no export or participation in the transaction is allowed.' },
    { id: 'us-sdn', name: 'OFAC Specially Designated Nationals', lists: ['SDN', 'Specially Designated Nationals (SDN) - Treasury Department'], sources: ['ofac-sdn'], outcome: 'prohibited', blocksGeneralLicences: true, allItems: true, tier: 'high', citation: '31 CFR Chapter V (OFAC blocking); 15 CFR 744.8', detail: 'A party is on the SDN list: dealings are blocked.' },
    { id: 'us-entity-list', name: 'Entity List', lists: ['Entity List'], outcome: 'individual_licence_required', blocksGeneralLicences: true, allItems: true, tier: 'high', citation: '15 CFR 744.11; 15 CFR 744 Supp. 4 (Entity List)', detail: 'A party is on the Entity List: a licence is required for all items subject to the EAR (unless the entry says otherwise) and no license exception may be used.' },
    { id: 'us-unverified', name: 'Unverified List', lists: ['Unverified List'], outcome: null, blocksGeneralLicences: true, allItems: true, tier: 'high', citation: '15 CFR 744.15', detail: 'A party is on the Unverified List: license exceptions are not available (§744.15(a)).', condition: 'Obtain a UVL statement from the listed party before exporting an item that needs no licence (§744.15(b)).' },
    { id: 'us-meu', name: 'Military End-User List', lists: ['Military End User (MEU) List', 'Military End User List'], outcome: null, blocksGeneralLicences: true, allItems: false, tier: 'high', citation: '15 CFR 744.21; 15 CFR 744 Supp. 7', detail: 'A party is a listed military end user: a licence is required for items in Supp. 2 to part 744 (not evaluated here).' },
  ];
  const exemptions: ExemptionDef[] = [
    { id: 'us-734-8-fundamental-research', name: 'Fundamental research (not subject to the EAR)', endUses: ['research'], effect: 'decontrol_groups', groups: ['D', 'E'], evidence: ['Evidence the technology or software arises during or results from fundamental research intended to be published (§734.8)', 'No restrictions on publication accepted (other than sponsor review for patents or proprietary information)'], citation: '15 CFR 734.3(b)(3)(ii), 734.8', status: 'V', detail: 'Technology or software that arises during or results from fundamental research and is intended to be published is not subject to the EAR.' },
    { id: 'us-humanitarian', name: 'Humanitarian shipments (GFT §740.12, Part 746 humanitarian licensing policies)', endUses: ['humanitarian', 'disaster_relief'], effect: 'not_evaluated', evidence: ['Donor and recipient details', 'Eligibility under §740.12 or the humanitarian licensing policy in Part 746'], citation: '15 CFR 740.12; Part 746', status: 'V', detail: 'Humanitarian license exceptions and licensing policies exist but are not evaluated by this pack: ask the authority.' },
  ];
  const notEvaluatedExceptions = ['TSR', 'CIV', 'APP', 'RPL', 'GOV', 'GFT', 'TSU', 'BAG', 'AVS', 'APR', 'AGR', 'CCD', 'STA', 'SCP', 'NAC/ACA', 'IEC', 'AIA', 'ACM', 'LPP', 'ACE', 'HBM'];
  const notE = Object.keys(rows).filter((c) => !(membership[c] ?? []).some((g) => g === 'E:1' || g === 'E:2'));
  const common = ['None of the §740.2 restrictions applies (no General Prohibition Four to Ten, no surreptitious-interception item, no MT-controlled item).', 'Keep records for five years (Part 762).'];
  const lvs: GeneralLicenceDef = { id: 'LVS', name: 'License Exception LVS (limited value shipments)', citation: '15 CFR 740.3 (LVS); 15 CFR 740.2', status: 'V', flagged: false, items: { scope: 'all_listed' }, excluded: [], countryGroups: ['B'], exceptionField: 'LVS', valueLimitField: 'LVS', notIfInformedOrAware: ['wmd', 'military'], conditions: ['The destination is in Country Group B and the net value of the shipment does not exceed the ECCN\'s LVS value (§740.3(a), (d)); the order is not split to stay under it.', ...common] };
  const tmp: GeneralLicenceDef = { id: 'TMP', name: 'License Exception TMP (temporary exports: exhibition)', citation: '15 CFR 740.9(a)(5) (exhibition and demonstration); 15 CFR 740.2', status: 'V', flagged: false, items: { scope: 'all_listed' }, excluded: [], destinations: notE, endUses: ['exhibition'], notIfInformedOrAware: ['wmd', 'military'], conditions: ['The items are for exhibition or demonstration, stay under your ownership and effective control, and are returned within one year (§740.9(a)(5), (b)(3)).', 'Not to Country Group E:1 or E:2; not for 9x515 or 600-series items to Country Group D:5 (§740.9(b)).', ...common] };
  const enc: GeneralLicenceDef = { id: 'ENC', name: 'License Exception ENC §740.17(a)(1) (end users in Supplement 3 countries)', citation: '15 CFR 740.17(a)(1); Supp. 3 to part 740', status: 'S', flagged: false, items: { scope: 'list', codes: ['5A002', '5A004', '5B002', '5D002', '5E002'] }, excluded: [], destinations: ENC_SUPP3, onlyForReasons: ['EI', 'NS', 'AT'], notIfInformedOrAware: ['wmd', 'military'], conditions: ['The end user is located in, or headquartered in, a Supplement 3 country (or is its subsidiary) and is not a government end user outside those countries (§740.17(a)(1)).', 'The item has been classified under 5A002, 5A004, 5B002, 5D002 or 5E002 for EI reasons; classification requests and reports under §740.17(b) are not needed for (a)(1).', ...common] };
  return {
    policy: 'us',
    key: 'us-ear',
    name: 'US Export Administration Regulations (CCL, Country Chart and Country Groups, eCFR 2026-09-24)',
    regulation: 'Export Administration Regulations (15 CFR 730–774)',
    licensing: { kind: 'country_chart', citation: '15 CFR 738.4 (determining whether a licence is required); 738 Supp. 1 (Commerce Country Chart)', home: 'US' },
    controlList: { name: 'Commerce Control List (15 CFR 774 Supp. 1)', citation: '15 CFR 774 Supp. 1', entries },
    countryChart: { citation: '15 CFR 738 Supp. 1 (Commerce Country Chart)', rows, footnotes: chart.footnotes },
    countryGroups: { citation: '15 CFR 740 Supp. 1 (Country Groups)', labels: groups.labels, membership },
    generalLicences: [gbs, lvs, tmp, enc],
    embargoes,
    catchAll,
    nationalMeasures: [],
    partyRules,
    exemptions,
    exceptionRestrictions: {
      citation: '15 CFR 740.2(a)',
      noExceptionCodes: ['5A001.i', '5A980', '5D001', '5D980', '5E001.a', '5E980'],
      noExceptionReasons: ['MT'],
      notEvaluated: ['§740.2(a)(4) items subject to §742.7 (crime control) outside Australia, Japan, New Zealand and NATO', '§740.2(a)(5)(i) exception for MT items exported as part of a manned aircraft, land vehicle or marine vessel', '§740.2(a)(6) and following'],
    },
    notEvaluated: [
      { rule: 'other-license-exceptions', citation: '15 CFR 740', detail: `License exceptions other than GBS are not evaluated: ${notEvaluatedExceptions.join(', ')}.` },
      { rule: 'us-744-21-knowledge', citation: '15 CFR 744.21(a); Supp. 2 to part 744', detail: 'a military end use or end user in Belarus, Burma, Cambodia, China, Nicaragua, Russia or Venezuela needs a licence for the items in Supplement 2 to part 744; this pack does not hold that item list', when: { destinations: ['BY', 'MM', 'KH', 'CN', 'NI', 'RU', 'VE'], concerns: ['military'] } },
      { rule: 'us-746-6-crimea', citation: '15 CFR 746.6 (Crimea, DNR and LNR regions of Ukraine); Country Chart footnotes 8/9', detail: 'confirm the consignee and end user are not in the Crimea, DNR or LNR regions of Ukraine (a licence is needed there for all items subject to the EAR except food and medicine)', when: { destinations: ['UA'] } },
      { rule: 'us-de-minimis', citation: '15 CFR 734.4 (de minimis); 734.9 (foreign direct product)', detail: 'Whether a foreign-made item is subject to the EAR is not evaluated: the engine assumes the item is subject to the EAR.' },
    ],
    footnoteRules: US_FOOTNOTES(chart.footnotes),
    requiredPartySources: [{ sources: ['us-csl'], citation: '15 CFR 744.11 (Entity List), 744.15 (Unverified List), 744.21 (MEU List), 736.2(b)(4) (Denied Persons)', why: 'the US Consolidated Screening List is not loaded, so the parties were not checked against the Entity, Unverified, Military End-User and Denied Persons lists' }],
    countries,
    unverified: ['countryChart: AT1/AT2 are never marked in the parsed chart (anti-terrorism controls come from Part 742/746; E:1/E:2 are handled as embargoes)', 'countryChart.footnotes.8 duplicates footnote 9 (parse defect)', 'countryGroups: LI has no membership (refer to CH per footnote 5)'],
    sources: ['data/us-ear/ear-country-chart.json.gz', 'data/us-ear/ear-country-groups.json.gz', 'CCL 15 CFR 774 Supp. 1 (eCFR 2026-09-24), reduced to licence requirements and exceptions'],
  };
}

// ---------------------------------------------------------------- UK (historical)
/** UK military (ML1–ML22) and national (PLxxxx) ratings from the UK licensing statistics' ratings table. */
function ukRatings(): { prefix: string; label: string }[] {
  const rows = parse(readFileSync(join(src, 'stats/uk-export-licences/current-2026-04/ratings.csv')), { columns: true }) as { rating: string; short_description: string }[];
  return rows.filter((r) => /^(ML\d+|PL\d+)$/.test(r.rating)).map((r) => ({ prefix: r.rating, label: `UK ${r.rating.startsWith('ML') ? 'Military List' : 'national control'} ${r.rating}: ${r.short_description}` }));
}

function buildUk(eu: PolicyPack): PolicyPack {
  const cond = readJson('controls/uk-general-licences-2016/ogel-condition-data.json');
  const look = readJson('controls/uk-general-licences-2016/ogel-lookup-data.json');
  const idByName = new Map<string, any>(look.map((l: any) => [l.name, l]));
  const entries: Record<string, ControlEntry> = { ...eu.controlList.entries };
  const notEvaluated = cond.map((c: any) => {
    const l = idByName.get(c.name);
    const s = c.summary ?? c;
    return {
      rule: `ogel:${l ? `${l.code}-${l.ogelId}` : c.name}`,
      citation: `UK ${c.name} (2016 summary${l ? `, SPIRE OGEL ${l.ogelId}` : ''})`,
      detail: `Not evaluated: the 2016 data has no item or destination matrix. Allows: ${(s.canList ?? []).join(' ').slice(0, 300)} Must: ${(s.mustList ?? []).slice(0, 3).join(' ').slice(0, 300)}`,
    };
  });
  return {
    policy: 'uk',
    key: 'uk-ogel-2016',
    name: 'UK open general export licences (2016, historical)',
    regulation: 'UK Export Control Order 2008 and Regulation (EC) No 428/2009 as applied in the UK (2016)',
    historical: true,
    historicalNote: 'HISTORICAL (2016): UK open general licences as summarised in 2016. Not current law; for reference and training only.',
    licensing: { kind: 'outside_union', union: ['GB'], citation: 'Regulation (EC) No 428/2009 Art 3 as applied in the UK (2016); UK Strategic Export Control List' },
    controlList: {
      name: 'Dual-use list (approximated by the 2025 EU Annex I codes) and UK Military List ML1–ML22',
      citation: 'UK Strategic Export Control List (2016)',
      entries,
      extraPrefixes: ukRatings(),
      status: 'UNVERIFIED: the 2016 dual-use list is approximated by the 2025 EU Annex I codes',
    },
    generalLicences: [],
    embargoes: [eu.embargoes[0]!].map((e) => ({ ...e, id: 'uk-arms', citation: 'UK Export Control Order 2008 (embargoed destinations, 2016): seed from the EU list, UNVERIFIED for 2016', status: 'UNVERIFIED' })),
    catchAll: [
      { id: 'uk-wmd-informed', name: 'WMD end-use control (informed)', citation: 'Regulation (EC) No 428/2009 Art 4(1) as applied in the UK (2016)', status: 'V-pred', trigger: 'informed', concern: 'wmd', appliesTo: 'unlisted', outcome: 'individual_licence_required', detail: 'Informed of a WMD end use: licence required.' },
      { id: 'uk-wmd-aware', name: 'WMD end-use control (aware)', citation: 'Regulation (EC) No 428/2009 Art 4(4) as applied in the UK (2016)', status: 'V-pred', trigger: 'aware', concern: 'wmd', appliesTo: 'unlisted', outcome: 'notify_authority', detail: 'Aware of a WMD end use: notify the authority.' },
    ],
    nationalMeasures: [],
    partyRules: [],
    exemptions: [],
    notEvaluated: [{ rule: 'historical-pack', citation: 'UK OGELs (2016)', detail: 'HISTORICAL (2016): not current law.' }, ...notEvaluated],
    countries,
    unverified: ['controlList: approximated by 2025 EU Annex I', 'embargoes.uk-arms: 2016 list not verified'],
    sources: ['data/uk-ogel-2016/ogel-condition-data.json.gz', 'data/uk-ogel-2016/ogel-lookup-data.json.gz'],
  };
}

// ---------------------------------------------------------------- sample shipments (real UK dual-use licence records)
/** Approved UK dual-use (SIEL) licence records 2014-01 → 2015-03 (date, rating, value GBP, destination ISO2) for what-if demos. */
function buildSample(): string {
  const names = new Map(Object.entries(countries).map(([iso, n]) => [n.toLowerCase(), iso]));
  const alias: Record<string, string> = {
    'south korea': 'KR', turkey: 'TR', 'united states of america': 'US', 'hong kong special administrative region': 'HK', 'democratic republic of congo': 'CD',
    'ivory coast': 'CI', 'republic of congo': 'CG', 'south sudan': 'SS', seychelles: 'SC', 'republic of moldova': 'MD', 'republic of guinea': 'GN', gambia: 'GM',
    macedonia: 'MK', macao: 'MO', swaziland: 'SZ', 'st lucia': 'LC', surinam: 'SR', 'united kingdom': 'GB',
  };
  const rows = parse(readFileSync(join(src, 'stats/uk-export-licences/snapshot-2015-07/values.csv')), { columns: true }) as { date: string; rating: string; value: string; country: string; refused: string }[];
  const out = ['date,rating,value,destination'];
  for (const r of rows) {
    if (!/^\d[A-E]\d{3}/.test(r.rating) || r.date < '2014-01-01' || r.refused !== '0') continue;
    const iso = alias[r.country.toLowerCase()] ?? names.get(r.country.toLowerCase());
    if (!iso) continue;
    out.push(`${r.date},${r.rating},${Number(r.value) || 0},${iso}`);
  }
  return out.join('\n') + '\n';
}

const eu = buildEu();
const us = buildUs();
const uk = buildUk(eu);
write('eu-2021-821', 'pack-eu.json.gz', JSON.stringify(eu));
write('eu-2021-821', 'ugeas.json.gz', readFileSync(join(src, 'rules/eu-2021-821/ugeas.json')));
write('eu-2021-821', 'RULES.md.gz', readFileSync(join(src, 'rules/eu-2021-821/RULES.md')));
write('eu-2021-821', 'sample-shipments-uk-2014.csv.gz', buildSample());
write('us-ear', 'pack-us.json.gz', JSON.stringify(us));
write('us-ear', 'ear-country-chart.json.gz', readFileSync(join(src, 'rules/us-ear/ear-country-chart.json')));
write('us-ear', 'ear-country-groups.json.gz', readFileSync(join(src, 'rules/us-ear/ear-country-groups.json')));
write('uk-ogel-2016', 'pack-uk.json.gz', JSON.stringify(uk));
write('uk-ogel-2016', 'ogel-condition-data.json.gz', readFileSync(join(src, 'controls/uk-general-licences-2016/ogel-condition-data.json')));
write('uk-ogel-2016', 'ogel-lookup-data.json.gz', readFileSync(join(src, 'controls/uk-general-licences-2016/ogel-lookup-data.json')));
console.log(
  `EU: ${Object.keys(eu.controlList.entries).length} Annex I codes, ${eu.generalLicences.length} UGEAs; US: ${Object.keys(us.controlList.entries).length} ECCNs, ${Object.keys(us.countryChart!.rows).length} chart rows; UK: ${uk.notEvaluated.length - 1} OGEL summaries`,
);
