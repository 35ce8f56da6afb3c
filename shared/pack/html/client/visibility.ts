import type { FilterState } from './filter-state';
import { isFiltering } from './filter-state';
import { formatNumber, plural } from './format';
import type { ClipEntry, GroupView, PlanView } from './view';

export interface ShownCounts {
  /** Distinct clips shown anywhere. */
  clips: number;
  /** Clip elements shown (a clip under two actions counts twice). */
  entries: number;
  actions: number;
  totalActions: number;
}

/**
 * Shows the clips that pass and hides the rest (the `hidden` attribute: display none), with the
 * actions and recommendations left empty, and rewrites the "showing n of m" lines. Only elements
 * whose state changes are touched, so a keystroke costs what it changes.
 */
export function applyVisibility(view: PlanView, filter: FilterState, pass: Uint8Array): ShownCounts {
  const filtering = isFiltering(filter);
  const seen = new Uint8Array(pass.length);
  const counts: ShownCounts = { clips: 0, entries: 0, actions: 0, totalActions: 0 };
  const want = (entry: ClipEntry, linked: boolean) =>
    !filtering || (pass[entry.clip] === 1 && (filter.assessment === null || (linked && entry.assessment === filter.assessment)));
  const showEntry = (entry: ClipEntry, linked: boolean) => {
    const shown = want(entry, linked);
    if (shown !== entry.shown) {
      entry.el.hidden = !shown;
      entry.shown = shown;
    }
    if (!shown) return 0;
    counts.entries++;
    if (!seen[entry.clip]) {
      seen[entry.clip] = 1;
      counts.clips++;
    }
    return 1;
  };

  for (const rec of view.recommendations) {
    let recShown = 0;
    for (const action of rec.actions) {
      counts.totalActions++;
      let actionShown = 0;
      for (const group of action.groups) {
        let groupShown = 0;
        for (const entry of group.entries) groupShown += showEntry(entry, true);
        setHidden(group.el, filtering && groupShown === 0);
        setGroupNote(group, filtering && groupShown !== group.entries.length ? `, ${formatNumber(groupShown)} shown` : '');
        actionShown += groupShown;
      }
      setHidden(action.el, filtering && actionShown === 0);
      setStatus(action.status, filtering ? `Showing ${formatNumber(actionShown)} of ${plural(action.total, 'clip')} for this action.` : null);
      if (actionShown > 0) counts.actions++;
      recShown += actionShown > 0 ? 1 : 0;
    }
    setHidden(rec.el, filtering && recShown === 0);
    if (rec.tocItem) setHidden(rec.tocItem, filtering && recShown === 0);
    setStatus(rec.status, filtering ? `Showing clips under ${formatNumber(recShown)} of ${plural(rec.actions.length, 'action')}.` : null);
  }
  if (view.unlinked) {
    let shown = 0;
    for (const entry of view.unlinked.entries) shown += showEntry(entry, false);
    setHidden(view.unlinked.el, filtering && shown === 0);
    setStatus(view.unlinked.status, filtering ? `Showing ${formatNumber(shown)} of ${plural(view.unlinked.entries.length, 'clip')}.` : null);
  }
  return counts;
}

function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

function setStatus(node: HTMLElement, text: string | null): void {
  setHidden(node, text === null);
  if (text !== null && node.textContent !== text) node.textContent = text;
}

function setGroupNote(group: GroupView, text: string): void {
  const note = group.heading.lastElementChild as HTMLElement | null;
  if (note && note.textContent !== text) note.textContent = text;
}
