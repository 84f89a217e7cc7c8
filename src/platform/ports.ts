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

/** The authority's assessment of an exporter's internal compliance programme (from its compliance audits). */
export interface IcpAssessment {
  /** strong | adequate | weak | inadequate */
  rating: string;
  auditCompletedAt: string;
  reasons: string[];
}

export type IcpAssessmentPort = (ctx: Ctx, organisationId: string) => Promise<IcpAssessment | null>;

let icpAssessmentImpl: IcpAssessmentPort = async () => null;

/** Wires the ICP assessment port (composition root only). Pass null to unwire. */
export function provideIcpAssessment(impl: IcpAssessmentPort | null) {
  icpAssessmentImpl = impl ?? (async () => null);
}

/**
 * The exporter's ICP as the authority last assessed it, or null when never audited (or the lookup failed): callers
 * then fall back to what the exporter declares, and say that it is declared, not assessed.
 */
export async function icpAssessment(ctx: Ctx, organisationId: string): Promise<IcpAssessment | null> {
  try {
    return await icpAssessmentImpl(ctx, organisationId);
  } catch (err) {
    ctx.log.warn({ err }, 'ICP assessment port failed');
    return null;
  }
}
