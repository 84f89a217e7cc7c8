import type { PlatformTables } from './platform.tables.js';

/**
 * Every domain's tables. Empty here because the platform knows no domain: the composition root
 * (src/server/composition.ts) merges src/domains/tables.ts into it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in the composition root
export interface DomainSchema {}

/** The whole database: platform tables plus every domain's tables. */
export interface DB extends PlatformTables, DomainSchema {}
