/**
 * Typed ports between domains, wired by the composition root (src/domains/registry.ts). A domain that needs another
 * calls the port; when nothing is wired or the other side fails, the port answers "not checked", never "clear".
 */
import type { Ctx } from './context.js';

export interface PartyToScreen {
  name: string;
  country?: string;
  role?: string;
}

export interface PartyHit {
  /** Index of the party in the request. */
  party: number;
  /** Sub-list, e.g. "Entity List", "Denied Persons List", "SDN". */
  list: string;
  /** Source id, e.g. us-csl, ofac-sdn, un-sc, eu_fsf. */
  source: string;
  score: number;
  matchedName?: string;
}

export interface ScreenPartiesResult {
  /** False when screening was unavailable (no list loaded, index not built, an error): nothing was checked. */
  screened: boolean;
  /** Source → list version used (empty when not screened). */
  listVersions: Record<string, string>;
  hits: PartyHit[];
  /** Why screening was unavailable. */
  reason?: string;
}

export type ScreenPartiesPort = (ctx: Ctx, parties: readonly PartyToScreen[]) => Promise<ScreenPartiesResult>;

const unavailable: ScreenPartiesPort = async () => ({ screened: false, listVersions: {}, hits: [], reason: 'no screening service is wired' });
let screenPartiesImpl: ScreenPartiesPort = unavailable;

/** Wires the screening port (composition root only). Pass null to unwire (tests of the fallback). */
export function provideScreenParties(impl: ScreenPartiesPort | null) {
  screenPartiesImpl = impl ?? unavailable;
}

/** Screens parties through the wired port; an exception becomes `screened: false` (fail closed). */
export async function screenParties(ctx: Ctx, parties: readonly PartyToScreen[]): Promise<ScreenPartiesResult> {
  try {
    return await screenPartiesImpl(ctx, parties);
  } catch (err) {
    ctx.log.warn({ err }, 'screening port failed');
    return { screened: false, listVersions: {}, hits: [], reason: `screening failed: ${(err as Error).message}` };
  }
}
