#!/usr/bin/env node
// Size caps (a stage of `npm test`), see docs/ARCHITECTURE.md "Size caps": a source file has at most 600 lines and a
// function at most 80 (Biome has no such rules). Tests are exempt. Existing offenders are listed with their current size
// in scripts/size.allow.json; that list only shrinks: a new offender fails, a listed one that is now within the cap fails
// until its entry is removed (--shrink does that and lowers the recorded sizes to the current ones; it never adds or
// raises an entry), and a listed one that grows past its recorded size is reported, and fails with --strict.
//   node scripts/check-size.mjs [--root <dir>] [--allow <file>] [--shrink] [--strict]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './check-boundaries.mjs';

export const MAX_FILE_LINES = 600;
export const MAX_FUNCTION_LINES = 80;
const DIRS = ['src', 'web/src', 'scripts'];
const TEST_FILE = /\.(test|spec|e2e)\.[cm]?[jt]sx?$|\.worker\.ts$/;
const posix = (p) => p.split(sep).join('/');

/** A readable, stable name for a function node: its own name, the variable/property it is assigned to, or the call it is passed to. */
function functionName(node, sf) {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) {
    const owner = node.parent && (ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '');
    return owner + node.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.text ?? 'class'}.constructor`;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p)) return p.name.getText(sf);
  if (p && ts.isPropertyDeclaration(p)) return p.name.getText(sf);
  if (p && ts.isBinaryExpression(p)) return p.left.getText(sf).slice(0, 60);
  if (p && ts.isCallExpression(p)) {
    const first = p.arguments.find((a) => ts.isStringLiteralLike(a));
    return `${p.expression.getText(sf).slice(0, 60)}(${first ? JSON.stringify(first.text.slice(0, 60)) : ''}) callback`;
  }
  if (p && ts.isJsxExpression(p)) return 'JSX callback';
  return 'anonymous function';
}

/** { lines, functions: [{name, lines}] } for one file; names repeated within a file get #2, #3… */
export function measure(file) {
  const text = readFileSync(file, 'utf8');
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const functions = [];
  const seen = new Map();
  const visit = (node, outer) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      let name = functionName(node, sf);
      // A callback is named after the function it sits in, so its name does not depend on what else is in the file.
      if (outer && / callback$|^anonymous function$/.test(name)) name = `${outer} > ${name}`;
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      if (n > 1) name = `${name} #${n}`;
      functions.push({ name, lines: end - start + 1 });
      ts.forEachChild(node, (c) => visit(c, name));
      return;
    }
    ts.forEachChild(node, (c) => visit(c, outer));
  };
  visit(sf, '');
  return { lines, functions };
}

/** Current offenders: { files: {path: lines}, functions: {path: {name: lines}} }, paths relative to root. */
export function findOffenders(root) {
  const out = { files: {}, functions: {} };
  for (const dir of DIRS) {
    for (const file of sourceFiles(join(root, dir), /\.(tsx?|mjs)$/)) {
      if (TEST_FILE.test(file)) continue;
      const rel = posix(relative(root, file));
      const m = measure(file);
      if (m.lines > MAX_FILE_LINES) out.files[rel] = m.lines;
      // Landed migrations are never edited, so their long `up` functions cannot be split; new code goes in new files.
      if (/\.migrations\.ts$|\/migrations\//.test(rel)) continue;
      for (const f of m.functions) if (f.lines > MAX_FUNCTION_LINES) (out.functions[rel] ??= {})[f.name] = f.lines;
    }
  }
  return out;
}

const flatten = (o) => [
  ...Object.entries(o.files ?? {}).map(([file, lines]) => ({ key: file, what: `${file} (file)`, lines, cap: MAX_FILE_LINES })),
  ...Object.entries(o.functions ?? {}).flatMap(([file, fns]) =>
    Object.entries(fns).map(([name, lines]) => ({ key: `${file}\u0000${name}`, what: `${file}: function ${name}`, lines, cap: MAX_FUNCTION_LINES })),
  ),
];

/** new offenders, listed ones that grew, listed ones now within the cap. */
export function compare(offenders, allow) {
  const listed = new Map(flatten(allow).map((e) => [e.key, e]));
  const now = new Map(flatten(offenders).map((e) => [e.key, e]));
  const added = [...now.values()].filter((e) => !listed.has(e.key));
  const grown = [...now.values()].filter((e) => listed.has(e.key) && e.lines > listed.get(e.key).lines).map((e) => ({ ...e, was: listed.get(e.key).lines }));
  const gone = [...listed.values()].filter((e) => !now.has(e.key));
  return { added, grown, gone };
}

/** The allow list with fixed entries removed and each kept entry lowered to its current size. */
export function shrink(allow, offenders) {
  const files = {};
  for (const [f, n] of Object.entries(allow.files ?? {})) if (offenders.files[f] !== undefined) files[f] = Math.min(n, offenders.files[f]);
  const functions = {};
  for (const [f, fns] of Object.entries(allow.functions ?? {})) {
    for (const [name, n] of Object.entries(fns)) {
      const cur = offenders.functions[f]?.[name];
      if (cur !== undefined) (functions[f] ??= {})[name] = Math.min(n, cur);
    }
  }
  return { files, functions };
}

function main(argv) {
  const arg = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const root = resolve(arg('--root') ?? process.cwd());
  const allowFile = resolve(arg('--allow') ?? join(root, 'scripts/size.allow.json'));
  let allow = existsSync(allowFile) ? JSON.parse(readFileSync(allowFile, 'utf8')) : { files: {}, functions: {} };
  const offenders = findOffenders(root);
  const allowRel = posix(relative(process.cwd(), allowFile));
  if (argv.includes('--shrink')) {
    allow = { ...allow, ...shrink(allow, offenders) };
    writeFileSync(allowFile, JSON.stringify(allow, null, 2) + '\n');
    console.log(`Removed fixed entries and lowered the recorded sizes in ${allowRel}.`);
  }
  const { added, grown, gone } = compare(offenders, allow);
  for (const e of added) console.log(`${e.what}: ${e.lines} lines (cap ${e.cap}).`);
  const strict = argv.includes('--strict');
  for (const e of grown) console.log(`${strict ? '' : 'warning: '}${e.what}: ${e.lines} lines, grown from ${e.was} (cap ${e.cap}; it may only shrink).`);
  if (added.length || grown.length) {
    console.log(
      '  What to do: split it. A file per use case (e.g. applications.service.ts → submit-application.service.ts,\n' +
        '  withdraw-application.service.ts), queries in the repository; a long function into named steps. Do not raise a number\n' +
        `  in ${allowRel}: the list only shrinks.`,
    );
  }
  for (const e of gone) console.log(`${allowRel}: ${e.what} is now within the cap.`);
  if (gone.length) console.log('  What to do: remove those entries (the list only shrinks): node scripts/check-size.mjs --shrink');
  if (added.length || (strict && grown.length) || gone.length) {
    console.log(`Size check failed: ${added.length} new offender(s), ${grown.length} grown, ${gone.length} stale allow entr${gone.length === 1 ? 'y' : 'ies'}.`);
    return 1;
  }
  if (grown.length) console.log(`${grown.length} listed offender(s) grew (a warning until --strict is on in scripts/test.mjs).`);
  console.log(`Size check passed (caps: ${MAX_FILE_LINES} lines a file, ${MAX_FUNCTION_LINES} a function; ${flatten(allow).length} known offender(s) in ${allowRel}).`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) process.exitCode = main(process.argv.slice(2));
