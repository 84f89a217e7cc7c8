import type { DomainModule } from '../module.js';
import { riskMigrations } from './risk.migrations.js';
import { riskRoutes } from './risk.routes.js';
import { runScanJob, runScheduledScan, SCAN_JOB } from './scan.service.js';
import { registerRiskCli } from './risk.cli.js';

export const riskModule: DomainModule = {
  name: 'risk',
  migrations: riskMigrations,
  routes: riskRoutes,
  jobs: [
    { type: SCAN_JOB, handler: runScanJob, maxAttempts: 2, leaseSeconds: 600 },
    { type: 'risk.scan-incremental', handler: runScheduledScan, maxAttempts: 1, leaseSeconds: 600 },
  ],
  // Hourly: an incremental scan of what customs ingested since the last scan.
  schedules: [{ name: 'risk.incremental-scan', jobType: 'risk.scan-incremental', cron: '15 * * * *' }],
  cli: registerRiskCli,
};
