/**
 * Officers' draft changes to a policy pack, as typed operations on the pack data (never code).
 * `applyChanges` is pure: it returns a new pack and leaves the input untouched.
 */
import { z } from 'zod';
import { invalid } from '../../platform/errors.js';
import { END_USES, type ExemptionDef, type PolicyPack } from './determination.types.js';
import { normaliseCode } from './determination.evaluator.js';

const iso2 = z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 country code').transform((s) => s.toUpperCase());
const code = z.string().trim().min(2).max(40);
const id = z.string().trim().min(1).max(80);

export const PackChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add_embargo_destination'), embargo: id, destination: iso2 }).strict(),
  z.object({ op: z.literal('remove_embargo_destination'), embargo: id, destination: iso2 }).strict(),
  z.object({ op: z.literal('add_section_i_code'), code }).strict(),
  z.object({ op: z.literal('remove_section_i_code'), code }).strict(),
  z.object({ op: z.literal('add_general_licence_exclusion'), generalLicence: id, code }).strict(),
  z.object({ op: z.literal('remove_general_licence_exclusion'), generalLicence: id, code }).strict(),
  z.object({ op: z.literal('add_general_licence_destination'), generalLicence: id, destination: iso2 }).strict(),
  z.object({ op: z.literal('remove_general_licence_destination'), generalLicence: id, destination: iso2 }).strict(),
  z
    .object({
      op: z.literal('add_exemption'),
      exemption: z
        .object({
          id,
          name: z.string().trim().min(1).max(200),
          endUses: z.array(z.enum(END_USES)).min(1),
          effect: z.enum(['lift_embargo', 'decontrol_groups', 'not_evaluated']),
          embargoes: z.array(id).optional(),
          groups: z.array(z.enum(['A', 'B', 'C', 'D', 'E'])).optional(),
          excludedDestinations: z.array(iso2).optional(),
          evidence: z.array(z.string().trim().min(1).max(300)).max(20),
          citation: z.string().trim().min(1).max(300),
          detail: z.string().trim().max(1000).default(''),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      op: z.literal('narrow_exemption'),
      exemption: id,
      excludeDestinations: z.array(iso2).optional(),
      endUses: z.array(z.enum(END_USES)).optional(),
    })
    .strict(),
  z.object({ op: z.literal('remove_exemption'), exemption: id }).strict(),
  z
    .object({
      op: z.literal('add_national_measure'),
      measure: z
        .object({
          id,
          memberState: iso2,
          name: z.string().trim().min(1).max(200),
          codes: z.array(code).min(1).max(200),
          destinations: z.array(iso2).optional(),
          outsideOf: z.array(iso2).optional(),
          outcome: z.enum(['individual_licence_required', 'prohibited', 'notify_authority']),
          citation: z.string().trim().min(1).max(300),
        })
        .strict(),
    })
    .strict(),
  z.object({ op: z.literal('remove_national_measure'), measure: id }).strict(),
  z
    .object({
      op: z.literal('set_chart_cell'),
      destination: iso2,
      column: z.string().trim().regex(/^[A-Z]{2}\d$/, 'must be a Country Chart column such as NS1'),
      value: z.boolean(),
    })
    .strict(),
]);
export type PackChange = z.infer<typeof PackChangeSchema>;
export const PackChangesSchema = z.array(PackChangeSchema).min(1).max(100);

const normCode = (c: string, field: string) => {
  const n = normaliseCode(c);
  if (!n) throw invalid({ [field]: 'is not a control code' });
  return n;
};

/** Applies draft changes to a copy of the pack. Throws 400 naming the change that does not fit the pack. */
export function applyChanges(base: PolicyPack, changes: PackChange[]): PolicyPack {
  const pack: PolicyPack = structuredClone(base);
  changes.forEach((ch, i) => {
    const f = (k: string) => `changes.${i}.${k}`;
    switch (ch.op) {
      case 'add_embargo_destination':
      case 'remove_embargo_destination': {
        const e = pack.embargoes.find((x) => x.id === ch.embargo);
        if (!e) throw invalid({ [f('embargo')]: `no such embargo in the ${pack.policy} pack (have: ${pack.embargoes.map((x) => x.id).join(', ')})` });
        if (ch.op === 'add_embargo_destination') {
          if (!e.destinations.includes(ch.destination)) e.destinations.push(ch.destination);
        } else e.destinations = e.destinations.filter((d) => d !== ch.destination);
        break;
      }
      case 'add_section_i_code':
      case 'remove_section_i_code': {
        if (!pack.sectionI) throw invalid({ [f('op')]: `the ${pack.policy} pack has no Annex II Section I` });
        const c = normCode(ch.code, f('code'));
        if (ch.op === 'add_section_i_code') {
          if (!pack.sectionI.codes.includes(c)) pack.sectionI.codes.push(c);
        } else pack.sectionI.codes = pack.sectionI.codes.filter((x) => x !== c);
        break;
      }
      case 'add_general_licence_exclusion':
      case 'remove_general_licence_exclusion':
      case 'add_general_licence_destination':
      case 'remove_general_licence_destination': {
        const g = pack.generalLicences.find((x) => x.id === ch.generalLicence);
        if (!g) throw invalid({ [f('generalLicence')]: `no such general licence (have: ${pack.generalLicences.map((x) => x.id).join(', ')})` });
        if (ch.op === 'add_general_licence_exclusion') {
          const c = normCode(ch.code, f('code'));
          if (!g.excluded.includes(c)) g.excluded.push(c);
        } else if (ch.op === 'remove_general_licence_exclusion') {
          const c = normCode(ch.code, f('code'));
          g.excluded = g.excluded.filter((x) => x !== c);
        } else {
          if (!g.destinations) throw invalid({ [f('generalLicence')]: `${g.id} is defined by country groups; change the groups instead` });
          if (ch.op === 'add_general_licence_destination') {
            if (!g.destinations.includes(ch.destination)) g.destinations.push(ch.destination);
          } else g.destinations = g.destinations.filter((d) => d !== ch.destination);
        }
        break;
      }
      case 'add_exemption': {
        if (pack.exemptions.some((x) => x.id === ch.exemption.id)) throw invalid({ [f('exemption.id')]: 'an exemption with this id exists' });
        for (const e of ch.exemption.embargoes ?? []) if (!pack.embargoes.some((x) => x.id === e)) throw invalid({ [f('exemption.embargoes')]: `no such embargo ${e}` });
        const ex: ExemptionDef = { ...ch.exemption, status: 'officer draft', detail: ch.exemption.detail || ch.exemption.name };
        pack.exemptions.push(ex);
        break;
      }
      case 'narrow_exemption': {
        const ex = pack.exemptions.find((x) => x.id === ch.exemption);
        if (!ex) throw invalid({ [f('exemption')]: `no such exemption (have: ${pack.exemptions.map((x) => x.id).join(', ')})` });
        if (ch.excludeDestinations) ex.excludedDestinations = [...new Set([...(ex.excludedDestinations ?? []), ...ch.excludeDestinations])];
        if (ch.endUses) {
          const bad = ch.endUses.filter((u) => !ex.endUses.includes(u));
          if (bad.length) throw invalid({ [f('endUses')]: `narrowing cannot add end uses (${bad.join(', ')})` });
          ex.endUses = ch.endUses;
        }
        break;
      }
      case 'remove_exemption': {
        if (!pack.exemptions.some((x) => x.id === ch.exemption)) throw invalid({ [f('exemption')]: 'no such exemption' });
        pack.exemptions = pack.exemptions.filter((x) => x.id !== ch.exemption);
        break;
      }
      case 'add_national_measure': {
        if (pack.nationalMeasures.some((x) => x.id === ch.measure.id)) throw invalid({ [f('measure.id')]: 'a national measure with this id exists' });
        const codes = ch.measure.codes.map((c, j) => normCode(c, f(`measure.codes.${j}`)));
        pack.nationalMeasures.push({ ...ch.measure, codes, status: 'officer draft' });
        break;
      }
      case 'remove_national_measure': {
        if (!pack.nationalMeasures.some((x) => x.id === ch.measure)) throw invalid({ [f('measure')]: `no such national measure (have: ${pack.nationalMeasures.map((x) => x.id).join(', ')})` });
        pack.nationalMeasures = pack.nationalMeasures.filter((x) => x.id !== ch.measure);
        break;
      }
      case 'set_chart_cell': {
        if (!pack.countryChart) throw invalid({ [f('op')]: `the ${pack.policy} pack has no country chart` });
        const row = pack.countryChart.rows[ch.destination];
        if (!row) throw invalid({ [f('destination')]: 'not in the Country Chart' });
        const has = row.x.includes(ch.column);
        if (ch.value && !has) row.x.push(ch.column);
        if (!ch.value && has) row.x = row.x.filter((c) => c !== ch.column);
        break;
      }
    }
  });
  return pack;
}
