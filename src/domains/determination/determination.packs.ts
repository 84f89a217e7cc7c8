/** Bundled policy packs (built by packs/build.ts from the shared sources; read with readBundled). */
import { createHash } from 'node:crypto';
import { readBundledText } from '../../platform/data.js';
import type { Policy, PolicyPack } from './determination.types.js';

export const BUNDLED_PACK_FILES: Record<Policy, string> = {
  eu: 'eu-2021-821/pack-eu.json.gz',
  us: 'us-ear/pack-us.json.gz',
  uk: 'uk-ogel-2016/pack-uk.json.gz',
};

/** Effective start of the bundled version 1 of each pack. */
export const BUNDLED_EFFECTIVE_FROM: Record<Policy, string> = {
  eu: '2021-09-09',
  us: '2026-09-24',
  uk: '2016-01-01',
};

const cache = new Map<Policy, { text: string; pack: PolicyPack; checksum: string }>();

/** The bundled pack (parsed once per process). */
export function bundledPack(policy: Policy): { text: string; pack: PolicyPack; checksum: string } {
  let hit = cache.get(policy);
  if (!hit) {
    const text = readBundledText(BUNDLED_PACK_FILES[policy]);
    hit = { text, pack: JSON.parse(text) as PolicyPack, checksum: createHash('sha256').update(text).digest('hex') };
    cache.set(policy, hit);
  }
  return hit;
}
