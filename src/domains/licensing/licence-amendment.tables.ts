/** Amendments of an issued licence's goods (quantity and value), one row per version: the history is never rewritten. */
export interface LicLicenceAmendmentsTable {
  id: string;
  licence_id: string;
  /** The licence's row version this amendment produced (lic_licences.row_version after it). */
  version: number;
  /** JSON [{licenceGoodId, description, unit, currency, before:{quantity, value}, after:{quantity, value}, shipped:{quantity, value}}] */
  goods: string;
  reason: string;
  status_before: string;
  status_after: string;
  amended_by: string;
  amended_at: string;
}

export interface LicenceAmendmentTables {
  lic_licence_amendments: LicLicenceAmendmentsTable;
}
