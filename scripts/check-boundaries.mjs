#!/usr/bin/env node
// Import-boundary check (a stage of `npm test`), see docs/ARCHITECTURE.md "Boundaries between domains".
//  1. A domain's non-test code never names another domain's table (the keys of each src/domains/<d>/<d>.tables.ts
//     `…Tables` interface). Read another domain through a typed port it exports (its `*.port.ts` files).
//  2. src/platform never imports from src/domains (the platform knows no domain).
// Existing violations are listed in scripts/boundaries.allow.json, which may only shrink: a new violation fails, and so
// does a listed one that no longer occurs (remove it, e.g. with --shrink).
//   node scripts/check-boundaries.mjs [--root <dir>] [--allow <file>] [--shrink]
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const TEST_FILE = /\.(test|spec|e2e)\.tsx?$/;

/** Every source file under dir (recursively; .ts/.tsx unless `pattern` says otherwise), as absolute paths, sorted. */
export function sourceFiles(dir, pattern = /\.tsx?$/) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p, pattern));
    else if (pattern.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
const posix = (p) => p.split(sep).join('/');

/** domain name → its table names, from the property names of interfaces named `…Tables` in `<d>.tables.ts`. */
export function domainTables(root) {
  const domainsDir = join(root, 'src/domains');
  const out = new Map();
  if (!existsSync(domainsDir)) return out;
  for (const d of readdirSync(domainsDir).sort()) {
    const file = join(domainsDir, d, `${d}.tables.ts`);
    if (!existsSync(file)) continue;
    const tables = new Set();
    for (const st of parse(file).statements) {
      if (!ts.isInterfaceDeclaration(st) || !st.name.text.endsWith('Tables')) continue;
      for (const m of st.members) if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) tables.add(m.name.text);
    }
    out.set(d, tables);
  }
  return out;
}

/** The table names a string names: 'lic_cases', 'lic_cases.id', 'lic_cases as c'; in SQL templates any whole word. */
function tablesInText(text, tableOwner, sqlTemplate) {
  const found = new Set();
  if (sqlTemplate) {
    for (const w of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (tableOwner.has(w)) found.add(w);
    return found;
  }
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_*][A-Za-z0-9_]*|\s+as\s+[A-Za-z_][A-Za-z0-9_]*)?\s*$/.exec(text);
  if (m && tableOwner.has(m[1])) found.add(m[1]);
  return found;
}

/** Table names (any domain's) named in a file's string literals, type literals and template literals. */
function tablesNamedIn(file, tableOwner) {
  const found = new Set();
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const tagged = ts.isNoSubstitutionTemplateLiteral(node) && node.parent && ts.isTaggedTemplateExpression(node.parent);
      for (const t of tablesInText(node.text, tableOwner, tagged)) found.add(t);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      for (const part of parts) for (const t of tablesInText(part, tableOwner, true)) found.add(t);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found;
}

/** Module specifiers a file imports or re-exports (static, dynamic, `import type`). */
function importsOf(file) {
  const specs = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return specs;
}

/** Current violations: { tables: {file: [foreign tables]}, imports: {file: [imported domain paths]} }, paths relative to root. */
export function findViolations(root) {
  const byDomain = domainTables(root);
  const tableOwner = new Map();
  for (const [d, tables] of byDomain) for (const t of tables) tableOwner.set(t, d);
  const violations = { tables: {}, imports: {} };
  const domainsDir = join(root, 'src/domains');
  for (const file of sourceFiles(domainsDir)) {
    if (TEST_FILE.test(file)) continue;
    const rel = posix(relative(domainsDir, file));
    if (!rel.includes('/')) continue; // registry.ts, tables.ts, module.ts: the composition root
    const own = rel.split('/')[0];
    const foreign = [...tablesNamedIn(file, tableOwner)].filter((t) => tableOwner.get(t) !== own).sort();
    if (foreign.length) violations.tables[posix(relative(root, file))] = foreign;
  }
  const platformDir = join(root, 'src/platform');
  for (const file of sourceFiles(platformDir)) {
    if (TEST_FILE.test(file)) continue;
    const targets = importsOf(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => posix(relative(root, resolve(dirname(file), s))))
      .filter((p) => p === 'src/domains' || p.startsWith('src/domains/'));
    if (targets.length) violations.imports[posix(relative(root, file))] = [...new Set(targets)].sort();
  }
  return violations;
}

/** Compares violations with the allow list: what is new (fails) and what is listed but gone (fails too). */
export function compare(violations, allow) {
  const added = [];
  const gone = [];
  for (const kind of ['tables', 'imports']) {
    const now = violations[kind] ?? {};
    const listed = allow[kind] ?? {};
    for (const [file, names] of Object.entries(now)) for (const n of names) if (!(listed[file] ?? []).includes(n)) added.push({ kind, file, name: n });
    for (const [file, names] of Object.entries(listed)) for (const n of names) if (!(now[file] ?? []).includes(n)) gone.push({ kind, file, name: n });
  }
  return { added, gone };
}

/** The allow list without the entries that no longer occur (never adds one). */
export function shrink(allow, violations) {
  const out = {};
  for (const kind of ['tables', 'imports']) {
    out[kind] = {};
    for (const [file, names] of Object.entries(allow[kind] ?? {})) {
      const kept = names.filter((n) => (violations[kind]?.[file] ?? []).includes(n));
      if (kept.length) out[kind][file] = kept;
    }
  }
  return out;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = resolve(arg('--root') ?? process.cwd());
  const allowFile = resolve(arg('--allow') ?? join(root, 'scripts/boundaries.allow.json'));
  let allow = existsSync(allowFile) ? JSON.parse(readFileSync(allowFile, 'utf8')) : { tables: {}, imports: {} };
  const violations = findViolations(root);
  if (argv.includes('--shrink')) {
    allow = { ...allow, ...shrink(allow, violations) };
    writeFileSync(allowFile, JSON.stringify(allow, null, 2) + '\n');
    console.log(`Removed the entries that no longer occur from ${posix(relative(process.cwd(), allowFile))}.`);
  }
  const { added, gone } = compare(violations, allow);
  const allowRel = posix(relative(process.cwd(), allowFile));
  for (const v of added) {
    if (v.kind === 'tables') {
      const owner = [...domainTables(root)].find(([, t]) => t.has(v.name))?.[0];
      console.log(`${v.file}: names ${owner}'s table ${v.name}.`);
    } else console.log(`${v.file}: the platform imports ${v.name}.`);
  }
  if (added.some((v) => v.kind === 'tables')) {
    console.log(
      "  What to do: read the other domain through a typed function it exports from a `*.port.ts` file in its own folder\n" +
        '  (e.g. src/domains/licensing/licences.port.ts, src/domains/screening/port.ts); ask its owner to add one if missing.',
    );
  }
  if (added.some((v) => v.kind === 'imports')) {
    console.log(
      '  What to do: the platform knows no domain. Declare the type or function the platform needs in src/platform and let the\n' +
        '  composition root (src/server/composition.ts, src/domains/registry.ts) pass the domain side in.',
    );
  }
  for (const v of gone) console.log(`${allowRel}: ${v.file} no longer ${v.kind === 'tables' ? 'names' : 'imports'} ${v.name}.`);
  if (gone.length) console.log(`  What to do: remove those entries (the list only shrinks): node scripts/check-boundaries.mjs --shrink`);
  const nAllowed = Object.values(allow.tables ?? {}).flat().length + Object.values(allow.imports ?? {}).flat().length;
  if (added.length || gone.length) {
    console.log(`Boundary check failed: ${added.length} new violation(s), ${gone.length} stale allow entr${gone.length === 1 ? 'y' : 'ies'}.`);
    return 1;
  }
  console.log(`Boundary check passed (${nAllowed - gone.length} known violation(s) left in ${allowRel}; remove them as you fix them).`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) process.exitCode = main(process.argv.slice(2));
