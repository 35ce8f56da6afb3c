import type { Frame, Page } from 'playwright-core';

/**
 * The page's frame (the page itself included) that holds `selector`, found as a black-box test must:
 * the contract lets the in-page toolbar draw its suggestions inside a frame of an extension page, out
 * of the page scripts' reach, so the test looks in the page and in each of its frames. Playwright
 * reaches into cross-origin frames and open shadow roots; a page script can do neither.
 */
export async function frameWith(page: Page, selector: string, timeoutMs = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`neither ${page.url()} nor any of its frames holds ${selector}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
