import { useId, useState } from 'react';
import { askBackground } from '../../messaging';
import type { PlansData } from '../data/use-plans';
import { actionLabel, AssessmentSelect } from './LinkEditor';

type Assessment = Parameters<typeof AssessmentSelect>[0]['value'];

/** Links every checked clip to one action, with one assessment, in one change. */
export function BulkLinkBar({ ids, plans, onDone }: { ids: string[]; plans: PlansData; onDone: () => void }) {
  const [actionId, setActionId] = useState('');
  const [assessment, setAssessment] = useState<Assessment>(null);
  const [message, setMessage] = useState('');
  const id = useId();
  const active = new Set(plans.plans.filter((p) => p.status === 'active').map((p) => p.id));
  const actions = plans.actions.filter((a) => !a.archived && active.has(a.planId));
  return (
    <form
      className="bulk-bar"
      data-testid="bulk-link"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!actionId) return;
        const result = await askBackground({ type: 'evidence-link', ids, actionId, assessment });
        if (!result.ok) return setMessage(result.error);
        setMessage(`Linked ${result.value.linked} clips`);
        onDone();
      }}
    >
      <span>{ids.length} selected</span>
      <label htmlFor={id} className="visually-hidden">Action to link the selected clips to</label>
      <select id={id} data-testid="bulk-link-action" value={actionId} onChange={(e) => setActionId(e.target.value)}>
        <option value="">Link to an action…</option>
        {actions.map((a) => <option key={a.id} value={a.id}>{actionLabel(a)}</option>)}
      </select>
      <AssessmentSelect label="What the selected clips show" value={assessment} onChange={setAssessment} />
      <button type="submit" disabled={!actionId}>Link selected</button>
      <button type="button" onClick={onDone}>Clear selection</button>
      <span role="status" className="message">{message}</span>
    </form>
  );
}
