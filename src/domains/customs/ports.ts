/**
 * The one place customs calls other domains: licensing's licence read side, screening's `screenName`, and the HS ↔
 * control-code correlation held by controls. Each answer says whether the check could be made, so a missing list is
 * "not checked" (held), never "clear".
 */
import type { Ctx } from '../../platform/context.js';
import { screenName } from '../screening/screening.service.js';
import { getIndex } from '../screening/screening.index.js';
import { hsCorrelationRows } from '../controls/lookup.js';

export {
  findLicenceById,
  findLicencesByIds,
  findLicencesByReferences,
  findLicenceByVerificationCode,
  findLicencesByHolder,
  lockLicenceGoods,
  changeLicenceGoodUsage,
  changeLicenceGoodsUsage,
  type LicenceSnapshot,
  type LicenceGoodSnapshot,
} from '../licensing/licences.port.js';

export interface PartyScreening {
  screened: boolean;
  hits: { name: string; list: string | null; source: string; score: number }[];
  listVersions: Record<string, string>;
}

/** Screens parties by name and country, once per distinct pair (the cache lives as long as the caller keeps it). */
export class PartyScreener {
  private readonly cache = new Map<string, Promise<PartyScreening>>();
  private versions: Promise<Record<string, string>> | null = null;
  constructor(private readonly ctx: Ctx) {}

  screen(name: string, country: string): Promise<PartyScreening> {
    const key = `${name.trim().toLowerCase()}|${country}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.run(name, country);
      this.cache.set(key, p);
    }
    return p;
  }

  private async run(name: string, country: string): Promise<PartyScreening> {
    try {
      this.versions ??= getIndex(this.ctx.db).then((ix) => ix.versions);
      const listVersions = await this.versions;
      if (!Object.keys(listVersions).length) return { screened: false, hits: [], listVersions };
      const matches = await screenName(this.ctx, { name, country });
      return { screened: true, hits: matches.map((m) => ({ name: m.name, list: m.list, source: m.source, score: m.score })), listVersions };
    } catch (err) {
      this.ctx.log.warn({ err, party: name }, 'party screening failed during customs checks');
      return { screened: false, hits: [], listVersions: {} };
    }
  }
}

/** HS-6 → control codes (controls' imported correlation), or `loaded: false` when none is loaded. */
export interface HsCorrelation {
  loaded: boolean;
  codesFor(hs: string): string[];
}

let hsCache: { db: unknown; at: number; value: HsCorrelation } | null = null;
const HS_TTL_MS = 60_000;

export async function hsCorrelation(ctx: Ctx): Promise<HsCorrelation> {
  const now = Date.now();
  if (hsCache && hsCache.db === ctx.db && now - hsCache.at < HS_TTL_MS) return hsCache.value;
  let map = new Map<string, string[]>();
  try {
    for (const r of await hsCorrelationRows(ctx.db)) map.set(r.hs6, [...(map.get(r.hs6) ?? []), r.code]);
  } catch (err) {
    ctx.log.warn({ err }, 'HS correlation could not be read; dual-use checks are not made');
    map = new Map();
  }
  const value: HsCorrelation = { loaded: map.size > 0, codesFor: (hs) => map.get(hs.slice(0, 6)) ?? [] };
  hsCache = { db: ctx.db, at: now, value };
  return value;
}

/** Forget the cached correlation (after an import in the same process). */
export function resetHsCorrelationCache() {
  hsCache = null;
}
