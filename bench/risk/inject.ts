/**
 * Known-bad patterns injected into the demo declaration stream, one kind per chosen declaration (kept apart from the
 * rules' unit tests: different names, countries and values). Returns reference → kind for the injected ones.
 */
import type { DeclarationInput } from '../../src/domains/customs/customs.schema.js';

export const KINDS = ['transshipment', 'consignee_end_user_mismatch', 'route_inconsistent', 'new_consignee_sensitive', 'split_shipment', 'value_outlier', 'controlled_without_authorisation', 'linked_to_listed'] as const;
export type Kind = (typeof KINDS)[number];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface Injected {
  kinds: Map<string, Kind>;
  /** references of listed parties' own declarations (held by customs screening; not counted as injected) */
  listed: Set<string>;
  /** declarations whose lines carry a party_screening_hit reason */
  screeningHit: Map<string, string>;
}

export function inject(decls: DeclarationInput[], o: { perKind: number; seed: number; dates: string[] }): Injected {
  const rand = rng(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const used = new Set<number>();
  const take = () => {
    for (;;) {
      const i = Math.floor(rand() * decls.length);
      if (!used.has(i) && decls[i]!.items[0]!.authorisation) return used.add(i), i;
    }
  };
  const out: Injected = { kinds: new Map(), listed: new Set(), screeningHit: new Map() };
  const mark = (i: number, k: Kind) => out.kinds.set(decls[i]!.reference, k);
  for (let n = 0; n < o.perKind; n++) {
    let i = take();
    let d = decls[i]!;
    const hub = pick(['AM', 'KZ', 'KG', 'GE', 'AE']);
    Object.assign(d, { destination: hub, transit: rand() < 0.5 ? ['TR'] : [], consignee: { name: `Bench Hub Trading ${n}`, country: hub }, endUser: { name: `Bench Plant ${n}`, country: pick(['RU', 'BY', 'IR']) } });
    mark(i, 'transshipment');

    i = take();
    d = decls[i]!;
    // Only the end user's country changes: the consignee stays one already seen (no second signal rides along).
    d.endUser = { name: `Bench End User ${n}`, country: d.consignee.country === 'PK' ? 'BD' : pick(['PK', 'BD', 'LK']) };
    mark(i, 'consignee_end_user_mismatch');

    i = take();
    d = decls[i]!;
    // Only the transit changes: a country in a region off the GB → destination route.
    d.transit = [['US', 'CA', 'MX', 'BR', 'AR', 'CL'].includes(d.destination) ? 'NZ' : pick(['PA', 'BR'])];
    mark(i, 'route_inconsistent');

    i = take();
    d = decls[i]!;
    d.consignee = { name: `Bench Newco ${n} Ltd`, country: d.destination, address: `${n} Bench Park` };
    d.items[0]!.controlCode = pick(['5A002.a', '3A001.b', '9A012']);
    mark(i, 'new_consignee_sensitive');

    i = take();
    d = decls[i]!;
    d.items[0]!.value = d.items[0]!.value * 500;
    mark(i, 'value_outlier');

    i = take();
    d = decls[i]!;
    // Controlled goods under a controlled heading, declared with neither control code nor authorisation.
    Object.assign(d.items[0]!, { authorisation: undefined, controlCode: undefined, hsCode: pick(['930190', '930200', '930690', '880240']) });
    mark(i, 'controlled_without_authorisation');

    // Linked: a listed party's own declaration (customs held it on a screening hit) and a front at its address.
    const addr = `Unit ${n}, Bench Free Zone Tower, Sharjah`;
    i = take();
    d = decls[i]!;
    Object.assign(d, { destination: 'AE', consignee: { name: `Listed Procurement ${n}`, country: 'AE', address: addr } });
    out.listed.add(d.reference);
    out.screeningHit.set(d.reference, `The consignee "Listed Procurement ${n}" matches "LISTED PROCUREMENT ${n} LLC" on bench (Entity List), score 0.98`);
    i = take();
    d = decls[i]!;
    Object.assign(d, { destination: 'AE', consignee: { name: `Front Company ${n} General Trading`, country: 'AE', address: addr.toUpperCase() } });
    mark(i, 'linked_to_listed');
  }
  // Split shipments: groups of three from one exporter to one consignee within ten days, just under 10,000 GBP.
  for (let g = 0; g < Math.ceil(o.perKind / 3); g++) {
    const day = Math.floor(rand() * (o.dates.length - 10));
    const dest = pick(['US', 'JP', 'CH', 'NO', 'AU']);
    for (let k = 0; k < 3; k++) {
      const i = take();
      const d = decls[i]!;
      d.date = o.dates[day + k * 4]!;
      d.destination = dest;
      d.consignee = { name: `Bench Split Buyer ${g}`, country: dest, address: null as never };
      d.exporter = { name: `Bench Splitter ${g} Ltd`, country: 'GB' };
      Object.assign(d.items[0]!, { value: 9_300 + Math.floor(rand() * 650), currency: 'GBP', controlCode: '2B006' });
      mark(i, 'split_shipment');
    }
  }
  return out;
}
