import type { ControlsTables } from './controls/controls.tables.js';
import type { ClassificationTables } from './classification/classification.tables.js';
import type { ScreeningTables } from './screening/screening.tables.js';
import type { DeterminationTables } from './determination/determination.tables.js';
import type { LicensingTables } from './licensing/licensing.tables.js';
import type { LicenceAmendmentTables } from './licensing/licence-amendment.tables.js';
import type { TransparencyTables } from './transparency/transparency.tables.js';
import type { CustomsTables } from './customs/customs.tables.js';
import type { VerificationTables } from './verification/verification.tables.js';
import type { EnforcementTables } from './enforcement/enforcement.tables.js';
import type { RiskTables } from './risk/risk.tables.js';
import type { ExchangeTables } from './exchange/exchange.tables.js';
import type { AdvisoriesTables } from './advisories/advisories.tables.js';

/** Every domain's tables; the platform's own are in platform/db/platform.tables.ts. */
export interface DomainTables
  extends ControlsTables,
    ClassificationTables,
    ScreeningTables,
    DeterminationTables,
    LicensingTables,
    LicenceAmendmentTables,
    TransparencyTables,
    CustomsTables,
    VerificationTables,
    EnforcementTables,
    RiskTables,
    ExchangeTables,
    AdvisoriesTables {}
