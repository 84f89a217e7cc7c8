/** Phase 2: a destination inside the customs union (EU: intra-Union transfer, Annex IV) or the home country (not an export). */
import { add, raise, type ItemState } from './determination.item.js';

/** True when the item is settled here (transfer inside the union or home country); the caller closes it. */
export function unionPhase(s: ItemState): boolean {
  const { cp, sh } = s;
  const pack = cp.pack;
  if (!cp.union.has(sh.dest)) return false;
  if (pack.licensing.kind === 'outside_union') {
    const iu = s.code && cp.intraUnion ? cp.intraUnion.match(s.code) : 'no';
    add(
      s,
      'intra-union-transfer',
      iu !== 'no',
      cp.intraUnion ? cp.cite(pack.intraUnionList!.citation) : cp.licensingCite,
      iu === 'yes'
        ? `${sh.destName} is inside the customs union and ${s.code} is in Annex IV: the intra-Union transfer needs an authorisation.`
        : iu === 'possibly'
          ? `${sh.destName} is inside the customs union and ${s.code} contains an Annex IV branch: treated as needing a transfer authorisation (fail closed).`
          : `${sh.destName} is inside the customs union: a transfer, not an export; no authorisation needed for items outside Annex IV.`,
      cp.intraUnion ? pack.intraUnionList!.status : undefined,
    );
    if (iu !== 'no' && s.listed) {
      s.outcome = 'individual_licence_required';
      s.tier = 'high';
    }
  } else add(s, 'home-country', false, cp.licensingCite, `${sh.destName} is the exporting country: not an export.`);
  for (const h of sh.partyHits) if (h.rule.outcome && (h.rule.allItems || s.listed)) raise(s, h.rule.outcome);
  return true;
}
