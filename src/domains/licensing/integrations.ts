/**
 * The one place licensing calls other domains (screening, determination). Everything else in licensing goes through
 * these two functions, so the seams are easy to see and to test.
 */
import type { Executor } from '../../platform/db/index.js';
import type { Ctx } from '../../platform/context.js';
import { screenAndStoreParty } from '../screening/screening.service.js';
import { determine } from '../determination/determination.service.js';
import type { DeterminationInput } from '../determination/determination.types.js';

export interface ScreenPartyInput {
  organisationId: string;
  name: string;
  country?: string;
  type?: 'entity' | 'individual';
  subjectType: string;
  subjectId: string;
}

export interface ScreeningHitSummary {
  name: string;
  list?: string | null;
  source?: string;
  score?: number;
  [k: string]: unknown;
}

export interface ScreenPartyResult {
  hits: ScreeningHitSummary[];
  listVersions: unknown;
  /** False when the screening service was not available (the case is flagged for manual screening). */
  screened: boolean;
}

export interface DetermineInput {
  policy: string;
  date?: string;
  exporter: { establishedIn?: string; informed?: string[]; aware?: string[] };
  destination: string;
  transit?: string[];
  endUse: string;
  items: { code?: string; description?: string; quantity?: number; value?: number }[];
  parties?: { role: string; name: string; country?: string }[];
}

export interface DetermineResult {
  outcome: string;
  items: { code?: string | null; outcome: string; trace?: unknown[]; nextSteps?: string[]; [k: string]: unknown }[];
  policyVersion: string;
  /** True when the determination service was not available and the simple built-in rule was used. */
  fallback?: boolean;
  [k: string]: unknown;
}

/**
 * Screens one application party and stores the result against the case (inside the caller's transaction).
 * `screened` is true only when at least one list was loaded and screening ran; otherwise the case gets the blocking
 * flag "parties not screened" (never assumed clear).
 */
export async function screenParty(tx: Executor, ctx: Ctx, input: ScreenPartyInput): Promise<ScreenPartyResult> {
  try {
    const r = await screenAndStoreParty(tx, ctx, input);
    const loaded = Object.keys(r.listVersions ?? {}).length > 0;
    return { hits: r.hits, listVersions: r.listVersions, screened: loaded };
  } catch (err) {
    ctx.log.warn({ err, party: input.name }, 'party screening failed on submission');
    return { hits: [], listVersions: {}, screened: false };
  }
}

/** Runs licence determination; when the engine fails, every item needs an officer's determination (never cleared automatically). */
export async function determineLicence(ctx: Ctx, input: DetermineInput, opts: { applicationId?: string } = {}): Promise<DetermineResult> {
  try {
    const input2 = { ...input, items: input.items.map((i) => ({ ...i, description: i.description?.slice(0, 500) })) } as DeterminationInput;
    return (await determine(ctx, input2, { source: 'licensing', applicationId: opts.applicationId })) as unknown as DetermineResult;
  } catch (e) {
    // No policy pack in force (e.g. a fresh database before seeding): fall back to the conservative built-in rule.
    ctx.log.warn({ err: e }, 'determination failed; using the built-in fallback rule');
  }
  // Without a working determination nothing may be cleared automatically (an embargo or a listed party could
  // be missed): every item needs an officer's determination, so the case goes to a person.
  const items = input.items.map((i) => ({
    code: i.code ?? null,
    description: i.description,
    listed: Boolean(i.code),
    outcome: 'individual_licence_required',
    trace: [
      {
        rule: 'determination_unavailable',
        applied: true,
        citation: 'fallback',
        detail: 'the policy engine could not determine this item; an officer must determine it before any decision',
      },
    ],
  }));
  return { outcome: items.some((i) => i.outcome !== 'no_licence_required') ? 'individual_licence_required' : 'no_licence_required', items, policyVersion: 'fallback@1', fallback: true };
}
