import type { DomainModule } from '../module.js';
import { auditRoutes } from './audit.routes.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';

export const auditModule: DomainModule = {
  name: 'audit',
  routes: auditRoutes,
  cli: (program, getDeps) => {
    const audit = program.command('audit').description('Audit trail');
    audit
      .command('verify')
      .description('Verify the hash chain; exits 1 and names the first broken link if any event was edited or deleted')
      .action(async () => {
        const deps = await getDeps();
        const res = await verifyAuditChain(deps.db);
        console.log(JSON.stringify(res));
        if (!res.ok) {
          console.error(`Audit trail is broken at event ${res.brokenAt.seq}: ${res.brokenAt.reason}`);
          process.exitCode = 1;
        }
      });
  },
};
