import { useId, useState } from 'react';
import { ACTION_STATUSES, RAG_VALUES } from '../../../../shared/schema/action';
import type { ActionRow } from '../../../../shared/workspace/rows';

export type ActionFields = Pick<
  ActionRow,
  'reference' | 'title' | 'description' | 'lead' | 'dueDate' | 'deliveryRag' | 'impactRag' | 'successMeasures' | 'progress' | 'status'
>;

export const EMPTY_ACTION: ActionFields = {
  reference: '', title: '', description: '', lead: '', dueDate: null, deliveryRag: null, impactRag: null,
  successMeasures: '', progress: '', status: 'not_started',
};

const STATUS_LABELS: Record<(typeof ACTION_STATUSES)[number], string> = {
  not_started: 'Not started', in_progress: 'In progress', complete: 'Complete', closed: 'Closed',
};

/** The fields of one action, for adding or editing it. */
export function ActionForm({ initial, submitLabel, onSubmit, onCancel }: {
  initial: ActionFields;
  submitLabel: string;
  onSubmit: (fields: ActionFields) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState('');
  const id = useId();
  const set = (patch: Partial<ActionFields>) => setFields({ ...fields, ...patch });
  const text = (key: 'reference' | 'title' | 'lead', label: string, required = false) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} data-testid={`action-${key}`} required={required} value={fields[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </div>
  );
  const area = (key: 'description' | 'successMeasures' | 'progress', label: string) => (
    <div className="field wide">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <textarea id={`${id}-${key}`} rows={2} value={fields[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </div>
  );
  const rag = (key: 'deliveryRag' | 'impactRag', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={fields[key] ?? ''} onChange={(e) => set({ [key]: (e.target.value || null) as ActionFields['deliveryRag'] })}>
        <option value="">—</option>
        {RAG_VALUES.map((v) => (
          <option key={v} value={v}>{v[0]!.toUpperCase() + v.slice(1)}</option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="action-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const problem = await onSubmit({ ...fields, title: fields.title.trim(), reference: fields.reference.trim() });
        setError(problem ?? '');
        if (!problem && initial === EMPTY_ACTION) setFields(EMPTY_ACTION);
      }}
    >
      {text('reference', 'No. (e.g. 3.2)')}
      {text('title', 'Action', true)}
      {text('lead', 'Lead officer')}
      <div className="field">
        <label htmlFor={`${id}-due`}>By when</label>
        <input id={`${id}-due`} type="date" value={fields.dueDate ?? ''} onChange={(e) => set({ dueDate: e.target.value || null })} />
      </div>
      {rag('deliveryRag', 'Delivery RAG')}
      {rag('impactRag', 'Impact RAG')}
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={fields.status} onChange={(e) => set({ status: e.target.value as ActionFields['status'] })}>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>{STATUS_LABELS[s]}</option>
          ))}
        </select>
      </div>
      {area('description', 'Description')}
      {area('successMeasures', 'How success is measured')}
      {area('progress', 'Progress')}
      <div className="form-buttons">
        <button type="submit" data-testid="action-save">{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
