/**
 * In-process throughput of the pure evaluator with the full trace.
 *   npx tsx bench/determination/inprocess.ts [count]
 * Goal: ≥ 50,000 determinations/s.
 */
import { bundledPack } from '../../src/domains/determination/determination.packs.js';
import { compilePack, evaluate } from '../../src/domains/determination/determination.evaluator.js';
import type { DeterminationInput, EndUse, ResolvedParty } from '../../src/domains/determination/determination.types.js';

const N = Number(process.argv[2] ?? 200_000);
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

const endUses: EndUse[] = ['civil', 'civil', 'civil', 'military', 'humanitarian', 'research', 'repair_return', 'exhibition', 'disaster_relief'];
function workload(policy: 'eu' | 'us') {
  const pack = bundledPack(policy).pack;
  const codes = Object.keys(pack.controlList.entries);
  const dests = Object.keys(pack.countries);
  const inputs: { input: DeterminationInput; parties: ResolvedParty[] }[] = [];
  for (let i = 0; i < 5000; i++) {
    const nItems = rnd() < 0.7 ? 1 : rnd() < 0.5 ? 2 : 3;
    const items = Array.from({ length: nItems }, () => (rnd() < 0.2 ? { description: 'unlisted goods', value: 1000 } : { code: pick(codes) + (rnd() < 0.3 ? '.a' : ''), value: Math.round(rnd() * 100000) }));
    const parties: ResolvedParty[] =
      rnd() < 0.05 ? [{ role: 'end_user', name: 'Listed Co', screened: true, matches: [{ list: pick(['Entity List', 'Denied Persons List', 'Unverified List', 'UN List']), source: pick(['us-csl', 'un-sc']), score: 0.95 }] }] : [{ role: 'end_user', name: 'Clean Co', screened: true, matches: [] }];
    inputs.push({
      input: {
        policy,
        date: '2026-11-26',
        destination: pick(dests),
        endUse: pick(endUses),
        exporter: { establishedIn: 'DE', informed: rnd() < 0.05 ? ['wmd'] : [], aware: rnd() < 0.05 ? ['military'] : [], icp: rnd() < 0.5 },
        items,
      },
      parties,
    });
  }
  return { cp: compilePack(pack, 1), inputs };
}

for (const policy of ['eu', 'us'] as const) {
  const { cp, inputs } = workload(policy);
  // warm up
  for (let i = 0; i < 20_000; i++) evaluate(cp, inputs[i % inputs.length]!.input, { parties: inputs[i % inputs.length]!.parties });
  let traceEntries = 0;
  let items = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const w = inputs[i % inputs.length]!;
    const r = evaluate(cp, w.input, { parties: w.parties });
    items += r.items.length;
    traceEntries += r.items[0]!.trace.length;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  console.log(
    `${policy.toUpperCase()}: ${N} determinations (${items} items, avg ${(traceEntries / N).toFixed(1)} trace entries on the first item) in ${s.toFixed(2)} s = ${Math.round(N / s).toLocaleString('en')} determinations/s wall (${Math.round(items / s).toLocaleString('en')} items/s); CPU ${cpu.toFixed(2)} s = ${Math.round(N / cpu).toLocaleString('en')} determinations per CPU-second`,
  );
}
