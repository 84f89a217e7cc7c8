import type { DomainModule } from '../module.js';
import { screeningMigrations } from './screening.migrations.js';
import { REFRESH_JOB, screeningRoutes } from './screening.routes.js';
import { registerScreeningCli } from './screening.cli.js';
import { RESCREEN_JOB, seedScreening } from './lists.service.js';
import { BATCH_JOB, runBatchJob } from './batch.service.js';
import { rescreenForVersion } from './screening.service.js';
import { updateLists } from './lists/fetch.js';
import { getIndex } from './screening.index.js';
import type { Deps } from '../../platform/context.js';

/** Seeds the bundled lists, then builds the match index in the background so the first search is fast (start is not held up). */
async function seed(deps: Deps) {
  await seedScreening(deps);
  const t0 = Date.now();
  void getIndex(deps.db)
    .then((ix) => deps.log.info({ ms: Date.now() - t0, ...ix.index.size }, 'screening index ready'))
    .catch((err) => deps.log.warn({ err: (err as Error).message }, 'screening index warm-up failed; it is built on first search'));
}

export const screeningModule: DomainModule = {
  name: 'screening',
  migrations: screeningMigrations,
  routes: screeningRoutes,
  cli: registerScreeningCli,
  seed,
  seedOrder: 30,
  jobs: [
    { type: RESCREEN_JOB, handler: (jc) => rescreenForVersion(jc.ctx, String(jc.payload.versionId), (f, m) => jc.progress(f, m)), maxAttempts: 3, leaseSeconds: 600 },
    { type: BATCH_JOB, handler: runBatchJob, maxAttempts: 3, leaseSeconds: 600 },
    {
      type: REFRESH_JOB,
      handler: async (jc) => {
        if (process.env.CLEARWAY_LIST_REFRESH === 'off') return { skipped: 'CLEARWAY_LIST_REFRESH=off' };
        return { results: await updateLists(jc.ctx, { source: jc.payload?.source ?? undefined }) };
      },
      maxAttempts: 1,
      leaseSeconds: 900,
    },
  ],
  schedules: [{ name: 'screening.lists.refresh', jobType: REFRESH_JOB, cron: '17 */6 * * *' }],
};
