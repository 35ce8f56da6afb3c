import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlanJson } from '../../shared/plan-io';
import { exportWorkspace, importPlanDocument, linkEvidence, migrateWorkspaceDoc } from '../../shared/workspace';
import { saveClip } from '../integration/helpers/clips';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { CHROMIUM } from './lib/extension';
import { FIREFOX } from './lib/firefox';

/**
 * The reviewer's invite link followed in real browsers, from a page on another site (as from
 * webmail): the session cookie is SameSite=Strict, which the browser withholds from the redirect of
 * a cross-site navigation, so the pack page reloads itself once (sync-server/http/pack-page.ts).
 * The server as its own process; the "webmail" page on `localhost`, another site than `127.0.0.1`.
 */

const WORKSPACE = 'board-live';
const QUOTE = 'Managers now review every care leaver pathway plan within four weeks';
const PLAN = resolve(import.meta.dirname, '../fixtures/plans/ilacs-action-plan.json');
let server: ServerProcess;
let mail: Server;
let mailPort: number;
let dir: string;

async function reviewerLink(): Promise<string> {
  const invited = await server.cli(['invite', '--workspace', WORKSPACE, '--role', 'reviewer', '--server', `ws://127.0.0.1:${server.port}`]);
  expect(invited.code, invited.stderr).toBe(0);
  return /Live pack, to open in a browser: (\S+)/.exec(invited.stdout)![1]!;
}

/** A page on another site whose only link is the invite. */
const mailPageWith = (link: string) => `http://localhost:${mailPort}/?to=${encodeURIComponent(link)}`;

interface Visit {
  /** Statuses of the pack page's responses, in order. */
  statuses: number[];
  url: string;
  text: string;
  /** Console errors (a CSP violation shows there). */
  errors: string[];
}

const isPackUrl = (url: string) => url.includes(`/w/${WORKSPACE}/pack`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  dir = mkdtempSync(join(tmpdir(), 'evident-pack-browser-'));
  server = await startServerProcess();
  // One clip, linked to an action of the fixture plan, so the pack shows it under that action.
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, WORKSPACE);
  const ctx = deterministicContext(createRandom(3), 'board');
  const plan = readPlanJson(readFileSync(PLAN, 'utf8'));
  const imported = plan.ok ? importPlanDocument(doc, ctx, plan.value) : null;
  if (!imported?.ok) throw new Error('fixture plan did not import');
  expect(linkEvidence(doc, ctx, saveClip(doc, QUOTE, ctx), imported.value.actionIds[0]!, 'impact').ok).toBe(true);
  const file = join(dir, 'export.json');
  writeFileSync(file, JSON.stringify(exportWorkspace(doc, WORKSPACE, new Date().toISOString())));
  expect((await server.cli(['import', '--workspace', WORKSPACE, '--file', file])).code).toBe(0);
  mail = createServer((req, res) => {
    const link = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><a id="invite" href="${link.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">Open the pack</a>`);
  });
  await new Promise<void>((ready) => mail.listen(0, '127.0.0.1', ready));
  mailPort = (mail.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  mail?.close();
  await server?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectLanded(visit: Visit): void {
  expect(visit.url).toBe(`http://127.0.0.1:${server.port}/w/${WORKSPACE}/pack`);
  expect(visit.text).toContain(QUOTE);
  expect(visit.statuses[0]).toBe(303);
  expect(visit.statuses.at(-1)).toBe(200);
  expect(visit.statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(1);
  expect(visit.errors.filter((e) => /content security policy/i.test(e))).toEqual([]);
}

describe('a reviewer opening the invite link in a browser', () => {
  it('Chromium: from another site, lands on the pack (one self-reload), with no token in the address', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      const page = await browser.newPage();
      const visit: Visit = { statuses: [], url: '', text: '', errors: [] };
      page.on('response', (r) => isPackUrl(r.url()) && visit.statuses.push(r.status()));
      page.on('console', (m) => m.type() === 'error' && visit.errors.push(m.text()));
      await page.goto(mailPageWith(await reviewerLink()));
      await page.click('#invite');
      // The pack's own script builds the page under the server's CSP header and the pack's meta policy.
      const quote = page.locator('[data-testid="pack-clip"] [data-testid="pack-quote"]', { hasText: QUOTE });
      await quote.first().waitFor({ state: 'visible', timeout: 20_000 });
      visit.url = page.url();
      visit.text = await page.content();
      expectLanded(visit);
      expect(visit.statuses).toEqual([303, 401, 200]);

      // A link opened from the pack's own site (typed, or a bookmark) needs no reload.
      const again = await browser.newPage();
      const direct: number[] = [];
      again.on('response', (r) => isPackUrl(r.url()) && direct.push(r.status()));
      await again.goto(await reviewerLink());
      expect(direct).toEqual([303, 200]);
      expect(await again.content()).toContain(QUOTE);
    } finally {
      await browser.close();
    }
  });

  it('Firefox: from another site, lands on the pack, with no token in the address', async () => {
    if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`);
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    try {
      const page = await browser.newPage();
      const visit: Visit = { statuses: [], url: '', text: '', errors: [] };
      page.on('response', (r) => isPackUrl(r.url()) && visit.statuses.push(r.status()));
      page.on('console', (m) => m.type() === 'error' && visit.errors.push(m.text()));
      await page.goto(mailPageWith(await reviewerLink()));
      await page.click('#invite');
      await page.waitForFunction(
        (quote: string) => [...document.querySelectorAll('[data-testid="pack-clip"] [data-testid="pack-quote"]')].some((q) => q.textContent?.includes(quote)),
        { timeout: 20_000 },
        QUOTE,
      );
      visit.url = page.url();
      visit.text = await page.content();
      expectLanded(visit);
    } finally {
      await browser.close();
    }
  });
});
