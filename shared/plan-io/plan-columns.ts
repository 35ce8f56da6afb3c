import type { PlanField } from './types';

/**
 * The columns of an exported plan, in order, with the header each is written under. The same words
 * name the fields in import messages and in the column-mapping step, so a person sees one vocabulary.
 * They are the headers typical of council plans; `guessColumnMapping` recognises
 * every one of them, which is what lets an export be imported again unchanged.
 */
export const PLAN_COLUMN_HEADERS = {
  recommendationReference: 'Rec no',
  ofstedParagraph: 'Ofsted paragraph',
  areaForImprovement: 'Area for improvement',
  actionReference: 'Action no',
  actionTitle: 'Action',
  actionDescription: 'Description',
  lead: 'Lead officer',
  dueDate: 'By when',
  deliveryRag: 'Delivery RAG',
  impactRag: 'Impact RAG',
  successMeasures: 'How success is measured',
  progress: 'Progress',
  status: 'Status',
} as const satisfies Record<PlanField, string>;

const OWN_HEADERS = new Set<string>(Object.values(PLAN_COLUMN_HEADERS));

/** Whether an export writes a column of this name itself, so an extra column may not have it. */
export function isOwnColumnHeader(header: string): boolean {
  return OWN_HEADERS.has(header);
}

/** A field's name as people read it ("By when"), for messages and the mapping step. */
export function planFieldLabel(field: PlanField): string {
  return PLAN_COLUMN_HEADERS[field];
}
