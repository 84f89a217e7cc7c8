import type { DomainModule } from './module.js';
import { identityModule } from './identity/index.js';
import { auditModule } from './audit/index.js';
import { jobsModule } from './jobs/index.js';
import { controlsModule } from './controls/index.js';
import { classificationModule } from './classification/index.js';
import { screeningModule } from './screening/index.js';
import { determinationModule } from './determination/index.js';
import { licensingModule } from './licensing/index.js';
import { licenceAmendmentModule } from './licensing/licence-amendment.module.js';
import { transparencyModule } from './transparency/index.js';
import { provideIcpAssessment, provideScreenParties } from '../platform/ports.js';
import { screenPartiesAdapter } from './screening/port.js';
import { icpRating } from './enforcement/icp.port.js';

// Composition root for the typed ports between domains (src/platform/ports.ts).
provideScreenParties(screenPartiesAdapter);
provideIcpAssessment((ctx, organisationId) => icpRating(ctx.db, organisationId, ctx.clock.now()));
import { customsModule } from './customs/index.js';
import { verificationModule } from './verification/index.js';
import { enforcementModule } from './enforcement/index.js';
import { riskModule } from './risk/index.js';
import { exchangeModule } from './exchange/index.js';
import { advisoriesModule } from './advisories/index.js';

/** All domains, in dependency order (a domain may use services of those above it). */
export const domains: DomainModule[] = [
  identityModule,
  auditModule,
  jobsModule,
  controlsModule,
  classificationModule,
  screeningModule,
  determinationModule,
  licensingModule,
  licenceAmendmentModule,
  transparencyModule,
  customsModule,
  verificationModule,
  enforcementModule,
  riskModule,
  exchangeModule,
  advisoriesModule,
];
