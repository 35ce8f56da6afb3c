/**
 * Clip to teammate: time from clicking "Clip" in browser A to the clip appearing in
 * browser B's open dashboard, both joined to one workspace on the sync server (its own process, on
 * SQLite) over loopback. Includes A's capture, the upload, the server's durable append and fan-out,
 * B's projection into IndexedDB and the dashboard's render. `npx tsx tests/bench/sync-latency.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchEvident, type EvidentBrowser } from '../e2e/lib/extension';
import { startFixtureServer } from '../e2e/lib/fixture-server';
import { startServerProcess } from '../integration/helpers/server-process';
import { clipParagraph, longReport } from './lib/clip-page';
import { median, percentile, printTable, type BenchRow } from './lib/report';

const CLIPS = 60;
const PAGE_PATH = '/bench/long-report.html';
const PAGE_URL = `http://democracy.bench.gov.uk${PAGE_PATH}`;

async function join(browser: EvidentBrowser, serverUrl: string, token: string): Promise<void> {
  const options = await browser.extensionPage('/options.html');
  await options.locator('[data-testid="server-url"]').fill(serverUrl);
  await options.locator('[data-testid="invite-token"]').fill(token);
  await options.locator('[data-testid="connect"]').click();
  await options.locator('[data-testid="sync-status"]', { hasText: /^synced$/ }).first().waitFor({ timeout: 20_000 });
  await options.close();
}

/** Records, in B's dashboard, when each evidence item first appears (absolute ms). */
async function watchArrivals(dashboard: Page): Promise<void> {
  await dashboard.evaluate(`(() => {
    window.__arrivals = {};
    const seen = (el) => {
      const quote = el.querySelector('[data-testid="evidence-quote"]');
      if (quote && !(quote.textContent in window.__arrivals)) window.__arrivals[quote.textContent] = performance.timeOrigin + performance.now();
    };
    document.querySelectorAll('[data-testid="evidence-item"]').forEach(seen);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('[data-testid="evidence-item"]')) seen(n);
        n.querySelectorAll?.('[data-testid="evidence-item"]').forEach(seen);
      }
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
}

async function arrivalOf(dashboard: Page, quoteStart: string, timeoutMs = 10_000): Promise<number> {
  const handle = await dashboard.waitForFunction(
    (start) => {
      const arrivals = (window as unknown as { __arrivals: Record<string, number> }).__arrivals;
      const key = Object.keys(arrivals).find((k) => k.startsWith(start));
      return key ? arrivals[key] : null;
    },
    quoteStart,
    { timeout: timeoutMs, polling: 5 },
  );
  return (await handle.jsonValue()) as number;
}

export async function run(): Promise<BenchRow[]> {
  const server = await startServerProcess();
  const fixtures = await startFixtureServer();
  fixtures.route(PAGE_PATH, longReport());
  const a = await launchEvident({ fixturePort: fixtures.port });
  const b = await launchEvident({ fixturePort: fixtures.port });
  try {
    const [ta, tb] = await Promise.all([server.mint('bench-team', 'editor'), server.mint('bench-team', 'editor')]);
    await join(a, server.url, ta.token);
    await join(b, server.url, tb.token);
    const dashboard = await b.extensionPage('/dashboard.html');
    await watchArrivals(dashboard);
    const page = await a.context.newPage();
    await page.goto(PAGE_URL);
    const latencies: number[] = [];
    for (let i = 0; i < CLIPS; i++) {
      const { clickedAt, status } = await clipParagraph(page, i, 300);
      if (!status.startsWith('clip-saved')) throw new Error(`clip ${i} not saved: ${status}`);
      const text = await page.locator(`#p${i}`).evaluate((p) => p.textContent!.slice(p.textContent!.indexOf(' ') + 1, p.textContent!.indexOf(' ') + 41));
      latencies.push((await arrivalOf(dashboard, text)) - clickedAt);
    }
    const label = `${CLIPS} clips, A's click to B's dashboard, loopback, server on SQLite`;
    return [
      { benchmark: 'sync', case: label, metric: 'median ms', value: median(latencies), unit: 'ms', target: '<= 150', pass: median(latencies) <= 150 },
      { benchmark: 'sync', case: label, metric: 'p95 ms', value: percentile(latencies, 95), unit: 'ms', target: '<= 400', pass: percentile(latencies, 95) <= 400 },
    ];
  } finally {
    await a.close();
    await b.close();
    await fixtures.close();
    await server.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
