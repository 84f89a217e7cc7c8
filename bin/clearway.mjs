#!/usr/bin/env node
// Entry point for the `clearway` CLI (and `npm start`): runs the compiled JavaScript in dist/. When dist/ is
// missing or older than src/ it is compiled first (scripts/build-server.mjs, esbuild), as `npm start` does for the web UI.
import { ensureServerBuilt } from '../scripts/build-server.mjs';

await ensureServerBuilt();
await import('../dist/cli/main.js');
