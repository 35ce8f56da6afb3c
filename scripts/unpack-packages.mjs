#!/usr/bin/env node
// Unzips the store packages `npm run package` wrote (.output/evident-<version>-chrome.zip and
// -firefox.zip) into .output/packaged/chrome-mv3 and .output/packaged/firefox-mv2. The end-to-end
// tests and the benchmarks load these folders: what a user installs, not only the build folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';

const output = path.resolve(import.meta.dirname, '../.output');
const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'));

for (const [browser, folder] of [['chrome', 'chrome-mv3'], ['firefox', 'firefox-mv2']]) {
  const zip = path.join(output, `evident-${version}-${browser}.zip`);
  if (!existsSync(zip)) {
    console.error(`${zip} is missing: run "npm run package" first`);
    process.exit(1);
  }
  const target = path.join(output, 'packaged', folder);
  rmSync(target, { recursive: true, force: true });
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
    const file = path.join(target, name);
    if (!file.startsWith(target + path.sep)) throw new Error(`${zip}: entry ${name} would land outside ${target}`);
    if (name.endsWith('/')) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  console.log(`unpacked ${path.relative(process.cwd(), zip)} → ${path.relative(process.cwd(), target)} (${readdirSync(target).length} entries at the top)`);
}
