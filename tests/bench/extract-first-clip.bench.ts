/**
 * What reading a page's metadata (and its main text, for the snapshot) costs the first clip on it, in
 * Chromium with the built extension. The content script reads the page once, when the browser is idle
 * after load, so a reader who selects and clicks at a reader's pace never waits for it; a click at the
 * very instant the page loads does. Per page: how long the read took (the `evident-read-page` measure
 * the content script puts on the page's timeline), whether it finished before the click, and the first
 * clip's click → "Saved" against the second clip's on the same page (which reads nothing: the reference).
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchEvident } from '../e2e/lib/extension';
import { startFixtureServer } from '../e2e/lib/fixture-server';
import { longReport, pressClip } from './lib/clip-page';
import { median, printTable, type BenchRow } from './lib/report';

const PAGES = [
  { name: 'Ofsted report (text)', url: 'http://files.ofsted.gov.uk/v1/file/ofsted-ilacs-st-helens-2019-text.html' },
  { name: 'West Sussex select committee report', url: 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html' },
  { name: 'St Helens cabinet report', url: 'http://moderngov.sthelens.gov.uk/documents/s1/sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan.html' },
  { name: 'long report (320 paragraphs)', url: 'http://democracy.bench.gov.uk/long-report.html' },
];
const ROUNDS = 5;

/** Selects the `nth` paragraph long enough to be a passage, presses Clip with the mouse after `pointerMs`, times press → Saved. */
async function clipNthParagraph(page: Page, nth: number, pointerMs: number): Promise<{ ms: number; clickedAt: number; status: string }> {
  await page.evaluate((n) => {
    const paragraphs = [...document.querySelectorAll('p')].filter((p) => (p.textContent ?? '').trim().length > 80);
    const p = paragraphs[n % paragraphs.length]!;
    const range = document.createRange();
    range.selectNodeContents(p);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    p.scrollIntoView({ block: 'center' });
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, nth);
  const timing = await pressClip(page, pointerMs);
  // On the page's own timeline, as the `evident-read-page` measure is.
  return { ms: timing.ms, clickedAt: timing.clickedAtPage, status: timing.status };
}

const readMeasure = (page: Page) =>
  page.evaluate(() => {
    const entry = performance.getEntriesByName('evident-read-page')[0];
    return entry ? { start: entry.startTime, end: entry.startTime + entry.duration, duration: entry.duration } : null;
  });

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await startFixtureServer();
  server.route('/long-report.html', longReport(), 'text/html; charset=utf-8');
  const evident = await launchEvident({ fixturePort: server.port });
  try {
    for (const { name, url } of PAGES) {
      for (const [mode, waitMs, pointerMs] of [['reader\'s pace (1 s on the page, 300 ms to the button)', 1000, 300], ['click at once on load', 0, 0]] as const) {
        const reads: number[] = [];
        const firsts: number[] = [];
        const seconds: number[] = [];
        let readBeforeClick = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const page = await evident.context.newPage();
          await page.goto(`${url}${url.includes('?') ? '&' : '?'}round=${round}${mode.startsWith('click') ? 'c' : 'r'}`);
          if (waitMs) await page.waitForTimeout(waitMs);
          const first = await clipNthParagraph(page, 2 * round, pointerMs);
          if (!first.status.startsWith('clip-saved')) throw new Error(`${name}: first clip ${first.status}`);
          const read = await readMeasure(page);
          if (!read) throw new Error(`${name}: the content script did not read the page`);
          if (read.end <= first.clickedAt) readBeforeClick++;
          const second = await clipNthParagraph(page, 2 * round + 1, pointerMs);
          reads.push(read.duration);
          firsts.push(first.ms);
          seconds.push(second.ms);
          await page.close();
        }
        const firstMs = median(firsts);
        const reference = { name: 'second clip on the same page (reads nothing)', value: median(seconds) };
        rows.push(
          { benchmark: 'extraction in the browser', case: `${name}, ${mode}`, metric: 'reading the page (metadata + main text) median', value: median(reads), unit: 'ms' },
          { benchmark: 'extraction in the browser', case: `${name}, ${mode}`, metric: 'read finished before the click', value: (100 * readBeforeClick) / ROUNDS, unit: '%' },
          { benchmark: 'extraction in the browser', case: `${name}, ${mode}`, metric: 'first clip, click → Saved median', value: firstMs, unit: 'ms', reference, ratio: firstMs / reference.value },
        );
      }
    }
  } finally {
    await evident.close();
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
