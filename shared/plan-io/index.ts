// Reading and writing improvement plans as CSV, XLSX and JSON (issue: plan import/export).
// Import = readPlanTable → guessColumnMapping (the person may correct it) → buildPlanDocument;
// importPlanFile does all three at once. Export = planToCsv / planToXlsx / planToJson.
export * from './types';
export { checkPlanFile, MAX_PLAN_FILE_BYTES, type PlanFile, type PlanFileKind } from './check-file';
export { readPlanTable } from './read-table';
export { guessColumnMapping, normaliseHeader } from './guess-columns';
export { buildPlanDocument } from './build-plan';
export { readPlanJson, PLAN_JSON_FORMAT, PLAN_JSON_VERSION } from './read-json';
export { planToCsv, planToXlsx, planToJson } from './write-plan';
export { importPlanFile, describePlanImportError } from './import-plan-file';
export { PLAN_COLUMN_HEADERS, planFieldLabel } from './plan-columns';
export { NO_DATE_WORDS } from './parse-due-date';
export { dueText, dueFieldsFrom } from './due-text';
