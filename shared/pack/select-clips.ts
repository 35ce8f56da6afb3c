import { evidenceDateOf } from '../coverage/evidence-date';
import type { AssessmentKey } from '../coverage/types';
import type { EvidenceRow, PlanRow } from '../workspace/rows';
import type { PackSelection } from './types';

/** The plan a pack reports on: the one asked for, else the newest active plan, else the newest plan. */
export function choosePlan(plans: readonly PlanRow[], planId: string | null): PlanRow | null {
  if (planId) return plans.find((p) => p.id === planId) ?? null;
  const newestFirst = [...plans].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  return newestFirst.find((p) => p.status === 'active') ?? newestFirst[0] ?? null;
}

/**
 * Whether a clip itself is in the selection (not yet which of its links): live, in the current view
 * when one is given, approved when asked, carrying a chosen tag, dated within the range.
 */
export function clipFilterOf(selection: PackSelection): (row: EvidenceRow) => boolean {
  const ids = selection.evidenceIds ? new Set(selection.evidenceIds) : null;
  const tags = selection.tagIds ? new Set(selection.tagIds) : null;
  const { dateFrom, dateTo, approvedOnly } = selection;
  return (row) => {
    if (row.deleted) return false;
    if (ids && !ids.has(row.id)) return false;
    if (approvedOnly && row.status !== 'approved') return false;
    if (tags && !row.tagIds.some((t) => tags.has(t))) return false;
    if (dateFrom || dateTo) {
      const date = evidenceDateOf(row);
      if ((dateFrom && date < dateFrom) || (dateTo && date > dateTo)) return false;
    }
    return true;
  };
}

/** The clip with only the links whose assessment is chosen (all of them when none is). */
export function withChosenLinks(row: EvidenceRow, assessments: readonly AssessmentKey[] | null): EvidenceRow {
  if (!assessments) return row;
  const chosen = new Set<AssessmentKey>(assessments);
  const links = row.links.filter((l) => chosen.has(l.assessment ?? 'unassessed'));
  return links.length === row.links.length ? row : { ...row, links, actionIds: links.map((l) => l.actionId) };
}
