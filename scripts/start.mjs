#!/usr/bin/env node
// `npm start`: the sync server on its embedded default (SQLite in data/evident.sqlite, port 1234) and
// Chromium with the freshly built extension on a profile kept in .evident-profile/, joined to the
// "demo" workspace through a fresh editor invite. `npm start -- --demo` also serves the fixture pages
// as gov.uk sites (no internet needed) and opens one. `--no-server` runs the extension alone.
import { execFileSync, spawn } from 'node:child_process';
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
  fail(
    'No display to open a browser on. On a desktop, run it there; on a server, "bash scripts/run-evident.sh" ' +
      'runs it on a virtual screen and says how to reach that browser from yours.',
  );
}
// run-evident.sh sets this when it made a virtual screen (Xvfb): nobody can see the browser, so it
// is opened to DevTools on this machine's loopback, which the person reaches through an SSH tunnel.
const virtualScreen = process.env.EVIDENT_VIRTUAL_SCREEN === '1';
const DEVTOOLS_PORT = 9222;

const args = [
  `--disable-extensions-except=${extensionDir}`,
  `--load-extension=${extensionDir}`,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to run as root otherwise
if (virtualScreen) args.push(`--remote-debugging-port=${DEVTOOLS_PORT}`, '--remote-debugging-address=127.0.0.1');
const pagesAfterExtension = [];
if (demo) {
  const fixturePort = await serveFixtures();
  args.push(`--host-resolver-rules=MAP *.gov.uk 127.0.0.1:${fixturePort}`);
  pagesAfterExtension.push('http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html');
  console.log('Demo: *.gov.uk is served from tests/fixtures in this browser only. Select a paragraph and press "Clip".');
}
// The server first, so the options page can join the demo workspace as soon as it opens.
const server = withServer ? await startServer() : null;
// Extension pages are opened once the extension is loaded (pages asked for on the command line
// race it and are blocked), so the browser is driven through playwright-core, as the tests do.
const { chromium: playwright } = await import('playwright-core');
const context = await playwright.launchPersistentContext(path.join(root, '.evident-profile'), {
  executablePath: chromium,
  headless: false,
  viewport: null,
  args,
  ignoreDefaultArgs: ['--enable-automation'],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const urls = [`chrome-extension://${extensionId}/dashboard.html`, ...pagesAfterExtension];
if (server) {
  const serverUrl = `ws://127.0.0.1:${port}`;
  const invite = execFileSync(process.execPath, [cli, 'invite', '--db', dbPath, '--workspace', 'demo', '--role', 'editor', '--expires', '30d', '--server', serverUrl], { encoding: 'utf8' });
  const token = invite.trim().split('\n').at(-1);
  const link = `evident://join?server=${encodeURIComponent(serverUrl)}&token=${encodeURIComponent(token)}`;
  // The options page joins the workspace from its address (and then removes the token from it).
  urls.unshift(`chrome-extension://${extensionId}/options.html#join=${encodeURIComponent(link)}&autoconnect=1`);
  console.log(`Sync server: ${serverUrl} (database data/evident.sqlite). More invites: npm run sync-server -- invite --workspace demo --role editor`);
}


console.log(`Evident: Chromium with the extension (${extensionId}); profile in .evident-profile/. Close the browser to stop.`);
if (virtualScreen) {
  console.log(
    `There is no screen here: the browser runs on a virtual one. To use it from your own computer, run\n` +
      `  ssh -L ${DEVTOOLS_PORT}:127.0.0.1:${DEVTOOLS_PORT} <this machine>\n` +
      `then open chrome://inspect/#devices in your Chrome, add localhost:${DEVTOOLS_PORT} under "Configure…", and press\n` +
      `"inspect" on the Evident dashboard tab. Or run "npm start" on a desktop to see it directly. Ctrl+C stops it.`,
  );
}
for (const url of urls) await (await context.newPage()).goto(url);
for (const blank of context.pages().filter((p) => p.url() === 'about:blank')) await blank.close();
const stop = () => server?.kill('SIGTERM');
process.on('SIGINT', () => {
  stop();
  void context.close();
});
context.on('close', () => stop());

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
