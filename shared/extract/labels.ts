import type { BlockText } from './text';

export interface LabelledLines {
  lines: string[];
  /**
   * The block holding the value's last line (the label's own, or the one after it), so a reader can
   * look at what follows: in a PDF, a role printed on the line under a name is a block of its own.
   */
  valueIndex: number;
}

/**
 * The lines printed after a label, e.g. "Inspection dates: 23 September 2019 to 4 October 2019" or
 * "Lead inspector: Lorna Schlechte<br>Her Majesty's Inspector". The value may share the label's
 * block (after a colon) or stand beside it (next cell, <dd>, block or PDF line) when the label stands
 * alone. `label` is matched case-insensitively against the start of the block. Null when no such label.
 */
export function findLabelledLines(page: BlockText, label: RegExp): LabelledLines | null {
  const startsWithLabel = new RegExp(`^(?:${label.source})\\b`, 'i');
  const inline = new RegExp(`^(?:${label.source})\\s*:\\s*(.*)$`, 'i');
  const alone = new RegExp(`^(?:${label.source})\\s*:?$`, 'i');
  for (const [index, block] of page.blocks.entries()) {
    if (!startsWithLabel.test(block.text)) continue;
    const [first = '', ...rest] = block.lines;
    const match = inline.exec(first);
    if (match) {
      const lines = [match[1]!, ...rest].filter(Boolean);
      if (lines.length > 0) return { lines, valueIndex: index };
    }
    if (alone.test(first) && rest.length === 0) {
      const lines = page.linesBeside(index);
      if (lines.length > 0) return { lines, valueIndex: index + 1 };
    }
  }
  return null;
}

export function readLabelledLines(page: BlockText, label: RegExp): string[] | null {
  return findLabelledLines(page, label)?.lines ?? null;
}
