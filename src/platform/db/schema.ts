import type { PlatformTables } from './platform.tables.js';
import type { DomainTables } from '../../domains/tables.js';

/** The whole database: platform tables plus every domain's tables. */
export interface DB extends PlatformTables, DomainTables {}
