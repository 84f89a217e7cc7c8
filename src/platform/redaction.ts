/**
 * Redaction of free text published to people outside a case: the one home for name variants and contact details.
 * Used for public rationales (licensing) and published classification rulings. Errs on the side of removing too
 * much: a public text with a word missing is a nuisance, one naming an exporter's customer is a breach.
 */

const LEGAL_FORM =
  /(?:[\s,.]+(?:ltd|limited|plc|llp|lp|gmbh|mbh|ag|se|sa|sas|sarl|srl|spa|s\.?p\.?a|bv|b\.v|nv|n\.v|inc|incorporated|llc|co|corp|corporation|company|oy|ab|as|a\/s|kg|pty|pte|kk|sl|ooo|ojsc|jsc|pjsc|cjsc|fze|fzco|group|holding|holdings)\.?)+\s*$/i;
/** Words too common to redact on their own (a name is still redacted whole, and in its two-word forms). */
const GENERIC = new Set(
  'the and of for international global general national united advanced applied british european american first new north south east west systems system technologies technology tech industries industrial engineering services solutions trading electronics defence defense aerospace research laboratories laboratory labs partners group company limited holdings electronic instruments products manufacturing precision'.split(' '),
);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (s: string) => s.split(/[\s,.;:()/&+-]+/).filter(Boolean);

/** The name as people write it: in full, without its legal form ("Acme Defence Systems Ltd" → "Acme Defence Systems"), its leading words ("Acme Defence"), its first distinctive word ("Acme"), with "&" and "and" swapped. */
export function nameVariants(name: string): string[] {
  const full = name.trim();
  if (!full) return [];
  const out = new Set<string>([full]);
  let bare = full;
  for (let i = 0; i < 3; i++) bare = bare.replace(LEGAL_FORM, '').trim();
  if (bare) out.add(bare);
  const w = words(bare);
  for (let n = w.length - 1; n >= 2; n--) out.add(w.slice(0, n).join(' '));
  if (w.length && w[0].length >= 4 && !GENERIC.has(w[0].toLowerCase()) && !/^\d+$/.test(w[0])) out.add(w[0]);
  for (const v of [...out]) {
    if (v.includes('&')) out.add(v.replace(/\s*&\s*/g, ' and '));
    if (/\band\b/i.test(v)) out.add(v.replace(/\s+and\s+/gi, ' & '));
  }
  return [...out].filter((v) => v.length >= 3);
}

let countries: Set<string> | null = null;
/** Country names (English) and ISO codes: a destination country is public information, not a party's address. */
function isCountry(s: string): boolean {
  if (!countries) {
    countries = new Set<string>();
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const n = names.of(code);
        if (n && n !== code) countries.add(n.toLowerCase()).add(code.toLowerCase());
      }
    for (const extra of ['uk', 'usa', 'us', 'great britain', 'england', 'scotland', 'wales', 'northern ireland']) countries.add(extra);
  }
  return countries.has(s.trim().toLowerCase());
}

/** An address and its parts as people quote them: the whole, each comma- or line-separated part, the street without its number, the town and the postcode apart. The country stays. */
export function addressVariants(address: string): string[] {
  const full = address.trim();
  if (!full) return [];
  const out = new Set<string>([full]);
  for (const part of full.split(/[,;\n]+/).map((p) => p.trim())) {
    if ((part.length < 4 && !/\d/.test(part)) || isCountry(part)) continue;
    out.add(part);
    const street = part.replace(/^(?:no\.?\s*)?\d+[a-z]?\s*[-,]?\s+/i, '');
    if (street !== part && street.length >= 5) {
      out.add(street);
      continue;
    }
    // "Portsmouth PO1 2AB", "75008 Paris": the town and the postcode are each quoted alone.
    const tokens = part.split(/\s+/);
    const alpha = tokens.filter((t) => !/\d/.test(t)).join(' ');
    const coded = tokens.filter((t) => /\d/.test(t)).join(' ');
    if (alpha && coded) {
      if (alpha.length >= 5 && !isCountry(alpha)) out.add(alpha);
      if (coded.length >= 4) out.add(coded);
    }
  }
  return [...out].filter((v) => v.length >= 3);
}

/** A pattern for a term as a whole word, case-insensitive, with any run of spaces, dots, dashes or slashes between its parts. */
export function termPattern(term: string): RegExp {
  const parts = words(term.trim()).map(escapeRe);
  const body = parts.length ? parts.join('[\\s.,/&+-]*') : escapeRe(term.trim());
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

export const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** International or long phone numbers; shorter digit runs are usually technical values and stay. */
export const PHONE = /\+\d[\d\s().-]{6,}\d|\b\d[\d\s().-]{9,}\d\b/g;
export const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi;

export interface Term {
  value: string;
  /** What the reader sees instead, e.g. "[redacted]" or "[organisation]". */
  label: string;
}

export interface RedactionResult {
  text: string;
  /** What was removed, in order of first appearance, for the officer's preview. */
  removed: string[];
}

/** Replaces every term (longest first, so "Acme Defence Ltd" goes before "Acme"), then contact details. */
export function redactTerms(text: string, terms: Term[], contacts: { email: string; phone: string; url?: string } | null): RedactionResult {
  const removed: string[] = [];
  const seen = new Set<string>();
  const note = (m: string) => {
    const k = m.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      removed.push(m);
    }
  };
  let out = text;
  if (contacts) {
    out = out.replace(EMAIL, (m) => (note(m), contacts.email));
    if (contacts.url) out = out.replace(URL_RE, (m) => (note(m), contacts.url!));
    out = out.replace(PHONE, (m) => (note(m), contacts.phone));
  }
  const unique = new Map<string, Term>();
  for (const t of terms) {
    const v = t.value.trim();
    if (v && !unique.has(v.toLowerCase())) unique.set(v.toLowerCase(), { value: v, label: t.label });
  }
  for (const t of [...unique.values()].sort((a, b) => b.value.length - a.value.length)) {
    out = out.replace(termPattern(t.value), (m) => (note(m), t.label));
  }
  return { text: out, removed };
}

/** The public version of a text about parties: every known name variant and address part of each, and contact details, become [redacted]. */
export function redactionPreview(text: string, secrets: { names?: string[]; addresses?: string[]; other?: string[] }): RedactionResult {
  const label = '[redacted]';
  const terms: Term[] = [
    ...(secrets.names ?? []).flatMap((n) => nameVariants(n)),
    ...(secrets.addresses ?? []).flatMap((a) => addressVariants(a)),
    ...(secrets.other ?? []).filter((s) => s.trim().length >= 3),
  ].map((value) => ({ value, label }));
  return redactTerms(text, terms, { email: label, phone: label, url: label });
}

/** Replaces names, addresses and contact details with [redacted]; each secret is treated as a name and as an address. */
export function redact(text: string, secrets: string[]): string {
  return redactionPreview(text, { names: secrets, addresses: secrets }).text;
}
