import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const OUTPUT = path.resolve(import.meta.dirname, '../../.output');
const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
const zip = (name: string) => {
  try {
    return unzipSync(readFileSync(path.join(OUTPUT, name)));
  } catch (error) {
    throw new Error(`${name} not found in .output: run "npm run package" first (${(error as Error).message})`);
  }
};

/** What `npm run package` hands a user or a store: the two zips (the tests load their content) and the sources. */
describe('the store packages', () => {
  it('packs Chrome and Edge (Manifest V3) with every page the extension opens', () => {
    const files = zip(`evident-${version}-chrome.zip`);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ manifest_version: 3, name: 'Evident', version, background: { service_worker: 'background.js' } });
    for (const page of ['dashboard.html', 'sidepanel.html', 'popup.html', 'options.html', 'viewer.html', 'toolbar.html']) expect(files[page], page).toBeDefined();
    expect(Object.keys(files).some((f) => f.endsWith('.map'))).toBe(false);
  });

  it('packs Firefox with its add-on id and the same pages', () => {
    const files = zip(`evident-${version}-firefox.zip`);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ manifest_version: 2, version, browser_specific_settings: { gecko: { id: 'evident@evident.local' } } });
    for (const page of ['dashboard.html', 'sidepanel.html', 'popup.html', 'options.html', 'viewer.html', 'toolbar.html']) expect(files[page], page).toBeDefined();
  });

  it('packs the sources a store reviewer rebuilds from, without local data or build output', () => {
    const names = Object.keys(zip(`evident-${version}-sources.zip`));
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'README.md']) expect(names).toContain(needed);
    for (const folder of ['extension/', 'shared/', 'sync-server/']) expect(names.some((n) => n.startsWith(folder)), folder).toBe(true);
    for (const never of ['node_modules/', '.output/', 'data/', '.evident-profile/', 'bench-results.json']) {
      expect(names.some((n) => n.startsWith(never)), never).toBe(false);
    }
  });
});
