import { useId, useState } from 'react';
import { dueFieldsFrom, dueText } from '../../../../shared/plan-io/due-text';
import { RAG_LABELS } from '../../../../shared/labels';
import { ACTION_STATUSES, RAG_VALUES } from '../../../../shared/schema/action';
import type { ActionRow } from '../../../../shared/workspace/rows';
import { formatDate } from '../../labels';

export type ActionFields = Pick<
  ActionRow,
  'reference' | 'title' | 'description' | 'lead' | 'dueDate' | 'deliveryRag' | 'impactRag' | 'successMeasures' | 'progress' | 'status' | 'extra'
>;

export const EMPTY_ACTION: ActionFields = {
  reference: '', title: '', description: '', lead: '', dueDate: null, deliveryRag: null, impactRag: null,
  successMeasures: '', progress: '', status: 'not_started', extra: {},
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
  // "By when" is typed as the plan would write it: a date, a month, or a word such as "Ongoing".
  const [due, setDue] = useState(() => dueText(initial, formatDate));
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
          <option key={v} value={v}>{RAG_LABELS[v]}</option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="action-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const dueFields = dueFieldsFrom(due, fields.extra);
        if (!dueFields.ok) return setError(dueFields.error);
        const problem = await onSubmit({ ...fields, ...dueFields.value, title: fields.title.trim(), reference: fields.reference.trim() });
        setError(problem ?? '');
        if (!problem && initial === EMPTY_ACTION) {
          setFields(EMPTY_ACTION);
          setDue('');
        }
      }}
    >
      {text('reference', 'No. (e.g. 3.2)')}
      {text('title', 'Action', true)}
      {text('lead', 'Lead officer')}
      <div className="field">
        <label htmlFor={`${id}-due`}>By when</label>
        <input id={`${id}-due`} aria-describedby={`${id}-due-hint`} value={due} onChange={(e) => setDue(e.target.value)} />
        <span id={`${id}-due-hint`} className="hint">A date, a month or a word, e.g. 31 March 2027, June 2027, Ongoing</span>
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
