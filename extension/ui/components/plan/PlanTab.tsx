import { useEffect, useId, useState } from 'react';
import { planToCsv, planToJson, planToXlsx } from '../../../../shared/plan-io';
import { askBackground } from '../../../messaging';
import { downloadBlob } from '../../download';
import { useCanEdit } from '../../data/can-edit';
import { planDocumentOf } from '../../data/plan-document';
import { defaultPlan, type PlansData } from '../../data/use-plans';
import { PlanImport } from './PlanImport';
import { PlanOutline } from './PlanOutline';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_LABEL = { active: 'active', replaced: 'replaced by a refresh', archived: 'archived' } as const;

/** The plan view: choose a plan, import or create one, edit it, export it. */
export function PlanTab({ plans, evidenceCounts, onShowEvidence }: {
  plans: PlansData;
  evidenceCounts: ReadonlyMap<string, number>;
  onShowEvidence: (actionId: string) => void;
}) {
  const [planId, setPlanId] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [message, setMessage] = useState('');
  const ids = useId();
  const canEdit = useCanEdit();
  const current = plans.plans.find((p) => p.id === planId) ?? defaultPlan(plans.plans);
  useEffect(() => {
    if (!planId && current) setPlanId(current.id);
  }, [planId, current]);

  async function exportAs(format: 'csv' | 'xlsx' | 'json') {
    if (!current) return;
    const document = planDocumentOf(plans, current.id);
    if (!document) return;
    const base = current.name.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-') || 'plan';
    if (format === 'csv') downloadBlob(`${base}.csv`, planToCsv(document), 'text/csv');
    else if (format === 'json') downloadBlob(`${base}.json`, planToJson(document), 'application/json');
    else downloadBlob(`${base}.xlsx`, await planToXlsx(document), XLSX_TYPE);
  }

  return (
    <div className="plan-tab">
      <h2 className="govuk-heading-m">{current ? current.name : 'Plans'}</h2>
      <div className="plan-bar">
        {plans.plans.length > 0 && (
          <>
            <label htmlFor={`${ids}-plan`}>Plan</label>
            <select id={`${ids}-plan`} data-testid="plan-select" value={current?.id ?? ''} onChange={(e) => setPlanId(e.target.value)}>
              {plans.plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({STATUS_LABEL[p.status]})
                </option>
              ))}
            </select>
            <button type="button" data-testid="plan-export-csv" onClick={() => void exportAs('csv')}>Export CSV</button>
            <button type="button" data-testid="plan-export-xlsx" onClick={() => void exportAs('xlsx')}>Export XLSX</button>
            <button type="button" data-testid="plan-export-json" onClick={() => void exportAs('json')}>Export JSON</button>
            {canEdit && current?.status === 'active' && (
              <button type="button" onClick={() => void askBackground({ type: 'plan-update', id: current.id, status: 'archived' })}>Archive plan</button>
            )}
          </>
        )}
        {canEdit && (
        <form
          className="new-plan"
          onSubmit={async (e) => {
            e.preventDefault();
            const created = await askBackground({ type: 'plan-create', name: newName.trim(), replacesPlanId: null });
            if (!created.ok) return setMessage(created.error);
            setPlanId(created.value.id);
            setNewName('');
          }}
        >
          <label htmlFor={`${ids}-new`}>New plan</label>
          <input id={`${ids}-new`} value={newName} required maxLength={200} placeholder="e.g. ILACS Action Plan" onChange={(e) => setNewName(e.target.value)} />
          <button type="submit">Create</button>
        </form>
        )}
      </div>
      <p role="status" className="message">{message}</p>
      {current ? (
        <PlanOutline
          planId={current.id}
          recommendations={plans.recommendations}
          actions={plans.actions}
          evidenceCounts={evidenceCounts}
          readOnly={!canEdit || current.status !== 'active'}
          onShowEvidence={onShowEvidence}
        />
      ) : (
        plans.loaded && <p className="empty">No plan yet. Import your action plan spreadsheet, create one, or open a clip from an Ofsted report and choose “Create recommendations from this report”.</p>
      )}
      {canEdit && <PlanImport plans={plans.plans} onImported={setPlanId} />}
    </div>
  );
}
