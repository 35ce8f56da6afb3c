import { computeCoverage } from '../coverage/compute-coverage';
import { evidenceDateOf } from '../coverage/evidence-date';
import type { ActionCoverage, RecommendationCoverage } from '../coverage/types';
import { ASSESSMENT_ORDER } from '../labels';
import { dueWordsOf } from '../plan-io/due-text';
import type { ActionRow, EvidenceRow, RecommendationRow, SourceRow } from '../workspace/rows';
import { resolveSnapshotSpan } from '../workspace/snapshots';
import { citationOf } from './citation';
import { packSourceOf } from './pack-sources';
import type { PackWorkspace } from './pack-workspace';
import { choosePlan, clipFilterOf, withChosenLinks } from './select-clips';
import { describeSelection } from './describe-selection';
import type { PackAction, PackClip, PackLink, PackModel, PackOptions, PackRecommendation, PackSelection } from './types';

const ASSESSMENT_RANK = new Map<string, number>(ASSESSMENT_ORDER.map((a, i) => [a, i]));

/**
 * The content of an evidence pack: the plan's recommendations and actions with coverage computed as
 * the dashboard's Coverage view does (same counting rules, same staleness), the clips behind each
 * action, their sources with the snapshot kept at first clip, and the tags they carry. Every format
 * renders this one model, so an HTML pack, a Word file and a CSV of one selection agree.
 */
export async function buildPackModel(workspace: PackWorkspace, selection: PackSelection, options: PackOptions): Promise<PackModel> {
  const { projection } = workspace;
  const plan = choosePlan(projection.plans, selection.planId);
  const keepClip = clipFilterOf(selection);
  const chosenRecommendations = selection.recommendationIds ? new Set(selection.recommendationIds) : null;
  const evidence = projection.evidence.map((row) => withChosenLinks(row, selection.assessments));
  const coverage = computeCoverage(
    {
      recommendations: projection.recommendations.filter((r) => !chosenRecommendations || chosenRecommendations.has(r.id)),
      actions: projection.actions,
      evidence,
    },
    { planId: plan?.id ?? '', now: options.generatedAt, staleAfterMonths: options.staleAfterMonths, evidenceFilter: keepClip },
  );

  const rowsById = new Map(evidence.map((row) => [row.id, row]));
  const actionsById = new Map(projection.actions.map((a) => [a.id, a]));
  const shownActionIds = new Set(coverage.recommendations.flatMap((r) => r.actions.map((a) => a.id)));
  const linkedClipIds = new Set(coverage.recommendations.flatMap((r) => r.actions.flatMap((a) => a.evidenceIds)));
  // Clips linked to nothing shown are listed after the plan, unless the selection asks for parts of the plan.
  const narrowsPlan = chosenRecommendations !== null || selection.assessments !== null;
  const unlinkedClipIds = narrowsPlan
    ? []
    : evidence.filter((row) => keepClip(row) && !linkedClipIds.has(row.id)).map((row) => row.id);

  const clipRows = [...linkedClipIds, ...unlinkedClipIds].map((id) => rowsById.get(id)!);
  const sourcesById = new Map(projection.sources.map((s) => [s.id, s]));
  const clips = clipRows.map((row) => packClipOf(row, sourcesById.get(row.sourceId) ?? null, workspace, shownActionIds));
  clips.sort((a, b) => b.evidenceDate.localeCompare(a.evidenceDate) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  const datesById = new Map(clips.map((c) => [c.id, c.evidenceDate]));

  const recommendationRows = new Map(projection.recommendations.map((r) => [r.id, r]));
  const recommendations = coverage.recommendations.map((r) =>
    packRecommendationOf(r, recommendationRows.get(r.id)!, actionsById, (actionId, clipIds) => linksOf(actionId, clipIds, rowsById, datesById)),
  );
  const usedSourceIds = [...new Set(clips.map((c) => c.sourceId))].filter((id) => sourcesById.has(id));
  const sources = await Promise.all(usedSourceIds.map((id) => packSourceOf(sourcesById.get(id)!, workspace.snapshots.get(id))));
  sources.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  const usedTagIds = new Set(clips.flatMap((c) => c.tagIds));
  const tags = projection.tags
    .filter((t) => !t.deleted && usedTagIds.has(t.id))
    .map((t) => ({ id: t.id, name: t.name, colour: t.colour }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const liveTagIds = new Set(tags.map((t) => t.id));
  for (const clip of clips) clip.tagIds = clip.tagIds.filter((id) => liveTagIds.has(id));

  const t = coverage.totals;
  return {
    format: 'evident-pack',
    version: 1,
    workspaceId: workspace.workspaceId,
    title: plan ? `Evidence pack: ${plan.name}` : 'Evidence pack',
    generatedAt: options.generatedAt,
    generatedBy: options.generatedBy,
    selectionSummary: describeSelection(selection, { plan, tags: projection.tags, recommendations: projection.recommendations }),
    staleAfterMonths: options.staleAfterMonths,
    staleBefore: t.staleBefore,
    plan: plan ? { id: plan.id, name: plan.name } : null,
    totals: {
      clips: clips.length,
      links: recommendations.reduce((n, r) => n + r.actions.reduce((m, a) => m + a.links.length, 0), 0),
      sources: sources.length,
      recommendations: t.recommendationCount,
      actions: t.actionCount,
      actionsWithoutEvidence: t.actionsWithoutEvidence,
      actionsWithOnlyStaleEvidence: t.actionsWithOnlyStaleEvidence,
      counts: t.counts,
      timeline: planTimeline(coverage.recommendations, [...linkedClipIds].map((id) => datesById.get(id)!)),
    },
    recommendations,
    unlinkedClipIds,
    clips,
    sources,
    tags,
  };
}

function packClipOf(row: EvidenceRow, source: SourceRow | null, workspace: PackWorkspace, shownActionIds: Set<string>): PackClip {
  const snapshot = workspace.snapshots.get(row.sourceId);
  return {
    id: row.id,
    sourceId: row.sourceId,
    quote: row.quote,
    paragraph: row.paragraph,
    page: row.page,
    contextBefore: row.contextBefore,
    contextAfter: row.contextAfter,
    note: row.note,
    status: row.status,
    statusChangedAt: row.statusChangedAt,
    statusChangedBy: row.statusChangedBy?.name ?? null,
    createdAt: row.createdAt,
    createdBy: row.createdBy.name,
    evidenceDate: evidenceDateOf(row),
    tagIds: [...row.tagIds],
    actionIds: row.links.map((l) => l.actionId).filter((id) => shownActionIds.has(id)),
    snapshotSpan: snapshot ? resolveSnapshotSpan(snapshot, row.anchor, row.snapshotSpan) : null,
    citation: citationOf(row, source),
  };
}

function packRecommendationOf(
  r: RecommendationCoverage,
  row: RecommendationRow,
  actionsById: Map<string, ActionRow>,
  links: (actionId: string, clipIds: string[]) => PackLink[],
): PackRecommendation {
  return {
    id: r.id,
    reference: r.reference,
    text: r.text,
    ofstedParagraph: row.ofstedParagraph,
    counts: r.counts,
    evidenceCount: r.evidenceCount,
    latest: r.latest,
    timeline: r.timeline,
    actions: r.actions.map((a) => packActionOf(a, actionsById.get(a.id)!, links(a.id, a.evidenceIds))),
  };
}

function packActionOf(a: ActionCoverage, row: ActionRow, links: PackLink[]): PackAction {
  return {
    id: a.id,
    reference: row.reference,
    title: row.title,
    description: row.description,
    lead: row.lead,
    dueDate: row.dueDate,
    dueWords: dueWordsOf(row),
    deliveryRag: row.deliveryRag,
    impactRag: row.impactRag,
    status: row.status,
    progress: row.progress,
    successMeasures: row.successMeasures,
    counts: a.counts,
    evidenceCount: a.evidenceCount,
    latest: a.latest,
    flag: a.flag,
    links,
  };
}

/** An action's links in the order a board reads them: impact first, newest evidence first within each. */
function linksOf(actionId: string, clipIds: string[], rows: Map<string, EvidenceRow>, dates: Map<string, string>): PackLink[] {
  const links = clipIds.map((clipId) => {
    const link = rows.get(clipId)!.links.find((l) => l.actionId === actionId)!;
    return { clipId, assessment: link.assessment, linkedAt: link.linkedAt, linkedBy: link.linkedBy.name };
  });
  const rank = (l: PackLink) => ASSESSMENT_RANK.get(l.assessment ?? 'unassessed')!;
  return links.sort((a, b) => rank(a) - rank(b) || dates.get(b.clipId)!.localeCompare(dates.get(a.clipId)!) || a.clipId.localeCompare(b.clipId));
}

/**
 * Distinct linked clips per month over the whole plan, on the span the recommendations' timelines
 * share (summing theirs would count a clip once per recommendation it evidences).
 */
function planTimeline(recommendations: RecommendationCoverage[], linkedClipDates: string[]) {
  const months = new Map<string, number>((recommendations[0]?.timeline ?? []).map((m) => [m.month, 0]));
  for (const date of linkedClipDates) {
    const month = date.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
  }
  return [...months].map(([month, count]) => ({ month, count }));
}
