import { PLAN_COLUMN_HEADERS } from './plan-columns';
import { STATUS_LABELS } from './parse-rag-status';
import type { PlanDocument, PlanDocumentAction, PlanDocumentRecommendation } from './types';

/** A plan laid out as a spreadsheet: headers, then one row per action, every cell filled in full. */
export interface PlanSheet {
  headers: string[];
  rows: Array<Array<string | { date: string }>>;
}

/**
 * The one layout both exports share. Each row repeats its recommendation's number, paragraph and
 * text, so the sheet can be sorted and filtered; a recommendation without actions is a row of its
 * own. Columns Evident does not model follow, in the order the plan's actions first use them, except
 * a "By when" word such as "Ongoing", which goes back in the "By when" column it came from.
 */
export function planToSheet(plan: PlanDocument): PlanSheet {
  const dueHeader = PLAN_COLUMN_HEADERS.dueDate;
  const extraKeys = plan.recommendations.flatMap((r) => r.actions.flatMap((a) => Object.keys(a.extra)));
  const extraHeaders = [...new Set(extraKeys)].filter((h) => h !== dueHeader);
  const headers = [...Object.values(PLAN_COLUMN_HEADERS), ...extraHeaders];
  const rows = plan.recommendations.flatMap((recommendation) =>
    recommendation.actions.length === 0
      ? [[...recommendationCells(recommendation), ...headers.slice(3).map(() => '')]]
      : recommendation.actions.map((action) => [
          ...recommendationCells(recommendation),
          ...actionCells(action),
          ...extraHeaders.map((h) => (Object.hasOwn(action.extra, h) ? action.extra[h]! : '')),
        ]),
  );
  return { headers, rows };
}

function recommendationCells(r: PlanDocumentRecommendation): string[] {
  return [r.reference, r.ofstedParagraph ?? '', r.text];
}

function actionCells(a: PlanDocumentAction): Array<string | { date: string }> {
  const dueWord = Object.hasOwn(a.extra, PLAN_COLUMN_HEADERS.dueDate) ? a.extra[PLAN_COLUMN_HEADERS.dueDate]! : '';
  return [
    a.reference,
    a.title,
    a.description,
    a.lead,
    // The plan's own words when it gave them ("Ongoing", "June 2020"): a month stays a month.
    dueWord !== '' || a.dueDate === null ? dueWord : { date: a.dueDate },
    ragLabel(a.deliveryRag),
    ragLabel(a.impactRag),
    a.successMeasures,
    a.progress,
    STATUS_LABELS[a.status],
  ];
}

function ragLabel(rag: PlanDocumentAction['deliveryRag']): string {
  return rag === null ? '' : rag[0]!.toUpperCase() + rag.slice(1);
}
