/**
 * Builds the annual report over 1 M synthetic decided cases on PostgreSQL.
 * Facts are bulk-inserted with destinations, ratings, outcomes and refusal criteria drawn in their real proportions
 * (data/stats/uk-case-profiles-2012-2014.csv.gz). Run: npx tsx bench/reports/bench.ts [cases]
 * Needs PostgreSQL at PG_BENCH_URL (default postgres://postgres@127.0.0.1:5432/postgres); creates and drops cw_bench_reports.
 */
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrateAll } from '../../src/server/composition.js';
import { buildReport, parsePeriod, suppressReport, reportToCsv } from '../../src/domains/transparency/report.js';
import { computeIndicators } from '../../src/domains/transparency/indicators.js';
import { classifyRating } from '../../src/domains/transparency/facts.js';
import { planYear } from '../../src/domains/transparency/demo/generator.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ADMIN = process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'cw_bench_reports';

async function main() {
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${NAME} with (force)`);
  await admin.query(`create database ${NAME}`);
  await admin.end();
  const url = ADMIN.replace(/\/[^/]*$/, `/${NAME}`);
  const database = openDatabase(url);
  try {
    await migrateAll(database.db);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const t0 = Date.now();
    const BATCH = 50_000;
    const plansPerBatch = Math.min(BATCH, N);
    let written = 0;
    let seed = 1;
    while (written < N) {
      const plans = planYear(2025, Math.min(plansPerBatch, N - written), seed++);
      const f: Record<string, unknown[]> = { id: [], ref: [], type: [], rec: [], dec: [], out: [], dest: [], name: [], cat: [], reg: [], days: [], target: [], within: [], q: [], stop: [], hum: [], res: [], appLodged: [], appDecided: [], appOut: [], licType: [], licVal: [], susp: [], rev: [] };
      const g: Record<string, unknown[]> = { id: [], line: [], rating: [], cat: [], reg: [], value: [] };
      const c: Record<string, unknown[]> = { id: [], crit: [] };
      for (const p of plans) {
        const id = `b${written + p.n}`;
        const days = Math.max(1, Math.round((p.decideAt.getTime() - p.submitAt.getTime()) / 86_400_000 * 5 / 7));
        const first = classifyRating(p.goods[0]?.rating);
        f.id!.push(id); f.ref!.push(`BENCH/${id}`); f.type!.push('standard'); f.rec!.push(p.submitAt.toISOString());
        // Keep every decision inside 2025 so the annual report covers all N cases.
        const dec = p.decideAt.getUTCFullYear() > 2025 ? new Date(Date.UTC(2025, 11, 31, 12)) : p.decideAt;
        f.dec!.push(dec.toISOString()); f.out!.push(p.outcome); f.dest!.push(p.destination); f.name!.push(p.destinationName);
        f.cat!.push(first.category); f.reg!.push(first.regime); f.days!.push(days); f.target!.push(20); f.within!.push(days <= 20 ? 1 : 0);
        f.q!.push(p.question ? 1 : 0); f.stop!.push(p.question ? 3 : 0); f.hum!.push(p.declarations.humanitarian ? 1 : 0); f.res!.push(p.research ? 1 : 0);
        f.appLodged!.push(p.appeal?.lodgeAt.toISOString() ?? null); f.appDecided!.push(p.appeal?.decideAt.toISOString() ?? null); f.appOut!.push(p.appeal?.outcome ?? null);
        f.licType!.push(p.outcome === 'refused' ? null : 'individual'); f.licVal!.push(p.outcome === 'refused' ? 0 : p.goods.reduce((s, x) => s + x.value, 0));
        f.susp!.push(p.licenceAction?.action === 'suspend' ? p.licenceAction.at.toISOString() : null); f.rev!.push(p.licenceAction?.action === 'revoke' ? p.licenceAction.at.toISOString() : null);
        p.goods.forEach((x, i) => {
          const k = classifyRating(x.rating);
          g.id!.push(id); g.line!.push(i + 1); g.rating!.push(k.rating); g.cat!.push(k.category); g.reg!.push(k.regime); g.value!.push(x.value);
        });
        for (const cr of p.criteria) (c.id!.push(id), c.crit!.push(cr));
      }
      await client.query(
        `insert into stats_case_facts (case_id, reference, case_type, received_at, decided_at, outcome, destination, destination_name, control_category, regime, processing_days, target_days, within_target, questions_count, clock_stop_days, humanitarian, research, appeal_lodged_at, appeal_decided_at, appeal_outcome, licence_type, licence_value, suspended_at, revoked_at, updated_at)
         select *, now()::text from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[], $17::int[], $18::text[], $19::text[], $20::text[], $21::text[], $22::float8[], $23::text[], $24::text[])`,
        [f.id, f.ref, f.type, f.rec, f.dec, f.out, f.dest, f.name, f.cat, f.reg, f.days, f.target, f.within, f.q, f.stop, f.hum, f.res, f.appLodged, f.appDecided, f.appOut, f.licType, f.licVal, f.susp, f.rev],
      );
      await client.query(`insert into stats_fact_goods (case_id, line, rating, control_category, regime, value) select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::float8[])`, [g.id, g.line, g.rating, g.cat, g.reg, g.value]);
      if (c.id!.length) await client.query(`insert into stats_fact_criteria (case_id, criterion) select * from unnest($1::text[], $2::text[])`, [c.id, c.crit]);
      written += plans.length;
      process.stderr.write(`\rloaded ${written.toLocaleString()} facts`);
    }
    await client.query(`insert into stats_fact_regimes (case_id, control_category, regime, outcome, decided_at)
      select distinct g.case_id, g.control_category, g.regime, f.outcome, f.decided_at from stats_fact_goods g join stats_case_facts f on f.case_id = g.case_id`);
    await client.query('analyze');
    await client.end();
    const loadS = (Date.now() - t0) / 1000;
    console.log(`\nLoaded ${N.toLocaleString()} facts in ${loadS.toFixed(1)} s`);

    const time = async <T>(label: string, fn: () => Promise<T>) => {
      const runs: number[] = [];
      let out!: T;
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        out = await fn();
        runs.push(performance.now() - s);
      }
      console.log(`${label}: ${runs.map((r) => (r / 1000).toFixed(2)).join(' s, ')} s (runs 1–3)`);
      return out;
    };
    const r = await time('annual report 2025 (build)', () => buildReport(database.db, parsePeriod('2025'), new Date()));
    console.log(`  decided ${r.applications.decided}, destinations ${new Set(r.outcomes.map((o) => o.destination)).size}, median ${r.processingDays.median} d, p90 ${r.processingDays.p90} d`);
    await time('annual report 2025 (build + suppress + CSV)', async () => reportToCsv(suppressReport(await buildReport(database.db, parsePeriod('2025'), new Date()))));
    await time('quarterly report 2025-Q3', () => buildReport(database.db, parsePeriod('2025-Q3'), new Date()));
    await time('impact indicators (all quarters)', () => computeIndicators(database.db));
  } finally {
    await database.destroy();
    if (!process.env.KEEP) {
      const a = new pg.Client({ connectionString: ADMIN });
      await a.connect();
      await a.query(`drop database if exists ${NAME} with (force)`);
      await a.end();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
