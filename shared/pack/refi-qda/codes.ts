import { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, EVIDENCE_STATUS_LABELS, actionLabel, formatDate, ragPhrase } from '../../labels';
import { dueTextOf } from '../../plan-io/due-text';
import type { Assessment, EvidenceStatus } from '../../schema/evidence';
import { EVIDENCE_STATUSES } from '../../schema/evidence';
import type { PackAction, PackModel, PackRecommendation } from '../types';
import { guidCache, guidFor } from './guid';
import type { XmlWriter } from './xml-writer';

/**
 * The codebook both REFI-QDA files carry, as a tree of codes:
 * - "Assessment": Impact, Delivery, Concern, Context (impact first, as boards read them);
 * - "Status": Draft, Verified, Approved. Statuses are codes, not Sets: a status belongs to a clip,
 *   which a project holds as a text selection, and a REFI Set can only hold codes, sources and notes
 *   (Project.xsd SetType: MemberCode, MemberSource, MemberNote), so a set cannot say "these clips are
 *   approved"; as codes they travel in the .qdc and the .qdpx alike, and QDA tools count and filter
 *   them like any other code;
 * - "Tags": the tag taxonomy (left out when the pack uses no tags; the codebook is valid either way,
 *   since the assessments are always there);
 * - "Plan: <name>" → one code per recommendation → one per action: linking a clip to an action is
 *   coding it, so the project codes each clip with the actions it evidences.
 * Grouping codes are not codable; the leaves are.
 */
export interface QdaCode {
  guid: string;
  name: string;
  isCodable: boolean;
  /** #RRGGBB. */
  color?: string;
  description?: string;
  children: QdaCode[];
}

export interface PackCodebook {
  codes: QdaCode[];
  assessmentGuid: (assessment: Assessment) => string;
  statusGuid: (status: EvidenceStatus) => string;
  tagGuid: (tagId: string) => string;
  actionGuid: (actionId: string) => string;
}

const ASSESSMENT_DESCRIPTIONS: Record<Assessment, string> = {
  impact: 'Evidence that the action made a difference to children and families.',
  delivery: 'Evidence that the action was done.',
  concern: 'Evidence that raises a concern about the action.',
  context: 'Background to the action.',
};

/** Code names are labels in a QDA tool's code tree; the full wording goes in the description. */
const MAX_NAME = 100;
const shorten = (text: string) => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_NAME ? oneLine : `${oneLine.slice(0, MAX_NAME - 1).trimEnd()}…`;
};

export function packCodebookOf(model: PackModel): PackCodebook {
  const assessments = ASSESSMENT_ORDER.filter((a): a is Assessment => a !== 'unassessed');
  const codes: QdaCode[] = [
    group('assessments', 'Assessment', 'What a clip shows about the plan action it is linked to.',
      assessments.map((a) => leaf(guidFor('assessment', a), ASSESSMENT_LABELS[a], ASSESSMENT_DESCRIPTIONS[a]))),
    group('statuses', 'Status', 'Where a clip is in review: draft, verified, approved.',
      EVIDENCE_STATUSES.map((s) => leaf(guidFor('status', s), EVIDENCE_STATUS_LABELS[s]))),
  ];
  if (model.tags.length) {
    codes.push(group('tags', 'Tags', "The team's shared tags.", model.tags.map((t) => ({
      ...leaf(guidFor('tag', t.id), shorten(t.name) || t.id),
      color: /^#[0-9a-f]{6}$/i.test(t.colour) ? t.colour : undefined,
    }))));
  }
  if (model.plan) {
    codes.push({
      guid: guidFor('plan', model.plan.id),
      name: shorten(`Plan: ${model.plan.name}`),
      isCodable: false,
      description: `The improvement plan "${model.plan.name}": its recommendations and their actions.`,
      children: model.recommendations.map(recommendationCode),
    });
  }
  const cached = guidCache();
  return {
    codes,
    assessmentGuid: (a) => cached('assessment', a),
    statusGuid: (s) => cached('status', s),
    tagGuid: (id) => cached('tag', id),
    actionGuid: (id) => cached('action', id),
  };
}

function group(key: string, name: string, description: string, children: QdaCode[]): QdaCode {
  return { guid: guidFor('group', key), name, isCodable: false, description, children };
}

function leaf(guid: string, name: string, description?: string): QdaCode {
  return { guid, name, isCodable: true, description, children: [] };
}

function recommendationCode(r: PackRecommendation): QdaCode {
  const lines = [r.reference ? `Recommendation ${r.reference}: ${r.text}` : r.text];
  if (r.ofstedParagraph) lines.push(`Ofsted paragraph: ${r.ofstedParagraph}`);
  return {
    guid: guidFor('recommendation', r.id),
    name: shorten(r.reference ? `${r.reference} ${r.text}` : r.text) || r.id,
    isCodable: false,
    description: lines.join('\n'),
    children: r.actions.map(actionCode),
  };
}

function actionCode(a: PackAction): QdaCode {
  const facts: Array<[string, string]> = [
    ['Action', actionLabel(a)],
    ['Description', a.description],
    ['Lead', a.lead],
    ['By when', dueTextOf(a, formatDate)],
    ['Delivery RAG', a.deliveryRag ? ragPhrase(a.deliveryRag) : ''],
    ['Impact RAG', a.impactRag ? ragPhrase(a.impactRag) : ''],
    ['Status', ACTION_STATUS_LABELS[a.status] ?? a.status],
    ['How success is measured', a.successMeasures],
    ['Progress', a.progress],
  ];
  return {
    ...leaf(guidFor('action', a.id), shorten(actionLabel(a)) || a.id),
    description: facts.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n'),
  };
}

/**
 * Writes codes in the order both schemas want (Codebook.xsd and Project.xsd CodeType: Description,
 * [NoteRef, project only], then nested Codes).
 */
export function writeCodes(xml: XmlWriter, codes: readonly QdaCode[]): void {
  for (const code of codes) {
    const attributes = [['guid', code.guid], ['name', code.name], ['isCodable', code.isCodable], ['color', code.color]] as const;
    if (!code.description && !code.children.length) {
      xml.empty('Code', attributes);
      continue;
    }
    xml.start('Code', attributes);
    if (code.description) xml.text('Description', code.description);
    writeCodes(xml, code.children);
    xml.end('Code');
  }
}
