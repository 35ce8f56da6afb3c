/** Where a passage starts and ends on screen: the middles of its first and last characters. */
export interface PassageBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Runs in the page (Playwright's and Puppeteer's evaluate both serialise it): finds `wanted` in
 * `element`'s text, scrolls it into view, and returns where to press and release the mouse.
 */
export function passageBox(element: Element, wanted: string): PassageBox {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let all = '';
  const nodes: Array<{ node: Text; start: number }> = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n as Text, start: all.length });
    all += (n as Text).data;
  }
  const startAt = all.indexOf(wanted);
  if (startAt < 0) throw new Error(`text not found: ${wanted}`);
  const locate = (offset: number) => {
    const hit = [...nodes].reverse().find((x) => x.start <= offset)!;
    return { node: hit.node, offset: offset - hit.start };
  };
  const rectOf = (offset: number) => {
    const { node, offset: o } = locate(offset);
    const r = document.createRange();
    r.setStart(node, o);
    r.setEnd(node, o + 1);
    return r.getBoundingClientRect();
  };
  // The passage itself in view (a PDF page's text layer is taller than the window).
  (locate(startAt).node.parentElement ?? element).scrollIntoView({ block: 'center' });
  const first = rectOf(startAt);
  const last = rectOf(startAt + wanted.length - 1);
  return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 0.5, y2: last.top + last.height / 2 };
}

interface Mouse {
  move(x: number, y: number, options?: { steps?: number }): Promise<unknown>;
  down(): Promise<unknown>;
  up(): Promise<unknown>;
}

/** Presses before the passage and releases after it, moving through its middle, as a reader does. */
export async function dragAcross(mouse: Mouse, box: PassageBox): Promise<void> {
  await mouse.move(box.x1, box.y1);
  await mouse.down();
  await mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await mouse.move(box.x2, box.y2, { steps: 4 });
  await mouse.up();
}
