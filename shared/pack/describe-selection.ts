import { ASSESSMENT_LABELS, formatDate } from '../labels';
import type { PlanRow, RecommendationRow, TagRow } from '../workspace/rows';
import type { PackSelection } from './types';

/** The selection in plain words, one line per narrowing, for the pack's cover: a reader knows what is left out. */
export function describeSelection(
  selection: PackSelection,
  names: { plan: PlanRow | null; tags: readonly TagRow[]; recommendations: readonly RecommendationRow[] },
): string[] {
  const lines: string[] = [];
  if (selection.evidenceIds) lines.push(`Only the ${selection.evidenceIds.length} clips of the dashboard's filtered view`);
  if (selection.recommendationIds) {
    const refs = names.recommendations.filter((r) => selection.recommendationIds!.includes(r.id)).map((r) => r.reference || r.text);
    lines.push(`Recommendations: ${refs.join(', ') || 'none'}`);
  }
  const { dateFrom, dateTo } = selection;
  if (dateFrom && dateTo) lines.push(`Evidence dated ${formatDate(dateFrom)} to ${formatDate(dateTo)}`);
  else if (dateFrom) lines.push(`Evidence dated on or after ${formatDate(dateFrom)}`);
  else if (dateTo) lines.push(`Evidence dated on or before ${formatDate(dateTo)}`);
  if (selection.approvedOnly) lines.push('Approved evidence only');
  if (selection.tagIds) {
    const tagNames = names.tags.filter((t) => selection.tagIds!.includes(t.id)).map((t) => t.name);
    lines.push(`Tagged: ${tagNames.join(', ') || 'none'}`);
  }
  if (selection.assessments) lines.push(`Assessed as: ${selection.assessments.map((a) => ASSESSMENT_LABELS[a]).join(', ')}`);
  return lines.length ? lines : ['Everything'];
}
