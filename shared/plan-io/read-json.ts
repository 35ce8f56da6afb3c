import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { ACTION_STATUSES, RAG_VALUES } from '../schema/action';
import { jsonPath } from './json-path';
import { parseDueDate } from './parse-due-date';
import { isOwnColumnHeader, PLAN_COLUMN_HEADERS } from './plan-columns';
import { setOwn } from './read-action-row';
import type { PlanDocument, PlanImportError } from './types';

/** Written into exported JSON so a file from a newer Evident is refused by name, not misread. */
export const PLAN_JSON_FORMAT = 'evident-plan';
export const PLAN_JSON_VERSION = 1;

const realIsoDate = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'is not a date in the form YYYY-MM-DD')
  .refine((s) => parseDueDate(s).kind === 'date', 'is not a real date');

// Fields other than the title and area for improvement may be left out of a hand-written file.
const PlanActionJson = z.strictObject({
  reference: z.string().default(''),
  title: z.string(),
  description: z.string().default(''),
  lead: z.string().default(''),
  dueDate: realIsoDate.nullable().default(null),
  deliveryRag: z.enum(RAG_VALUES).nullable().default(null),
  impactRag: z.enum(RAG_VALUES).nullable().default(null),
  successMeasures: z.string().default(''),
  progress: z.string().default(''),
  extra: z.record(z.string(), z.string()).default({}),
  status: z.enum(ACTION_STATUSES).default('not_started'),
});

const PlanRecommendationJson = z.strictObject({
  reference: z.string().default(''),
  text: z.string(),
  ofstedParagraph: z.string().nullable().default(null),
  actions: z.array(PlanActionJson).default([]),
});

export const PlanDocumentJson = z.strictObject({
  format: z.literal(PLAN_JSON_FORMAT).optional(),
  version: z.literal(PLAN_JSON_VERSION).optional(),
  name: z.string().trim().min(1).max(200),
  recommendations: z.array(PlanRecommendationJson),
});

/**
 * Reads a plan saved as JSON (by Evident or by hand). Strings are tidied as a spreadsheet import
 * tidies them (trimmed, Windows line breaks made "\n", blank extras dropped), and the same rules
 * apply, so any plan this accepts survives an export to CSV or XLSX and back.
 */
export function readPlanJson(text: string): Result<PlanDocument, PlanImportError[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return err([{ row: null, column: null, message: `The file is not valid JSON: ${(e as Error).message}` }]);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > PLAN_JSON_VERSION) {
    const message = `The plan is in version ${version} of the format, newer than this Evident reads (${PLAN_JSON_VERSION}); update Evident.`;
    return err([{ row: null, column: 'version', message }]);
  }
  const parsed = PlanDocumentJson.safeParse(raw);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => ({ row: null, column: jsonPath(issue.path) || null, message: issueMessage(issue) })));
  }
  const plan = tidyPlan(parsed.data);
  const errors = planRuleErrors(plan);
  return errors.length > 0 ? err(errors) : ok(plan);
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is missing';
  if (issue.code === 'unrecognized_keys') {
    return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return issue.message;
}

const tidy = (s: string) => s.replace(/\r\n?/g, '\n').trim();

function tidyPlan(data: z.infer<typeof PlanDocumentJson>): PlanDocument {
  return {
    name: tidy(data.name),
    recommendations: data.recommendations.map((r) => ({
      reference: tidy(r.reference),
      text: tidy(r.text),
      ofstedParagraph: r.ofstedParagraph === null || tidy(r.ofstedParagraph) === '' ? null : tidy(r.ofstedParagraph),
      actions: r.actions.map((a) => {
        const extra: Record<string, string> = {};
        for (const [key, value] of Object.entries(a.extra)) if (tidy(value) !== '') setOwn(extra, tidy(key), tidy(value));
        return {
          ...a,
          reference: tidy(a.reference),
          title: tidy(a.title),
          description: tidy(a.description),
          lead: tidy(a.lead),
          successMeasures: tidy(a.successMeasures),
          progress: tidy(a.progress),
          extra,
        };
      }),
    })),
  };
}

/** What a spreadsheet import would refuse, refused here too, each named by its JSON path. */
function planRuleErrors(plan: PlanDocument): PlanImportError[] {
  const errors: PlanImportError[] = [];
  const fail = (path: Array<string | number>, message: string) => errors.push({ row: null, column: jsonPath(path), message });
  if (plan.recommendations.length === 0) fail(['recommendations'], 'is empty; a plan needs at least one recommendation');
  const texts = new Map<string, number>();
  const references = new Map<string, string>();
  plan.recommendations.forEach((r, i) => {
    const key = r.text.replace(/\s+/g, ' ').toLowerCase();
    if (r.text === '') fail(['recommendations', i, 'text'], 'is blank; every recommendation needs its area for improvement');
    else if (texts.has(key)) {
      const message = `is the same area for improvement as recommendations[${texts.get(key)}]; put both sets of actions under one`;
      fail(['recommendations', i, 'text'], message);
    } else texts.set(key, i);
    r.actions.forEach((a, j) => {
      const at = (...rest: string[]) => ['recommendations', i, 'actions', j, ...rest];
      if (a.title === '') fail(at('title'), 'is blank; every action needs one');
      if (a.reference !== '') {
        const first = references.get(a.reference);
        if (first) fail(at('reference'), `"${a.reference}" is also the reference of ${first}; each action needs its own`);
        else references.set(a.reference, jsonPath(at()));
      }
      for (const [key, value] of Object.entries(a.extra)) {
        if (key === '') fail(at('extra'), 'has a column with no name');
        else if (key === PLAN_COLUMN_HEADERS.dueDate) {
          // The one Evident column an extra may share: "Ongoing" is kept here because it is not a date,
          // and "June 2020" beside its dueDate because the plan gave no day.
          if (!isDueWordFor(a.dueDate, value)) {
            fail(at('extra', key), `"${value}" can only be kept under "${key}" when dueDate is null and it is a word such as "Ongoing", or when it is the month of dueDate ("June 2020")`);
          }
        } else if (isOwnColumnHeader(key)) fail(at('extra', key), `is the name of one of Evident's own columns; rename it`);
      }
    });
  });
  return errors;
}

/** "Ongoing" with no date, or "June 2020" with the last day of June 2020. */
function isDueWordFor(dueDate: string | null, value: string): boolean {
  const reading = parseDueDate(value);
  if (dueDate === null) return reading.kind === 'no-date';
  return reading.kind === 'date' && reading.precision === 'month' && reading.date === dueDate;
}
