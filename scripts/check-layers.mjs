#!/usr/bin/env node
// Dependencies point one way: extension → shared, sync-server → shared.
// shared/ must import neither side, nor browser, database, socket or file-system APIs it is not given.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const FORBIDDEN_IMPORTS = [
  /(^|\/)extension\//,
  /(^|\/)sync-server\//,
  /^dexie/,
  /^wxt/,
  /^ws$/,
  /^(node:)?(fs|fs\/promises|net|http|child_process)$/,
  /^y-indexeddb$/,
  /^y-websocket$/,
];
const FORBIDDEN_GLOBALS = [
  [/\bchrome\.\w/, 'chrome.*'],
  [/\bbrowser\.\w/, 'browser.*'],
  [/\bindexedDB\b/, 'indexedDB'],
  [/\blocalStorage\b/, 'localStorage'],
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.tsx?$/.test(name)) yield full;
  }
}

const problems = [];
for (const file of files(path.join(root, 'shared'))) {
  const source = readFileSync(file, 'utf8');
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = match[1] ?? match[2];
    if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) problems.push(`${path.relative(root, file)} imports "${spec}"`);
  }
  for (const [re, label] of FORBIDDEN_GLOBALS) {
    if (re.test(code)) problems.push(`${path.relative(root, file)} uses ${label}`);
  }
}
if (problems.length) {
  console.error(`shared/ must stay pure:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('layers: shared/ imports neither extension/ nor sync-server/ nor platform APIs');
