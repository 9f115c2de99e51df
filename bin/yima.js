#!/usr/bin/env node
// The `yima` command: runs the bundle in dist/ (built by `npm ci` and rebuilt when src/ changes).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const build = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
const r = spawnSync(process.execPath, [build], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
await import('../dist/yima.js');
