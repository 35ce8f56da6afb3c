import type { Page } from 'playwright-core';
import { loadFixtureDocuments } from './corpus';

/** A long council-style report: numbered paragraphs of fixture sentences, one clip per paragraph. */
export function longReport(): string {
  const sentences = loadFixtureDocuments()
    .flatMap((d) => d.text.split(/(?<=[.!?])\s+/))
    .filter((s) => s.length > 60 && s.length < 400);
  const unique = [...new Set(sentences)];
  const paragraphs = unique.slice(0, 320).map((s, i) => `<p id="p${i}">${Math.floor(i / 20) + 1}.${(i % 20) + 1} ${escape(s)}</p>`);
  return `<!doctype html><html lang="en-GB"><head><title>Bench report - Cabinet, 1 April 2021</title></head><body>
<div role="banner"><p>Bench County Council</p></div><main><h1>Children's services improvement: progress report</h1>
${paragraphs.join('\n')}</main></body></html>`;
}
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Selects paragraph `index` as a reader would (selection + mouseup), waits `pointerMs` (moving the
 * pointer to the button), presses "Clip" with the real mouse (a page's own script cannot press it: it
 * needs a trusted gesture), and times from the press until "Saved".
 */
export async function clipParagraph(page: Page, index: number, pointerMs: number): Promise<ClipTiming> {
  await page.evaluate((i) => {
    const p = document.getElementById(`p${i}`)!;
    const text = p.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf(' ') + 1);
    range.setEnd(text, text.data.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    p.scrollIntoView({ block: 'center' });
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, index);
  return pressClip(page, pointerMs);
}

export interface ClipTiming {
  ms: number;
  status: string;
  /** When the press happened: absolute (`performance.timeOrigin` + the event's time), comparable across pages. */
  clickedAt: number;
  /** The same moment on the page's own timeline (`performance.now()`). */
  clickedAtPage: number;
}

/**
 * Once text is selected: waits for the clip button, moves the real mouse to it over `pointerMs` and
 * presses it (a page's own script cannot: Clip needs a trusted gesture), and times from the press
 * until the toolbar says what happened.
 */
export async function pressClip(page: Page, pointerMs: number): Promise<ClipTiming> {
  const button = await page.evaluate(async () => {
    // (No named inner functions here: tsx would wrap them in a helper the page does not have.)
    let root: ShadowRoot | null | undefined = null;
    let found: HTMLButtonElement | null | undefined = null;
    for (let n = 0; n < 500; n++) {
      root = document.querySelector('evident-clipper')?.shadowRoot;
      found = root?.querySelector<HTMLButtonElement>('[data-testid="clip-button"]');
      if (root && found && !found.hidden && !(found.parentElement as HTMLElement).hidden) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    if (!root || !found) throw new Error('clip button did not appear');
    const status = root.querySelector('[role="status"]') as HTMLElement;
    const box = found.getBoundingClientRect();
    // Times from the reader's press (a trusted pointerdown on the button) until the status says what happened.
    (window as unknown as { __evidentClip: Promise<unknown> }).__evidentClip = new Promise((resolve) => {
      let pressedAt = 0;
      addEventListener('pointerdown', (e) => { if (e.isTrusted) pressedAt = e.timeStamp; }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const id = status.dataset.testid;
        if (pressedAt && (id === 'clip-saved' || id === 'clip-duplicate' || id === 'clip-error')) {
          observer.disconnect();
          resolve({ ms: performance.now() - pressedAt, status: `${id}: ${status.textContent}`, clickedAt: performance.timeOrigin + pressedAt, clickedAtPage: pressedAt });
        }
      });
      observer.observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
    });
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  await page.mouse.move(button.x - 120, button.y - 40);
  await page.mouse.move(button.x, button.y, { steps: 5 });
  if (pointerMs) await new Promise((r) => setTimeout(r, pointerMs));
  await page.mouse.click(button.x, button.y);
  return page.evaluate(() => (window as unknown as { __evidentClip: Promise<ClipTiming> }).__evidentClip);
}
