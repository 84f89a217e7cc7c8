/**
 * The risk signals as data: name, version and weight (points added to a subject's 0–100 score) and each rule's
 * parameters. Change a parameter here and bump the rule's version; alerts record the version that raised them.
 * Country lists are ISO 3166-1 alpha-2. Sources for the defaults are in docs/risk.md.
 */
export const RULES = {
  transshipment: {
    version: 1,
    weight: 40,
    title: 'Transshipment via a diversion hub toward an embargoed or sanctioned destination',
    params: {
      /** Jurisdictions named in EU/UK/US diversion guidance as trans-shipment hubs for Russia, Belarus and Iran. */
      hubs: ['AE', 'TR', 'AM', 'GE', 'KZ', 'KG', 'UZ', 'TJ', 'AZ', 'RS', 'HK', 'CN', 'MY', 'TH', 'IN'],
      /** Under arms embargo or broad trade sanctions in the EU/UK regimes. */
      embargoed: ['RU', 'BY', 'IR', 'KP', 'SY', 'CU', 'MM', 'VE', 'AF'],
    },
  },
  consignee_end_user_mismatch: {
    version: 1,
    weight: 15,
    title: "Consignee's country differs from the end user's, with no reason",
    params: {
      /** Pairs (consignee→end user) accepted without a reason, e.g. an integrator in one EU state for a user in another. */
      acceptedPairs: [] as string[],
      /** Countries treated as one (a single market): a mismatch inside a group is not raised. */
      groups: [['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']],
    },
  },
  route_inconsistent: {
    version: 1,
    weight: 20,
    title: 'Transit countries off any plausible route to the destination',
    params: {
      /** A transit country is plausible when its region is the dispatch's, the destination's or a hub region between them. */
      regions: {
        europe: ['GB', 'IE', 'FR', 'DE', 'NL', 'BE', 'LU', 'ES', 'PT', 'IT', 'AT', 'CH', 'DK', 'SE', 'NO', 'FI', 'PL', 'CZ', 'SK', 'HU', 'SI', 'HR', 'RO', 'BG', 'GR', 'CY', 'MT', 'EE', 'LV', 'LT', 'IS', 'RS', 'BA', 'ME', 'MK', 'AL', 'MD', 'UA', 'BY', 'RU', 'TR'],
        caucasus_central_asia: ['GE', 'AM', 'AZ', 'KZ', 'KG', 'UZ', 'TJ', 'TM'],
        middle_east: ['AE', 'SA', 'QA', 'KW', 'BH', 'OM', 'IL', 'JO', 'LB', 'SY', 'IQ', 'IR', 'YE', 'EG'],
        asia: ['CN', 'HK', 'MO', 'TW', 'JP', 'KR', 'KP', 'MN', 'IN', 'PK', 'BD', 'LK', 'NP', 'SG', 'MY', 'TH', 'VN', 'ID', 'PH', 'KH', 'LA', 'MM', 'AF'],
        oceania: ['AU', 'NZ', 'PG', 'FJ'],
        north_america: ['US', 'CA', 'MX'],
        latin_america: ['BR', 'AR', 'CL', 'CO', 'PE', 'VE', 'EC', 'UY', 'PY', 'BO', 'CU', 'PA', 'CR', 'GT', 'DO'],
        africa: ['ZA', 'NG', 'KE', 'MA', 'DZ', 'TN', 'GH', 'ET', 'TZ', 'SN', 'CI', 'AO', 'LY', 'SD'],
      } as Record<string, string[]>,
      /** Regions a route between two regions may plausibly cross (either direction). */
      via: {
        'europe>asia': ['middle_east', 'caucasus_central_asia'],
        'europe>oceania': ['asia', 'middle_east'],
        'europe>africa': ['middle_east'],
        'europe>latin_america': ['north_america'],
        'asia>oceania': [],
        'north_america>asia': ['oceania'],
      } as Record<string, string[]>,
    },
  },
  new_consignee_sensitive: {
    version: 1,
    weight: 20,
    title: 'First shipment to a consignee, carrying sensitive items',
    params: {
      /** Control-code prefixes treated as sensitive (Annex IV and the most diverted categories). */
      sensitivePrefixes: ['0', '1C', '3A001', '3E', '4A', '5A', '6A', '7A', '9A', 'ML'],
      /** No consignee is "new" in the first days of the data: without history every first sighting would look new. */
      historyDays: 30,
    },
  },
  split_shipment: {
    version: 1,
    weight: 30,
    title: 'Several declarations to one consignee just under a value threshold within a window',
    params: {
      /** Declaration value thresholds per currency (e.g. a reporting or low-value limit). */
      thresholds: { GBP: 10000, EUR: 12000, USD: 12500 } as Record<string, number>,
      /** "Just under": within this share below the threshold. */
      margin: 0.1,
      windowDays: 14,
      minCount: 3,
    },
  },
  value_outlier: {
    // v2: robust z 8 (v1: 5 flagged ~5 % of the bench stream)
    version: 2,
    weight: 15,
    title: 'Unit value or quantity far from the usual for the HS code and destination (median and MAD)',
    params: { minGroup: 30, robustZ: 8, /** floor on the MAD of log10 values (a factor of 1.26), so tight groups do not flag ordinary spread */ minMad: 0.1 },
  },
  controlled_without_authorisation: {
    version: 1,
    weight: 25,
    title: 'Controlled goods (control code or controlled HS heading) declared without an authorisation',
    params: {
      /** HS-6 headings treated as controlled when no control code is declared (illustrative, see docs/risk.md). */
      /** Weight multiplier when customs already held or rejected every such line (it is in the holds queue already). */
      heldFactor: 0.4,
      controlledHs: ['840120', '284410', '681510', '845961', '854231', '903089', '851762', '852692', '901380', '902780', '901420', '852691', '890590', '841191', '880240', '930190', '930200', '930690'],
    },
  },
  linked_to_listed: {
    version: 1,
    weight: 45,
    title: 'Party sharing an address or identifier with a listed party',
    params: { minAddressLength: 12 },
  },
} as const;

export type SignalName = keyof typeof RULES;
export const SIGNALS = Object.keys(RULES) as SignalName[];
/** Exporter profiles: an exporter is an alert subject when it has this many alerted declarations. */
export const EXPORTER_PROFILE = { version: 1, minAlerts: 3 };
