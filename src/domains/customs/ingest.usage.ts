/**
 * Usage of the released lines of one ingest call: the touched licence goods are locked in id order (PostgreSQL
 * `FOR UPDATE`; SQLite transactions hold the write lock), each line is checked against the locked balance in declaration
 * order, and the sum per good is written with licensing's conditional update, so a good never goes below zero or past
 * what was licensed, whatever other processes declare at the same time.
 */
import type { Executor } from '../../platform/db/index.js';
import type { ItemInput } from './customs.schema.js';
import type { LineVerdict, Reason } from './checks.js';
import { changeLicenceGoodsUsage, lockLicenceGoods } from './ports.js';

const EPS = 1e-9;

export interface PlannedLine {
  item: ItemInput;
  v: LineVerdict;
  consumed: boolean;
}

export class UsageRace extends Error {
  constructor(goodIds: string) {
    super(`usage of licence goods ${goodIds} changed concurrently`);
  }
}

function balanceReasons(g: { quantity: number; value: number; usedQuantity: number; usedValue: number }, item: ItemInput): Reason[] {
  const remQ = g.quantity - g.usedQuantity;
  const remV = g.value - g.usedValue;
  if (remQ <= EPS || (g.value > 0 && remV <= EPS)) return [{ code: 'licence_exhausted', message: `Nothing remains of this good on the licence (${g.quantity} authorised, ${g.usedQuantity} shipped)` }];
  const out: Reason[] = [];
  if (item.quantity > remQ + EPS) out.push({ code: 'quantity_exceeds_remaining', message: `${item.quantity} declared; ${remQ} remain on the licence` });
  if (item.value > remV + EPS) out.push({ code: 'value_exceeds_remaining', message: `${item.value} declared; ${remV} of value remain on the licence` });
  return out;
}

/** Draws the released lines (in order) from their locked goods; a line that no longer fits is held. Throws UsageRace if a write lost. */
export async function applyUsage(tx: Executor, lines: PlannedLine[]): Promise<void> {
  const drawing = lines.filter((x) => x.v.status === 'released' && x.v.licenceGoodId);
  if (!drawing.length) return;
  const locked = await lockLicenceGoods(tx, drawing.map((x) => x.v.licenceGoodId!));
  const deltas = new Map<string, { q: number; v: number }>();
  for (const x of drawing) {
    const g = locked.get(x.v.licenceGoodId!);
    if (!g) throw new Error(`licence good ${x.v.licenceGoodId} vanished`);
    const reasons = balanceReasons(g, x.item);
    if (reasons.length) {
      x.v.status = 'held';
      x.v.reasons.push(...reasons);
      continue;
    }
    g.usedQuantity += x.item.quantity;
    g.usedValue += x.item.value;
    const dl = deltas.get(x.v.licenceGoodId!) ?? { q: 0, v: 0 };
    dl.q += x.item.quantity;
    dl.v += x.item.value;
    deltas.set(x.v.licenceGoodId!, dl);
    x.consumed = true;
  }
  const ordered = [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([goodId, dl]) => ({ goodId, quantity: dl.q, value: dl.v }));
  if (!(await changeLicenceGoodsUsage(tx, ordered))) throw new UsageRace(ordered.map((d) => d.goodId).join(', '));
}
