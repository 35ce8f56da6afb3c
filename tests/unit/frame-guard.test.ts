import { describe, expect, it } from 'vitest';
import { isFramedByAnotherSite } from '../../extension/viewer/frame-guard';

/** A window chain as the guard sees it: each entry's origin, top first; a cross-origin parent's location throws. */
function chain(origins: string[]): Window {
  const own = origins[origins.length - 1]!;
  let parent: Window | null = null;
  let top: Window | null = null;
  let current: Window | null = null;
  for (const origin of origins) {
    const win = {
      get location() {
        if (origin !== own) throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        return { origin };
      },
    } as unknown as Window & { parent: Window; top: Window };
    top ??= win;
    Object.assign(win, { parent: parent ?? win, top });
    parent = win;
    current = win;
  }
  return current!;
}

describe('the viewer runs only at the top or inside Evident\'s own pages', () => {
  it.each([
    ['opened in its own tab', ['chrome-extension://evident'], false],
    ['framed by one of Evident\'s pages', ['chrome-extension://evident', 'chrome-extension://evident'], false],
    ['framed by a web page', ['https://evil.example.gov.uk', 'chrome-extension://evident'], true],
    ['inside Evident\'s page inside a web page', ['https://evil.example.gov.uk', 'chrome-extension://evident', 'chrome-extension://evident'], true],
  ])('%s: refused %s', (_what, origins, refused) => {
    expect(isFramedByAnotherSite(chain(origins as string[]))).toBe(refused);
  });
});
