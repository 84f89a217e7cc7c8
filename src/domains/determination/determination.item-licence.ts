/** Phase 4: the list-based licence requirement (EU: any destination outside the union; US: Country Chart, prose rows, footnotes). */
import { codeIn, describeDestinationRule, destinationCovered } from './determination.rules.js';
import { add, maxTier, raise, skipRule, type ItemState } from './determination.item.js';
import type { ControlRow } from './determination.types.js';

const HEDGE_PARENT = ' (the item paragraph was not given or is a parent of the controlled paragraphs: applied conservatively)';

export function licencePhase(s: ItemState) {
  const { cp, sh } = s;
  if (!s.listed) {
    s.trace.push(cp.notListedEntry);
    return;
  }
  if (cp.pack.licensing.kind === 'outside_union') {
    add(s, 'licence-requirement', true, cp.licensingCite, `${s.code} is listed and ${sh.destName} is outside the customs union: an export authorisation is required.`);
    requireLicence(s, 'listed');
  } else if (s.entry?.controls) {
    if (!sh.profile.chartX) {
      add(s, 'country-chart', true, cp.licensingCite, `${sh.destName} is not in the Country Chart: treated as requiring a licence (fail closed).`);
      requireLicence(s, 'unknown-destination');
      s.tier = maxTier(s.tier, 'medium');
      return;
    }
    const para = s.code!.length > 5 ? s.code!.slice(6) : '';
    for (const c of s.entry.controls) {
      if (c.special || c.columns.length === 0) proseRow(s, c, para);
      else chartRow(s, c, para);
    }
    footnotes(s);
  } else {
    add(s, 'licence-requirement', true, cp.licensingCite, `${s.code} is listed: licence required.`);
    requireLicence(s, 'listed');
  }
}

function requireLicence(s: ItemState, reason: string) {
  raise(s, 'individual_licence_required');
  s.listReasons.push(reason);
}

function rowApplies(mode: string, paragraphs: string[], para: string): 'yes' | 'possibly' | 'no' {
  if (mode === 'entire' || paragraphs.length === 0) return 'yes';
  for (const p of paragraphs) if (para === p || para.startsWith(p + '.')) return mode === 'only' ? 'yes' : 'no';
  if (mode !== 'only') return 'yes';
  for (const p of paragraphs) if (para === '' || p.startsWith(para + '.')) return 'possibly';
  return 'no';
}

/** A License Requirements row written as prose: evaluated through its parsed destination rule, else not evaluated. */
function proseRow(s: ItemState, c: ControlRow, para: string) {
  const { cp, sh } = s;
  const scope = rowApplies(c.mode, c.paragraphs, para);
  const label = `${c.reason} (${c.scope.slice(0, 120)})`;
  const rule = `ccl:${s.top}:${c.reason}`;
  if (scope === 'no') return add(s, rule, false, cp.licensingCite, `${label} does not cover ${s.code}.`);
  const dr = c.destRule;
  if (!dr) {
    skipRule(s, rule, cp.licensingCite, `${label}: the licence requirement is written as prose ("${(c.chart || 'no chart text').slice(0, 200)}") and this pack cannot evaluate it`);
    s.tier = maxTier(s.tier, 'medium');
    return;
  }
  const hedge = scope === 'possibly' ? HEDGE_PARENT : '';
  if (destinationCovered(dr, sh.dest, cp.groupsOf)) {
    add(s, rule, true, `${cp.licensingCite}; ${dr.citation}`, `${label}: a licence is required to ${describeDestinationRule(dr)}, which includes ${sh.destName}${hedge}.`);
    requireLicence(s, c.reason);
  } else add(s, rule, false, `${cp.licensingCite}; ${dr.citation}`, `${label}: the requirement covers ${describeDestinationRule(dr)}, not ${sh.destName}.`);
}

/** A Country Chart row: licence required when a column it names has an X for the destination. */
function chartRow(s: ItemState, c: ControlRow, para: string) {
  const { cp, sh } = s;
  const scope = rowApplies(c.mode, c.paragraphs, para);
  const label = `${c.reason} (${c.scope.slice(0, 120)})`;
  const rule = `ccl:${s.top}:${c.reason}`;
  if (scope === 'no') return add(s, rule, false, cp.licensingCite, `${label} does not cover ${s.code}.`);
  const xs = sh.profile.chartX!;
  const marked = c.columns.filter((col) => xs.has(col));
  const hedge = scope === 'possibly' ? HEDGE_PARENT : c.conditional ? ' (conditional control: applied conservatively)' : '';
  if (marked.length) {
    add(s, rule, true, cp.licensingCite, `${label}: ${marked.join(', ')} has an X for ${sh.destName}: licence required${hedge}.`);
    requireLicence(s, c.reason);
    if (hedge) s.tier = maxTier(s.tier, 'medium');
  } else {
    const at = c.columns.some((col) => col.startsWith('AT'));
    add(s, rule, false, cp.licensingCite, `${label}: no X in ${c.columns.join(', ')} for ${sh.destName}${at ? ' (anti-terrorism controls bite only for E:1/E:2 destinations, handled by the embargo rules)' : ''}.`);
  }
}

/** The destination's Country Chart footnotes: modelled ones applied, the others not evaluated. */
function footnotes(s: ItemState) {
  const { cp, sh } = s;
  const chart = cp.pack.countryChart!;
  for (const f of chart.rows[sh.dest]!.footnotes) {
    const text = (chart.footnotes[String(f)] ?? '').slice(0, 200);
    const fr = cp.pack.footnoteRules?.[String(f)];
    const rule = `country-chart-footnote:${f}`;
    const cite = cp.cite(`${chart.citation}, footnote ${f}`);
    if (!fr) {
      skipRule(s, rule, cite, `Country Chart footnote ${f} for ${sh.destName} is not modelled: "${text}"`);
      continue;
    }
    const concerns = fr.allItems || !fr.codes || codeIn(fr.codes, s.code, s.anc);
    if (!concerns || fr.effect === 'none') {
      add(s, rule, false, cite, concerns ? fr.why : `Footnote ${f} concerns ${fr.codes!.join(', ')}, not ${s.code}.`);
      continue;
    }
    if (fr.effect === 'licence') {
      add(s, rule, true, cite, fr.why);
      requireLicence(s, `footnote-${f}`);
    } else skipRule(s, rule, cite, fr.why);
  }
}
