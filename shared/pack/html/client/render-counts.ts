import type { AssessmentCounts } from '../../../coverage/types';
import type { PackAction, PackModel } from '../../types';
import { el, textEl } from './dom';
import { ASSESSMENT_LABELS, ASSESSMENT_ORDER, formatDate, formatNumber, plural } from './format';

/**
 * Counts by assessment, impact first, as a list a test can read: each item carries
 * `data-assessment` and `data-count`.
 */
export function countsList(counts: AssessmentCounts, label: string): HTMLElement {
  const list = el('ul', { className: 'counts', testid: 'pack-counts', attrs: { 'aria-label': label } });
  for (const key of ASSESSMENT_ORDER) {
    const item = el('li', { className: `count count-${key}`, attrs: { 'data-assessment': key, 'data-count': String(counts[key]) } });
    item.append(textEl('span', ASSESSMENT_LABELS[key], 'count-label'), ' ', textEl('span', formatNumber(counts[key]), 'count-value'));
    list.appendChild(item);
  }
  return list;
}

/** Why an action is a gap, in words (never colour alone), or null when it is not one. */
export function gapText(action: PackAction, model: PackModel): string | null {
  if (action.flag === 'none') return 'Gap: no evidence for this action in this pack.';
  if (action.flag === 'stale') {
    return `Gap: only stale evidence. The latest is dated ${formatDate(action.latest)}, more than ${plural(model.staleAfterMonths, 'month')} before this pack (before ${formatDate(model.staleBefore)}).`;
  }
  return null;
}

/** A gap flag: a warning sign for the eye, the words for everyone. */
export function gapFlag(text: string, flag: string): HTMLElement {
  const p = el('p', { className: `gap gap-${flag}`, testid: 'pack-gap', attrs: { 'data-flag': flag } });
  p.append(el('span', { className: 'gap-icon', attrs: { 'aria-hidden': 'true' } }, '\u26a0'), ' ', text);
  return p;
}
