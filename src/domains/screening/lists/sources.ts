import type { ListedParty } from '../model.js';
import { FeedError, type FeedFiles, type ListSource, type SourceFile } from './common.js';
import { parseOfacLegacy } from './ofac.js';
import { parseOfacEnhancedXml } from './ofac-xml.js';
import { parseUsCsl } from './us-csl.js';
import { parseUnSc } from './un-sc.js';
import { parseUkSanctions } from './uk-sanctions.js';
import { parseBisDpl } from './bis-dpl.js';
import { parseEuFsf } from './eu-fsf.js';

const OFAC = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';
const f = (key: string, bundled: string, env: string, url: string, required = true): SourceFile => ({ key, bundled, env, url, required });

/** Every list Clearway imports, with its files, the official download URL and the env var that overrides it. */
export const SOURCES: ListSource[] = [
  {
    name: 'us-csl',
    title: 'US Consolidated Screening List (trade.gov)',
    bundledDataDate: '2022-05-16',
    files: [f('csl', 'us-csl/consolidated-2022-05.csv.gz', 'CLEARWAY_LIST_US_CSL_URL', 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv')],
    parse: parseUsCsl,
  },
  {
    name: 'ofac-sdn',
    title: 'OFAC Specially Designated Nationals (legacy CSV set)',
    // The newest bundled SDN.CSV (2024-05-03); alt/add/comments are the newest bundled set (2021-07-07) and apply to the
    // entries listed in both (see data/ofac-sdn/PROVENANCE.md).
    bundledDataDate: '2024-05-03',
    files: [
      // Either the legacy CSV set (sdn + alt/add/comments) or the ENHANCED XML (xml, e.g. …/exports/SDN_ENHANCED.XML).
      f('sdn', 'ofac-sdn-snapshots/sdn-2024-05-03.csv.gz', 'CLEARWAY_LIST_OFAC_SDN_URL', `${OFAC}/SDN.CSV`, false),
      f('alt', 'ofac-sdn/alt.csv.gz', 'CLEARWAY_LIST_OFAC_SDN_ALT_URL', `${OFAC}/ALT.CSV`, false),
      f('add', 'ofac-sdn/add.csv.gz', 'CLEARWAY_LIST_OFAC_SDN_ADD_URL', `${OFAC}/ADD.CSV`, false),
      f('comments', 'ofac-sdn/sdn_comments.csv.gz', 'CLEARWAY_LIST_OFAC_SDN_COMMENTS_URL', `${OFAC}/SDN_COMMENTS.CSV`, false),
      f('xml', '', 'CLEARWAY_LIST_OFAC_SDN_XML_URL', '', false),
    ],
    parse: (files: FeedFiles) => {
      if (files.xml) return parseOfacEnhancedXml('ofac-sdn', 'xml', files.xml, 'SDN');
      if (!files.sdn) throw new FeedError('ofac-sdn', 'sdn', 'file is missing (give the CSV set or the ENHANCED XML as "xml")');
      return parseOfacLegacy('ofac-sdn', { prim: 'sdn', alt: 'alt', add: 'add', comments: 'comments' }, files, 'SDN');
    },
  },
  {
    name: 'ofac-cons',
    title: 'OFAC Consolidated (non-SDN) list (legacy CSV set)',
    bundledDataDate: '2025-12-19',
    files: [
      // Either the legacy CSV set (prim + alt/add/comments) or the ENHANCED XML (xml). The XML is not fetched unless its env var is set.
      f('prim', 'ofac-cons/cons_prim.csv.gz', 'CLEARWAY_LIST_OFAC_CONS_URL', `${OFAC}/CONS_PRIM.CSV`, false),
      f('alt', 'ofac-cons/cons_alt.csv.gz', 'CLEARWAY_LIST_OFAC_CONS_ALT_URL', `${OFAC}/CONS_ALT.CSV`, false),
      f('add', 'ofac-cons/cons_add.csv.gz', 'CLEARWAY_LIST_OFAC_CONS_ADD_URL', `${OFAC}/CONS_ADD.CSV`, false),
      f('comments', 'ofac-cons/cons_comments.csv.gz', 'CLEARWAY_LIST_OFAC_CONS_COMMENTS_URL', `${OFAC}/CONS_COMMENTS.CSV`, false),
      f('xml', '', 'CLEARWAY_LIST_OFAC_CONS_XML_URL', '', false),
    ],
    parse: (files: FeedFiles) => {
      if (files.xml) return parseOfacEnhancedXml('ofac-cons', 'xml', files.xml, 'Non-SDN Consolidated');
      if (!files.prim) throw new FeedError('ofac-cons', 'prim', 'file is missing (give the CSV set or the ENHANCED XML as "xml")');
      return parseOfacLegacy('ofac-cons', { prim: 'prim', alt: 'alt', add: 'add', comments: 'comments' }, files, 'Non-SDN Consolidated');
    },
  },
  {
    name: 'un-sc',
    title: 'UN Security Council Consolidated List (XML)',
    bundledDataDate: '2026-02-27',
    files: [f('xml', 'un-sc/UN_consolidated-2026-02-27.xml.gz', 'CLEARWAY_LIST_UN_SC_URL', 'https://scsanctions.un.org/resources/xml/en/consolidated.xml')],
    parse: parseUnSc,
  },
  {
    name: 'uk-sanctions',
    title: 'UK Sanctions List (relational CSVs)',
    bundledDataDate: '2026-04-29',
    // The FCDO publishes one wide CSV; the relational split we read has no official URL, so these have no default:
    // set the env vars to where your reshaped files are published.
    files: [
      f('subjects', 'uk-sanctions/subjects.csv.gz', 'CLEARWAY_LIST_UK_SUBJECTS_URL', ''),
      f('subject_names', 'uk-sanctions/subject_names.csv.gz', 'CLEARWAY_LIST_UK_NAMES_URL', ''),
      f('subject_dobs', 'uk-sanctions/subject_dobs.csv.gz', 'CLEARWAY_LIST_UK_DOBS_URL', '', false),
      f('subject_identifiers', 'uk-sanctions/subject_identifiers.csv.gz', 'CLEARWAY_LIST_UK_IDENTIFIERS_URL', '', false),
      f('subject_countries', 'uk-sanctions/subject_countries.csv.gz', 'CLEARWAY_LIST_UK_COUNTRIES_URL', '', false),
    ],
    parse: parseUkSanctions,
  },
  {
    name: 'bis-dpl',
    title: 'BIS Denied Persons List (tab-separated)',
    bundledDataDate: '2023-11-30',
    files: [f('dpl', 'bis-dpl/dpl-2023-11.txt.gz', 'CLEARWAY_LIST_BIS_DPL_URL', 'https://www.bis.doc.gov/dpl/dpl.txt')],
    parse: parseBisDpl,
  },
  {
    name: 'eu_fsf',
    title: 'EU consolidated financial sanctions list (XML)',
    // No snapshot is bundled (none was available to us): the source stays "not loaded" until an update or import.
    bundledDataDate: '',
    files: [f('xml', '', 'CLEARWAY_LIST_EU_FSF_URL', '')],
    parse: parseEuFsf,
  },
];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

export function sourceByName(name: string): ListSource {
  const s = SOURCES.find((x) => x.name === name);
  if (!s) throw new Error(`Unknown list source "${name}"; known: ${SOURCE_NAMES.join(', ')}`);
  return s;
}

/** Parses a feed; any failure becomes a FeedError naming the source and file. */
export function parseFeed(source: ListSource, files: FeedFiles): ListedParty[] {
  for (const file of source.files) if (file.required && !files[file.key]) throw new FeedError(source.name, file.key, 'file is missing');
  try {
    return source.parse(files);
  } catch (e) {
    if (e instanceof FeedError) throw e;
    throw new FeedError(source.name, '*', `could not be read: ${(e as Error).message}`);
  }
}
