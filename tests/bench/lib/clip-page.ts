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
 * pointer to the button), clicks "Clip", and times from the click until "Saved".
 */
export function clipParagraph(page: Page, index: number, pointerMs: number): Promise<{ ms: number; status: string; clickedAt: number }> {
  return page.evaluate(async ([i, pointer]) => {
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
    // (No named inner functions here: tsx would wrap them in a helper the page does not have.)
    let root: ShadowRoot | null | undefined = null;
    let button: HTMLButtonElement | null | undefined = null;
    for (let n = 0; n < 500; n++) {
      root = document.querySelector('evident-clipper')?.shadowRoot;
      button = root?.querySelector<HTMLButtonElement>('[data-testid="clip-button"]');
      if (root && button && !button.hidden && !(button.parentElement as HTMLElement).hidden) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    if (!root || !button) throw new Error('clip button did not appear');
    await new Promise((r) => setTimeout(r, pointer));
    const status = root.querySelector('[role="status"]') as HTMLElement;
    return new Promise<{ ms: number; status: string; clickedAt: number }>((resolve) => {
      const started = performance.now();
      // Absolute time, comparable across pages and browsers on this machine.
      const clickedAt = performance.timeOrigin + started;
      const observer = new MutationObserver(() => {
        const id = status.dataset.testid;
        if (id === 'clip-saved' || id === 'clip-duplicate' || id === 'clip-error') {
          observer.disconnect();
          resolve({ ms: performance.now() - started, status: `${id}: ${status.textContent}`, clickedAt });
        }
      });
      observer.observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
      button!.click();
    });
  }, [index, pointerMs] as const);
}

