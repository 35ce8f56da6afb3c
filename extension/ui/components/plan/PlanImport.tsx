import { useId, useState } from 'react';
import {
  buildPlanDocument,
  checkPlanFile,
  describePlanImportError,
  guessColumnMapping,
  PLAN_FIELDS,
  planFieldLabel,
  planToJson,
  readPlanJson,
  readPlanTable,
  type ColumnMapping,
  type PlanDocument,
  type PlanField,
  type PlanImportError,
  type PlanTable,
} from '../../../../shared/plan-io';
import type { PlanRow } from '../../../../shared/workspace/rows';
import { askBackground } from '../../../messaging';

/** Required fields are marked in the mapping step; labels are the export's column headers. */
const REQUIRED: ReadonlySet<PlanField> = new Set(['areaForImprovement', 'actionTitle']);

/**
 * Importing a plan: choose a CSV, XLSX or JSON file; for spreadsheets, check the guessed column
 * mapping; see a preview or the errors (row, column, reason); then confirm. Nothing is written until
 * the confirm button, and then the whole plan at once.
 */
export function PlanImport({ plans, onImported }: { plans: PlanRow[]; onImported: (planId: string) => void }) {
  const [table, setTable] = useState<PlanTable | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [jsonPlan, setJsonPlan] = useState<PlanDocument | null>(null);
  const [errors, setErrors] = useState<PlanImportError[]>([]);
  const [name, setName] = useState('');
  const [replaces, setReplaces] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const ids = useId();

  const built = table ? buildPlanDocument(table, mapping, name) : null;
  const document: PlanDocument | null = jsonPlan ? { ...jsonPlan, name: name || jsonPlan.name } : built?.ok ? built.value : null;
  const shownErrors = built && !built.ok ? built.error : errors;

  async function onFile(file: File | undefined) {
    setTable(null);
    setJsonPlan(null);
    setErrors([]);
    setMessage('');
    if (!file) return;
    setBusy(true);
    const bytes = new Uint8Array(await file.arrayBuffer());
    setName(file.name.replace(/\.[^.]+$/, ''));
    const kind = checkPlanFile({ name: file.name, bytes });
    if (!kind.ok) {
      setErrors([kind.error]);
    } else if (kind.value === 'json') {
      const parsed = readPlanJson(new TextDecoder().decode(bytes));
      if (parsed.ok) setJsonPlan(parsed.value);
      else setErrors(parsed.error);
    } else {
      const read = await readPlanTable({ name: file.name, bytes });
      if (read.ok) {
        setTable(read.value);
        setMapping(guessColumnMapping(read.value.headers));
      } else setErrors([read.error]);
    }
    setBusy(false);
  }

  async function confirm() {
    if (!document) return;
    setBusy(true);
    const result = await askBackground({ type: 'plan-import', planJson: planToJson(document), replacesPlanId: replaces || null });
    setBusy(false);
    if (!result.ok) return setMessage(`Import failed: ${result.error}`);
    setMessage(`Imported "${document.name}": ${result.value.recommendations} recommendations, ${result.value.actions} actions`);
    setTable(null);
    setJsonPlan(null);
    onImported(result.value.planId);
  }

  return (
    <section className="plan-import" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Import a plan</h2>
      <label htmlFor={`${ids}-file`}>Spreadsheet (CSV or XLSX, one row per action) or Evident plan JSON</label>
      <input id={`${ids}-file`} type="file" data-testid="plan-import" accept=".csv,.xlsx,.json,text/csv,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
      {busy && <p className="message">Reading…</p>}
      {table && (
        <fieldset className="mapping">
          <legend>Which column holds what (guessed from the headers)</legend>
          {PLAN_FIELDS.map((field) => (
            <div key={field} className="mapping-row">
              <label htmlFor={`${ids}-${field}`}>
                {planFieldLabel(field)}
                {REQUIRED.has(field) ? ' (required)' : ''}
              </label>
              <select
                id={`${ids}-${field}`}
                data-testid={`map-${field}`}
                value={mapping[field] ?? ''}
                onChange={(e) => setMapping({ ...mapping, [field]: e.target.value === '' ? undefined : Number(e.target.value) })}
              >
                <option value="">(none)</option>
                {table.headers.map((h, i) => (
                  <option key={i} value={i}>
                    {h || `Column ${i + 1}`}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      )}
      {shownErrors.length > 0 && (
        <div role="alert" className="error" data-testid="plan-import-errors">
          <p>This file cannot be imported as it is. Fix these and choose it again:</p>
          <ul>
            {shownErrors.slice(0, 50).map((e, i) => (
              <li key={i}>{describePlanImportError(e)}</li>
            ))}
          </ul>
          {shownErrors.length > 50 && <p>…and {shownErrors.length - 50} more.</p>}
        </div>
      )}
      {document && (
        <div className="preview" data-testid="plan-import-preview">
          <label htmlFor={`${ids}-name`}>Plan name</label>
          <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          <label htmlFor={`${ids}-replaces`}>Replaces</label>
          <select id={`${ids}-replaces`} value={replaces} onChange={(e) => setReplaces(e.target.value)}>
            <option value="">Nothing: a new plan</option>
            {plans.filter((p) => p.status === 'active').map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (it will be marked replaced, its links kept)
              </option>
            ))}
          </select>
          <p>
            {document.recommendations.length} recommendations, {document.recommendations.reduce((n, r) => n + r.actions.length, 0)} actions:
          </p>
          <table className="preview-table">
            <thead>
              <tr><th scope="col">No.</th><th scope="col">Area for improvement</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {document.recommendations.slice(0, 30).map((r, i) => (
                <tr key={i}>
                  <td>{r.reference}</td>
                  <td>{r.text}</td>
                  <td>{r.actions.map((a) => `${a.reference} ${a.title}`.trim()).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="primary" data-testid="plan-import-confirm" disabled={busy} onClick={() => void confirm()}>
            Import this plan
          </button>
        </div>
      )}
      <p role="status" className="message" data-testid="plan-import-message">
        {message}
      </p>
    </section>
  );
}
