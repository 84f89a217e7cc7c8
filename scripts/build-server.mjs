#!/usr/bin/env node
// Compiles the server and CLI (src/**/*.ts, tests excluded) to plain JavaScript in dist/, one file per source file
// (dist/ sits beside src/ so paths relative to a module, such as ../../data, still resolve), and copies the
// non-TypeScript files that modules read (guidance pages, fonts). `npm start` and `clearway` run dist/, so no
// TypeScript is compiled at run time; esbuild (a dev dependency) is loaded only when dist/ is missing or stale.
//
//   node scripts/build-server.mjs            build now
//   node scripts/build-server.mjs --if-stale build only when a source is newer than the last build (install, start)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp.json');
const LOCK = join(ROOT, '.dist-build.lock');

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.test\.ts$/.test(name);

/** Every file under src/ (relative paths) with the newest modification time among them. */
function scan(dir = SRC, out = { files: [], newest: 0 }) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) scan(p, out);
    else {
      out.files.push(relative(SRC, p));
      out.newest = Math.max(out.newest, statSync(p).mtimeMs);
    }
  }
  return out;
}

/** True when dist/ is missing, older than a source, or built from a different set of files. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  const { files, newest } = scan();
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return stamp.newest < newest || stamp.count !== files.length;
  } catch {
    return true;
  }
}

async function buildNow() {
  const { build } = await import('esbuild');
  const { files, newest } = scan();
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: files.filter(isSource).map((f) => join(SRC, f)),
    outbase: SRC,
    outdir: tmp,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Files modules read at run time (markdown pages, fonts, …) go beside the compiled modules.
  for (const f of files) if (!f.endsWith('.ts')) cpSync(join(SRC, f), join(tmp, f));
  writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(tmp, '.build-stamp.json'), JSON.stringify({ newest, count: files.length, builtAt: new Date().toISOString() }));
  // Swap in whole, so a reader never sees half a build.
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Builds dist/ when stale; several processes starting at once build it once (a lock file), the others wait. */
export async function ensureServerBuilt({ force = false, quiet = false } = {}) {
  if (!force && !isStale()) return false;
  for (let waited = 0; ; waited += 100) {
    let fd;
    try {
      fd = openSync(LOCK, 'wx');
    } catch {
      // Someone else is building; a lock older than two minutes is left over from a killed build.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { force: true });
      } catch {}
      if (waited > 180_000) throw new Error(`Timed out waiting for another build of dist/ (remove ${LOCK} if no build is running)`);
      await sleep(100);
      continue;
    }
    try {
      if (force || isStale()) {
        if (!quiet) process.stderr.write('Compiling the server to dist/…\n');
        await buildNow();
      }
    } finally {
      closeSync(fd);
      rmSync(LOCK, { force: true });
    }
    return true;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    await ensureServerBuilt({ force: !ifStale });
  } catch (e) {
    // On an install without dev dependencies there is no esbuild: ship a prebuilt dist/ instead.
    if (ifStale && e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('esbuild')) {
      console.warn('esbuild is not installed (production install?): dist/ was not rebuilt');
    } else throw e;
  }
  if (!existsSync(join(DIST, 'cli', 'main.js'))) {
    mkdirSync(DIST, { recursive: true });
    console.error('dist/cli/main.js is missing after the build');
    process.exit(1);
  }
}
