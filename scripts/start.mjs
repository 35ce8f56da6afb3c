#!/usr/bin/env node
// `npm start`: the sync server on its embedded default (SQLite in data/evident.sqlite, port 1234) and
// Chromium with the freshly built extension on a profile kept in .evident-profile/, joined to the
// "demo" workspace through a fresh editor invite. `npm start -- --demo` also serves the fixture pages
// as gov.uk sites (no internet needed) and opens one. `--no-server` runs the extension alone.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const extensionDir = path.join(root, '.output/chrome-mv3');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const demo = process.argv.includes('--demo');
const withServer = !process.argv.includes('--no-server');
const port = Number(process.env.EVIDENT_PORT ?? 1234);
const dbPath = path.join(root, 'data/evident.sqlite');
const cli = path.join(root, 'sync-server/bin/evident-sync.mjs');

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
let server = null;
if (withServer) {
  server = await startServer();
  const serverUrl = `ws://127.0.0.1:${port}`;
  const invite = execFileSync(process.execPath, [cli, 'invite', '--db', dbPath, '--workspace', 'demo', '--role', 'editor', '--expires', '30d', '--server', serverUrl], { encoding: 'utf8' });
  const token = invite.trim().split('\n').at(-1);
  const link = `evident://join?server=${encodeURIComponent(serverUrl)}&token=${encodeURIComponent(token)}`;
  // The options page joins the workspace from its address (and then removes the token from it).
  urls.unshift(`chrome-extension://${extensionId}/options.html#join=${encodeURIComponent(link)}&autoconnect=1`);
  console.log(`Sync server: ${serverUrl} (database data/evident.sqlite). More invites: npm run sync-server -- invite --workspace demo --role editor`);
}

if (demo) {
  const port = await serveFixtures();
  args.push(`--host-resolver-rules=MAP *.gov.uk 127.0.0.1:${port}`);
  urls.push('http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html');
  console.log('Demo: *.gov.uk is served from tests/fixtures in this browser only. Select a paragraph and press "Clip".');
}

console.log(`Evident: starting Chromium with the extension (${extensionId}); profile in .evident-profile/`);
const browser = spawn(chromium, [...args, ...urls], { stdio: 'inherit' });
const stop = () => server?.kill('SIGTERM');
process.on('SIGINT', () => {
  stop();
  browser.kill('SIGTERM');
});
browser.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});

/** Starts `evident-sync serve` and resolves once it says it is serving. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', String(port), '--db', dbPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, EVIDENT_LOG_LEVEL: process.env.EVIDENT_LOG_LEVEL ?? 'warn' },
    });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      if (seen === null) return process.stdout.write(chunk); // after start-up, pass the server's output on
      seen += chunk;
      if (seen.includes('serving')) {
        process.stdout.write(seen);
        seen = null;
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`the sync server stopped (exit ${code}); is port ${port} in use? Set EVIDENT_PORT.`)));
  });
}

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
