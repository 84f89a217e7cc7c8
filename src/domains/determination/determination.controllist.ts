/**
 * Packs read the control list the authority maintains (controls domain read model), as it stands on the determination
 * date: what is listed comes from there, and a code that is not in the list on that date is a 422 with the nearest
 * real codes (never silently "unlisted"). When the list is not loaded, the pack's own copy of the headings decides.
 */
import { distance } from 'fastest-levenshtein';
import type { Executor } from '../../platform/db/index.js';
import { unprocessable } from '../../platform/errors.js';
import { controlListAsOf, nearestCodes, type ControlListSnapshot } from '../controls/lookup.js';
import type { CompiledPack } from './determination.evaluator.js';
import type { DeterminationInput, EvaluationContext } from './determination.types.js';

type ListView = NonNullable<EvaluationContext['controlList']>;
const views = new WeakMap<ControlListSnapshot, ListView>();

/** Per-release view (cached with the snapshot): the entry headings and their titles. */
function viewOf(snap: ControlListSnapshot): ListView {
  let v = views.get(snap);
  if (!v) {
    const heads = new Set<string>();
    const titles = new Map<string, string>();
    for (const e of snap.entries.values()) if (e.depth === 0) (heads.add(e.code), titles.set(e.code, e.title));
    views.set(snap, (v = { releaseId: snap.releaseId, heads, titles }));
  }
  return v;
}

const isNational = (cp: CompiledPack, code: string) => cp.pack.nationalMeasures.some((n) => n.codes.some((c) => c === code || code.startsWith(c + '.') || c.startsWith(code + '.')));

/** Why `code` is not in the snapshot, or null when it is (a sub-item finer than the stored tree is accepted). */
function missing(snap: ControlListSnapshot, code: string): boolean {
  if (snap.codes.has(code)) return false;
  const segs = code.split('.');
  if (!snap.codes.has(segs[0]!)) return true;
  for (let k = segs.length - 1; k >= 1; k--) {
    const anc = segs.slice(0, k).join('.');
    if (snap.codes.has(anc)) return (snap.children.get(anc)?.length ?? 0) > 0;
  }
  return false;
}

/** The control list for this determination, after rejecting unknown codes with a 422 (field per item). */
export async function controlListFor(db: Executor, cp: CompiledPack, input: DeterminationInput): Promise<ListView | undefined> {
  const regime = cp.pack.policy === 'uk' ? null : cp.pack.policy;
  const fields: Record<string, string> = {};
  let view: ListView | undefined;
  let snap: ControlListSnapshot | undefined;
  if (regime) {
    snap = await controlListAsOf(db, regime, input.date!);
    if (snap.codes.size) view = viewOf(snap);
    else snap = undefined;
  }
  let packHeads: string[] | undefined; // only for the nearest-codes message (not on every request)
  input.items.forEach((it, i) => {
    const code = it.code;
    if (!code || code === 'EAR99' || /^(ML|PL)/.test(code) || isNational(cp, code)) return;
    if (cp.pack.controlList.extraPrefixes?.some((p) => p.prefix === code.split('.')[0])) return;
    if (snap) {
      if (missing(snap, code)) fields[`items.${i}.code`] = `${code} is not in the ${regime!.toUpperCase()} control list on ${input.date}; nearest real codes: ${nearestCodes(snap, code, 5).join(', ')}`;
    } else if (!cp.pack.controlList.entries[code.slice(0, 5)]) {
      packHeads ??= Object.keys(cp.pack.controlList.entries);
      const near = packHeads.map((c) => [c, distance(c, code.slice(0, 5))] as const).sort((a, b) => a[1] - b[1]).slice(0, 5).map(([c]) => c);
      fields[`items.${i}.code`] = `${code} is not in ${cp.pack.controlList.name}; nearest real codes: ${near.join(', ')}`;
    }
  });
  if (Object.keys(fields).length) throw unprocessable('Unknown control code: not in the control list on the determination date', fields);
  return view;
}
