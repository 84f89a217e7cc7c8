import type { DomainModule } from '../module.js';
import { subscribe, EVENTS } from '../../platform/events.js';
import { exchangeMigrations } from './exchange.migrations.js';
import { exchangeRoutes } from './exchange.routes.js';
import { registerExchangeCli } from './exchange.cli.js';
import { DELIVER_JOB, deliverPending } from './outbox.js';
import { expireConsultations } from './consultations.service.js';
import { checkCaseForUndercut } from './consultation-flag.js';
import { notifyDueReviews } from './review.js';

// No undercut: every change of a case re-checks it against peers' denials (in the case's own transaction).
subscribe(EVENTS.caseChanged, (tx, ctx, e) => checkCaseForUndercut(tx, ctx, e.subjectId));

export const exchangeModule: DomainModule = {
  name: 'exchange',
  migrations: exchangeMigrations,
  routes: exchangeRoutes,
  jobs: [
    { type: DELIVER_JOB, handler: async (jc) => deliverPending(jc.ctx), maxAttempts: 1, leaseSeconds: 300 },
    { type: 'exchange.consultation-deadlines', handler: async (jc) => expireConsultations(jc.ctx) },
    { type: 'exchange.denial-review', handler: async (jc) => notifyDueReviews(jc.ctx) },
  ],
  schedules: [
    // Retries are scheduled by the outbox itself; this sweep catches anything left after a restart.
    { name: 'exchange.deliver', jobType: DELIVER_JOB, cron: '*/5 * * * *' },
    { name: 'exchange.consultation-deadlines', jobType: 'exchange.consultation-deadlines', cron: '15 * * * *' },
    { name: 'exchange.denial-review', jobType: 'exchange.denial-review', cron: '30 6 * * 1' },
  ],
  cli: registerExchangeCli,
};
