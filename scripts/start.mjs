#!/usr/bin/env node
// `npm start`: Chromium with the freshly built extension on a profile kept in .evident-profile/.
// `npm start -- --demo` also serves the fixture pages as gov.uk sites (no internet needed) and opens one.
// The sync server joins this command with issue #4.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const extensionDir = path.join(root, '.output/chrome-mv3');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const demo = process.argv.includes('--demo');

if (!existsSync(chromium)) fail(`Chromium not found at ${chromium}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
if (!existsSync(path.join(extensionDir, 'manifest.json'))) fail('The extension is not built: run "npm run build".');
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail('No display to open a browser on. On a server, run "xvfb-run -a npm start", or set DISPLAY.');
}

/** Chrome names an unpacked extension after its folder: SHA-256 of the path, hex digits mapped to a–p. */
const extensionId = [...createHash('sha256').update(extensionDir).digest('hex').slice(0, 32)]
  .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
  .join('');

const args = [
  `--user-data-dir=${path.join(root, '.evident-profile')}`,
  `--disable-extensions-except=${extensionDir}`,
  `--load-extension=${extensionDir}`,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to run as root otherwise
const urls = [`chrome-extension://${extensionId}/dashboard.html`];

if (demo) {
  const port = await serveFixtures();
  args.push(`--host-resolver-rules=MAP *.gov.uk 127.0.0.1:${port}`);
  urls.push('http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html');
  console.log('Demo: *.gov.uk is served from tests/fixtures in this browser only. Select a paragraph and press "Clip".');
}

console.log(`Evident: starting Chromium with the extension (${extensionId}); profile in .evident-profile/`);
const browser = spawn(chromium, [...args, ...urls], { stdio: 'inherit' });
browser.on('exit', (code) => process.exit(code ?? 0));

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

async function serveFixtures() {
  const fixtures = path.join(root, 'tests/fixtures');
  const server = http.createServer(async (req, res) => {
    const name = path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(path.join(fixtures, name));
      res.writeHead(200, { 'content-type': name.endsWith('.pdf') ? 'application/pdf' : 'text/html; charset=utf-8' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not a fixture');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}
