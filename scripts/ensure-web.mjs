#!/usr/bin/env node
// Builds the web UI when it is missing or older than its sources, so `npm start` always serves a current UI.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = 'web/dist/index.html';
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest('web/src'), statSync('web/index.html').mtimeMs)) {
  console.log('Building the web UI…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
