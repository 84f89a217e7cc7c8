/** Officers' draft changes: each operation changes the pack data, and the evaluator's outcome moves as the rule says. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { bundledPack } from './determination.packs.js';
import { compilePack, evaluate } from './determination.evaluator.js';
import { applyChanges, PackChangesSchema, type PackChange } from './determination.changes.js';
import type { DeterminationInput, Outcome } from './determination.types.js';

const eu = bundledPack('eu').pack;
const us = bundledPack('us').pack;
let v = 10;
const outcome = (policy: 'eu' | 'us', changes: PackChange[], input: Omit<DeterminationInput, 'policy'>): [Outcome, Outcome] => {
  const base = policy === 'eu' ? eu : us;
  const before = evaluate(compilePack(base, 1), { policy, ...input }, { parties: [] }).outcome;
  const after = evaluate(compilePack(applyChanges(base, PackChangesSchema.parse(changes)), ++v), { policy, ...input }, { parties: [] }).outcome;
  return [before, after];
};
const ship = (code: string | undefined, destination: string, extra: Partial<DeterminationInput> = {}) => ({ destination, endUse: 'civil' as const, items: [code ? { code } : { description: 'x' }], ...extra });

describe('draft changes', () => {
  it('moving an entry into Annex II Section I removes it from EU001', () => {
    expect(outcome('eu', [{ op: 'add_section_i_code', code: '1A002' }], ship('1A002', 'JP'))).toEqual(['general_licence', 'individual_licence_required']);
  });
  it('adding a destination to an embargo prohibits; removing it lifts', () => {
    expect(outcome('eu', [{ op: 'add_embargo_destination', embargo: 'ru-833', destination: 'cn' }], ship('1A002', 'CN'))).toEqual(['individual_licence_required', 'prohibited']);
    expect(outcome('eu', [{ op: 'remove_embargo_destination', embargo: 'ru-833', destination: 'RU' }], ship('1A002', 'RU'))).toEqual(['prohibited', 'individual_licence_required']);
  });
  it('narrowing an exemption by destination removes its effect there', () => {
    expect(outcome('eu', [{ op: 'narrow_exemption', exemption: 'ru-833-humanitarian', excludeDestinations: ['RU'] }], ship('1A002', 'RU', { endUse: 'humanitarian' }))).toEqual(['individual_licence_required', 'prohibited']);
  });
  it('adding an exemption can lift a prohibition for an end use', () => {
    const add: PackChange = { op: 'add_exemption', exemption: { id: 'ru-research', name: 'Research exception', endUses: ['research'], effect: 'lift_embargo', embargoes: ['ru-833'], evidence: ['Research agreement'], citation: 'Officer draft', detail: '' } };
    expect(outcome('eu', [add], ship('1A002', 'RU', { endUse: 'research' }))).toEqual(['prohibited', 'individual_licence_required']);
  });
  it('a general-licence destination or exclusion change moves the outcome', () => {
    expect(outcome('eu', [{ op: 'add_general_licence_destination', generalLicence: 'EU001', destination: 'BR' }], ship('1A002', 'BR'))).toEqual(['individual_licence_required', 'general_licence']);
    expect(outcome('eu', [{ op: 'add_general_licence_exclusion', generalLicence: 'EU001', code: '1A002.b' }], ship('1A002.b.1', 'JP'))).toEqual(['general_licence', 'individual_licence_required']);
  });
  it('a national measure binds exporters of its Member State', () => {
    const m: PackChange = { op: 'add_national_measure', measure: { id: 'fr-5a902', memberState: 'FR', name: 'France 5A902', codes: ['5A902'], outcome: 'individual_licence_required', citation: 'Art 9(1); French national list' } };
    expect(outcome('eu', [m], ship('5A902', 'BR', { exporter: { establishedIn: 'FR' } }))).toEqual(['no_licence_required', 'individual_licence_required']);
    expect(outcome('eu', [m], ship('5A902', 'BR', { exporter: { establishedIn: 'DE' } }))).toEqual(['no_licence_required', 'no_licence_required']);
  });
  it('a Country Chart cell change turns a licence requirement on or off', () => {
    expect(outcome('us', [{ op: 'set_chart_cell', destination: 'IN', column: 'NS2', value: true }], ship('1A002.a', 'IN'))).toEqual(['no_licence_required', 'individual_licence_required']);
    expect(outcome('us', [{ op: 'set_chart_cell', destination: 'JP', column: 'NS1', value: false }, { op: 'set_chart_cell', destination: 'JP', column: 'RS1', value: false }], ship('3A001.b.2', 'JP'))).toEqual(['individual_licence_required', 'no_licence_required']);
  });
  it('names the change that does not fit the pack, and leaves the base pack untouched', () => {
    const before = JSON.stringify(eu.sectionI);
    applyChanges(eu, [{ op: 'add_section_i_code', code: '2B001' }]);
    expect(JSON.stringify(eu.sectionI)).toBe(before);
    const err = (() => {
      try {
        applyChanges(eu, PackChangesSchema.parse([{ op: 'add_section_i_code', code: '1A002' }, { op: 'add_general_licence_destination', generalLicence: 'EU999', destination: 'BR' }]));
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.fields).toEqual({ 'changes.1.generalLicence': expect.stringMatching(/no such general licence/) });
    let chartErr: AppError | undefined;
    try {
      applyChanges(eu, PackChangesSchema.parse([{ op: 'set_chart_cell', destination: 'JP', column: 'NS1', value: true }]));
    } catch (e) {
      chartErr = e as AppError;
    }
    expect(chartErr?.fields?.['changes.0.op']).toMatch(/no country chart/);
    expect(PackChangesSchema.safeParse([{ op: 'set_chart_cell', destination: 'JP', column: 'bad', value: true }]).success).toBe(false);
  });
});
