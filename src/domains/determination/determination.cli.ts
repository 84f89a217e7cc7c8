import { Command, Option } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { CONCERNS, END_USES, POLICIES, type DeterminationInput, type DeterminationResult } from './determination.types.js';
import { determine, loadSampleDeterminations, seedPacks } from './determination.service.js';

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

const OUTCOME_TEXT: Record<string, string> = {
  no_licence_required: 'NO LICENCE REQUIRED',
  general_licence: 'GENERAL LICENCE AVAILABLE',
  individual_licence_required: 'INDIVIDUAL LICENCE REQUIRED',
  notify_authority: 'NOTIFY THE AUTHORITY AND HOLD THE SHIPMENT',
  review_required: 'WE COULD NOT DETERMINE THIS: REVIEW REQUIRED',
  prohibited: 'PROHIBITED',
};

/** A readable explanation of a determination (what `clearway determine` prints without --json). */
export function explain(r: DeterminationResult): string {
  const out: string[] = [];
  out.push(`Outcome: ${OUTCOME_TEXT[r.outcome]} (risk tier ${r.tier})`);
  out.push(`Policy: ${r.policyVersion}, date ${r.date}${r.historical ? ' — HISTORICAL pack, not current law' : ''}`);
  for (const w of r.warnings ?? []) out.push(`WARNING: ${w}`);
  for (const it of r.items) {
    out.push('');
    out.push(`Item ${it.code ?? it.description ?? '(unlisted)'}: ${OUTCOME_TEXT[it.outcome]} (tier ${it.tier})`);
    for (const g of it.generalLicences) {
      out.push(`  General licence ${g.id}${g.name ? ` — ${g.name}` : ''}${g.flagged ? ' [contains UNVERIFIED facts]' : ''}`);
      for (const c of g.conditions) out.push(`    - ${c}`);
    }
    for (const n of it.notEvaluated) out.push(`  Not evaluated: ${n.rule}: ${n.why}\n      (${n.citation})`);
    for (const e of it.exemptions) out.push(`  Exemption ${e.name}: ${e.applies ? 'applies' : 'does not apply'}${e.applies ? `; evidence: ${e.evidence.join('; ')}` : ''}`);
    out.push('  Why:');
    for (const t of it.trace.filter((x) => x.applied)) out.push(`    + ${t.detail}\n      (${t.citation})`);
    const notApplied = it.trace.filter((x) => !x.applied);
    out.push(`  Also considered (${notApplied.length} rules did not apply or were not evaluated; --json shows them all).`);
    out.push('  Next steps:');
    for (const s of it.nextSteps) out.push(`    - ${s}`);
  }
  return out.join('\n');
}

export function registerDeterminationCli(program: Command, getDeps: () => Promise<Deps>) {
  program
    .command('determination-samples')
    .description('Store sample EU determinations from real UK dual-use licence records (2014-2015) so the what-if replay has shipments to work on')
    .option('--count <n>', 'how many (max 10000)', (v) => Number(v), 2000)
    .option('--org <name>', 'organisation that owns them')
    .action(async (o) => {
      if (!Number.isInteger(o.count) || o.count < 1) throw new Error('--count must be a positive whole number');
      const deps = await getDeps();
      await seedPacks(deps, ['eu']);
      const r = await loadSampleDeterminations(deps, { count: o.count, orgName: o.org });
      console.log(r.skipped ? 'Sample determinations are already loaded for that organisation.' : `Stored ${r.stored} sample determinations.`);
    });

  program
    .command('determine')
    .description('Determine whether a shipment needs a licence (prints an explanation, or JSON with --json)')
    .addOption(new Option('--policy <policy>', 'policy pack').choices([...POLICIES]).makeOptionMandatory())
    .requiredOption('--item <code>', 'control code (repeat or comma-separate for several items)', collect)
    .requiredOption('--destination <iso2>', 'destination country (ISO 3166 alpha-2)')
    .addOption(new Option('--end-use <use>', 'end use').choices([...END_USES]).makeOptionMandatory())
    .option('--informed <concern>', `informed by the authority of a concern: ${CONCERNS.join(', ')} (repeatable)`, collect)
    .option('--aware <concern>', `aware of a concern: ${CONCERNS.join(', ')} (repeatable)`, collect)
    .option('--established-in <iso2>', 'state the exporter is established in')
    .option('--registered <ids>', 'registered general licences, e.g. EU001 (repeatable)', collect)
    .option('--icp', 'the exporter has an internal compliance programme')
    .option('--transit <iso2>', 'transit country (repeatable)', collect)
    .option('--value <number>', 'value of each item', (v) => Number(v))
    .option('--date <yyyy-mm-dd>', 'date (default today)')
    .option('--hs-code <code>', 'HS/CN customs code of the items (4–8 digits)')
    .option('--json', 'print the determination as JSON')
    .action(async (o) => {
      const deps = await getDeps();
      await seedPacks(deps, [o.policy]);
      const input: DeterminationInput = {
        policy: o.policy,
        ...(o.date ? { date: o.date } : {}),
        exporter: {
          ...(o.establishedIn ? { establishedIn: o.establishedIn } : {}),
          ...(o.informed ? { informed: o.informed } : {}),
          ...(o.aware ? { aware: o.aware } : {}),
          ...(o.registered ? { registeredGeneralLicences: o.registered } : {}),
          ...(o.icp ? { icp: true } : {}),
        },
        destination: o.destination,
        ...(o.transit ? { transit: o.transit } : {}),
        endUse: o.endUse,
        items: (o.item as string[]).map((code) => ({ code, ...(o.value !== undefined ? { value: o.value } : {}), ...(o.hsCode ? { hsCode: o.hsCode } : {}) })),
      };
      const ctx = ctxFor(deps, SYSTEM_ACTOR, 'cli');
      const result = await determine(ctx, input, { store: false, source: 'cli' });
      console.log(o.json ? JSON.stringify(result, null, 2) : explain(result));
    });
}
