/** Redaction of rulings for people outside the requesting organisation and for the public. */

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// International phone numbers (+44 20 7946 0000); plain digit runs are left alone: they are usually technical values.
const PHONE = /\+\d[\d\s().-]{6,}\d/g;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export interface RedactionContext {
  organisationName: string;
  /** The part number, when the exporter did not consent to publishing it. */
  hiddenPartNumber: string | null;
  /** Names and emails of the people involved (requester, officer). */
  people: string[];
}

/** Removes the organisation's name, an unconsented part number, email addresses, phone numbers and named people from free text. */
export function redactText(text: string, r: RedactionContext): string {
  let out = text.replace(EMAIL, '[email removed]').replace(PHONE, '[phone removed]');
  const replace = (needle: string | null, by: string, minLength = 3) => {
    if (!needle || needle.trim().length < minLength) return;
    // Whole words only: an organisation called "Tek" must not turn "Technology" into "[organisation]hnology".
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(needle.trim())}(?![\\p{L}\\p{N}])`, 'giu'), by);
  };
  replace(r.organisationName, '[organisation]');
  // Also the name without its legal form ("Acme Ltd" → "Acme").
  const bare = r.organisationName.replace(/[,.]?\s+(ltd|limited|plc|gmbh|ag|sa|sas|srl|bv|nv|inc|llc|co|corp|oy|ab|as|spa|kg)\.?$/i, '');
  if (bare !== r.organisationName) replace(bare, '[organisation]');
  replace(r.hiddenPartNumber, '[part number]', 1);
  for (const p of r.people) replace(p, '[person]');
  return out;
}

/** The manufacturer as published: hidden when it is the requesting organisation itself (which would identify it). */
export function redactManufacturer(manufacturer: string, r: RedactionContext): string {
  const m = norm(manufacturer);
  const o = norm(r.organisationName);
  const bare = norm(r.organisationName.replace(/[,.]?\s+(ltd|limited|plc|gmbh|ag|sa|sas|srl|bv|nv|inc|llc|co|corp|oy|ab|as|spa|kg)\.?$/i, ''));
  if (m === o || (bare.length >= 3 && m === bare)) return '[organisation]';
  return redactText(manufacturer, r);
}
