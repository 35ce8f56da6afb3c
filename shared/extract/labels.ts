import { linesOf, type PageText } from './text';

/**
 * The lines printed after a label, e.g. "Inspection dates: 23 September 2019 to 4 October 2019" or
 * "Lead inspector: Lorna Schlechte<br>Her Majesty's Inspector". The value may share the label's
 * block (after a colon) or sit in the next cell, <dd> or block when the label stands alone.
 * `label` is matched case-insensitively against the start of the block. Null when no such label.
 */
export function readLabelledLines(page: PageText, label: RegExp): string[] | null {
  const startsWithLabel = new RegExp(`^(?:${label.source})\\b`, 'i');
  const inline = new RegExp(`^(?:${label.source})\\s*:\\s*(.*)$`, 'i');
  const alone = new RegExp(`^(?:${label.source})\\s*:?$`, 'i');
  for (const block of page.blocks) {
    if (!startsWithLabel.test(block.text)) continue;
    const [first = '', ...rest] = linesOf(block.el);
    const match = inline.exec(first);
    if (match) {
      const lines = [match[1]!, ...rest].filter(Boolean);
      if (lines.length > 0) return lines;
    }
    if (alone.test(first) && rest.length === 0 && block.el.nextElementSibling) {
      const lines = linesOf(block.el.nextElementSibling);
      if (lines.length > 0) return lines;
    }
  }
  return null;
}
