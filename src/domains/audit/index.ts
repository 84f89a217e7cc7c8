import type { DomainModule } from '../module.js';
import { auditRoutes } from './audit.routes.js';
import { registerAuditCli } from './audit.cli.js';
import { checkpointNow } from '../../platform/audit/checkpoint.js';

export const auditModule: DomainModule = {
  name: 'audit',
  routes: auditRoutes,
  jobs: [
    {
      type: 'audit.checkpoint',
      maxAttempts: 3,
      handler: async ({ ctx }) => {
        const c = await checkpointNow(ctx.db, ctx.config.auditKeyFile, ctx.config.auditCheckpointFile, ctx.clock.now());
        return c ? { seq: c.seq, at: c.at } : { unchanged: true };
      },
    },
  ],
  // Every 15 minutes: the window in which a rewrite of the newest events goes unnoticed by checkpoints.
  schedules: [{ name: 'audit.checkpoint', jobType: 'audit.checkpoint', cron: '*/15 * * * *' }],
  cli: registerAuditCli,
};
