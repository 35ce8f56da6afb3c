import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlightCount, launchEvident, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';

/**
 * A reader who clips passage after passage selects the next one the moment "Saved" shows. The
 * saved clip's suggestions arrive a few milliseconds later: they must not open over the next
 * passage's Clip button (they did, squeezing the toolbar into a narrow column with the previous
 * clip's suggestions and a button that no longer took the press).
 */
const PAGE_URL = 'http://democracy.example.gov.uk/cabinet/progress-report.html';
const PARAGRAPHS = Array.from({ length: 8 }, (_, i) => `<p id="p${i}">${i + 1}. The improvement board reviewed progress on action ${i + 1} and asked for monthly audit figures before its next meeting.</p>`);

let server: FixtureServer;
let evident: EvidentBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/cabinet/progress-report.html', `<!doctype html><html lang="en-GB"><head><title>Progress report - Cabinet, 1 April 2021</title></head><body><main><h1>Children's services improvement: progress report</h1>${PARAGRAPHS.join('')}</main></body></html>`);
  evident = await launchEvident({ fixturePort: server.port });
});

afterAll(async () => {
  await evident?.close();
  await server?.close();
});

/**
 * Put in the page before it loads: selects paragraph `i` and lets the page's mouseup show the
 * toolbar, as the end of a drag does. In the page, so the test can select the moment "Saved" shows.
 */
const SELECT_PARAGRAPH = `window.selectParagraph = (i) => {
  const text = document.getElementById('p' + i).firstChild;
  const range = document.createRange();
  range.setStart(text, 3);
  range.setEnd(text, text.data.length);
  document.getSelection().removeAllRanges();
  document.getSelection().addRange(range);
  document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
};`;
type WithSelect = { selectParagraph(i: number): void };

describe('the next passage selected the moment "Saved" shows', () => {
  it('gets its own Clip button, at once and pressable, with no earlier suggestions over it', async () => {
    const page = await evident.context.newPage();
    await page.addInitScript(SELECT_PARAGRAPH);
    await page.goto(PAGE_URL);
    const shadow = page.locator('evident-clipper');
    await page.evaluate(() => (window as unknown as WithSelect).selectParagraph(0));
    for (let i = 0; i < PARAGRAPHS.length - 1; i++) {
      const button = shadow.locator('[data-testid="clip-button"]');
      await button.waitFor({ state: 'visible', timeout: 5000 });
      await button.click(); // the real mouse: a trusted press
      // In the page, with no round trip to the test: select the next passage as "Saved" appears.
      await page.evaluate(
        (next) =>
          new Promise<void>((resolve) => {
            const status = document.querySelector('evident-clipper')!.shadowRoot!.querySelector('[role="status"]') as HTMLElement;
            const selectNext = () => {
              if (status.dataset.testid !== 'clip-saved') return false;
              (window as unknown as WithSelect).selectParagraph(next);
              resolve();
              return true;
            };
            if (!selectNext()) new MutationObserver((_, observer) => selectNext() && observer.disconnect()).observe(status, { attributes: true, childList: true, subtree: true });
          }),
        i + 1,
      );
    }
    // The last passage's button is shown and the saved clips' suggestions, which came after, are not.
    await shadow.locator('[data-testid="clip-button"]').waitFor({ state: 'visible', timeout: 5000 });
    await page.waitForTimeout(1000);
    expect(await shadow.locator('[data-testid="clip-button"]').isVisible()).toBe(true);
    expect(await shadow.locator('[data-testid="toolbar-frame"]').count()).toBe(0);
    await expect.poll(() => highlightCount(page)).toBe(PARAGRAPHS.length - 1);
    await page.close();
  });
});
