/** Redaction of rulings for people outside the requesting organisation and for the public (built on platform/redaction). */
import type { PrecedentRow } from './classification.repository.js';
import { nameVariants, redactTerms, type RedactionResult, type Term } from '../../platform/redaction.js';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export interface RedactionContext {
  organisationName: string;
  /** The part number, when the exporter did not consent to publishing it. */
  hiddenPartNumber: string | null;
  /** Names and emails of the people involved (requester, officer). */
  people: string[];
  /** Other names that identify the exporter (the manufacturer when it is the exporter itself, trading names). */
  otherNames?: string[];
}

function terms(r: RedactionContext): Term[] {
  const out: Term[] = [];
  for (const name of [r.organisationName, ...(r.otherNames ?? [])]) for (const v of nameVariants(name)) out.push({ value: v, label: '[organisation]' });
  // Any spelling of the part number: "AX-2000/B", "AX 2000 B", "ax2000b".
  const pn = r.hiddenPartNumber?.trim();
  if (pn) {
    out.push({ value: pn, label: '[part number]' });
    const compact = pn.replace(/[\s./_-]+/g, '');
    if (compact.length >= 3) out.push({ value: compact, label: '[part number]' });
  }
  for (const p of r.people) if (p.trim().length >= 3) out.push({ value: p, label: '[person]' });
  return out;
}

/** The redacted text and what was removed (for the officer's preview). */
export function redactWithReport(text: string, r: RedactionContext): RedactionResult {
  const res = redactTerms(text, terms(r), { email: '[email removed]', phone: '[phone removed]' });
  // A part number written without separators inside a longer token ("AX2000B-rev3") is caught by the compact form above;
  // this catches it written with separators where the stored one has none.
  const pn = r.hiddenPartNumber?.replace(/[\s./_-]+/g, '');
  if (pn && pn.length >= 4) {
    const loose = new RegExp(pn.split('').map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s./_-]?'), 'gi');
    res.text = res.text.replace(loose, (m) => (res.removed.push(m), '[part number]'));
  }
  return res;
}

/** Removes the organisation's name in every variant, an unconsented part number in any spelling, email addresses, phone numbers and named people. */
export function redactText(text: string, r: RedactionContext): string {
  return redactWithReport(text, r).text;
}

/** The manufacturer as published: hidden when it is the requesting organisation itself (which would identify it). */
export function redactManufacturer(manufacturer: string, r: RedactionContext): string {
  const m = norm(manufacturer);
  if (nameVariants(r.organisationName).some((v) => norm(v) === m)) return '[organisation]';
  return redactText(manufacturer, r);
}

/** What identifies the requester of a ruled request: its organisation, an unconsented part number, the people involved. */
export function redactionFor(p: PrecedentRow): RedactionContext {
  const people = [p.requester_email, p.requester_name, p.officer_email, p.officer_name].filter((x): x is string => !!x);
  return { organisationName: p.organisation_name, hiddenPartNumber: Number(p.publish_part_number) ? null : p.part_number, people };
}
