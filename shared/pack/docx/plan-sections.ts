import { HeadingLevel, Paragraph } from 'docx';
import type { AssessmentCounts } from '../../coverage/types';
import { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, actionLabel, formatDate, ragPhrase } from '../../labels';
import { dueTextOf } from '../../plan-io/due-text';
import type { PackAction, PackClip, PackModel, PackRecommendation } from '../types';
import { clipParagraphs, type ClipContext } from './clips';
import { FLAG_LABELS } from './summary-table';
import { labelledParagraph, textParagraph } from './text';

/** Recommendation → action → clips: a Heading 1 per recommendation, a Heading 2 per action. */
export function planParagraphs(model: PackModel, clips: Map<string, PackClip>, ctx: ClipContext): Paragraph[] {
  return model.recommendations.flatMap((r) => [...recommendationParagraphs(r), ...r.actions.flatMap((a) => actionParagraphs(a, model, clips, ctx))]);
}

function recommendationParagraphs(r: PackRecommendation): Paragraph[] {
  return [
    textParagraph(r.reference ? `Recommendation ${r.reference}: ${r.text}` : r.text, { heading: HeadingLevel.HEADING_1 }),
    ...labelledParagraph('Ofsted paragraph', r.ofstedParagraph ?? ''),
    textParagraph(`${evidenceSummary(r.evidenceCount, r.counts)}${r.latest ? ` Latest dated ${formatDate(r.latest)}.` : ''}`),
  ];
}

function actionParagraphs(a: PackAction, model: PackModel, clips: Map<string, PackClip>, ctx: ClipContext): Paragraph[] {
  const rag = (value: PackAction['deliveryRag']) => (value ? ragPhrase(value) : 'not rated');
  const out = [
    textParagraph(actionLabel(a), { heading: HeadingLevel.HEADING_2 }),
    ...labelledParagraph('Lead', a.lead),
    ...labelledParagraph('By when', dueTextOf(a, formatDate)),
    ...labelledParagraph('RAG', `delivery ${rag(a.deliveryRag)}, impact ${rag(a.impactRag)}`),
    ...labelledParagraph('Status', ACTION_STATUS_LABELS[a.status] ?? a.status),
    ...labelledParagraph('Description', a.description),
    ...labelledParagraph('How success is measured', a.successMeasures),
    ...labelledParagraph('Progress', a.progress),
    textParagraph(`${evidenceSummary(a.evidenceCount, a.counts)}${a.latest ? ` Latest dated ${formatDate(a.latest)}.` : ''}`),
  ];
  if (a.flag === 'none') out.push(...labelledParagraph('Flag', `${FLAG_LABELS.none}: no clip in this pack is linked to this action.`));
  if (a.flag === 'stale') out.push(...labelledParagraph('Flag', `${FLAG_LABELS.stale}: every clip is dated before ${formatDate(model.staleBefore)}.`));
  for (const link of a.links) {
    const clip = clips.get(link.clipId);
    if (clip) out.push(...clipParagraphs(clip, link, ctx));
  }
  return out;
}

function evidenceSummary(count: number, counts: AssessmentCounts): string {
  if (!count) return 'No evidence in this pack.';
  const parts = ASSESSMENT_ORDER.filter((a) => counts[a]).map((a) => `${ASSESSMENT_LABELS[a].toLowerCase()} ${counts[a]}`);
  return `Evidence: ${count} ${count === 1 ? 'clip' : 'clips'} (${parts.join(', ')}).`;
}
