import { useEffect, useId, useState } from 'react';
import { ASSESSMENTS } from '../../../shared/schema/evidence';
import type { SuggestedAction } from '../../../shared/protocol/messages';
import { suggestionReason } from '../../../shared/suggest/reason-text';
import type { EvidenceRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { useCanEdit } from '../data/can-edit';
import type { PlansData } from '../data/use-plans';

type Assessment = (typeof ASSESSMENTS)[number] | null;

export const ASSESSMENT_LABELS: Record<(typeof ASSESSMENTS)[number], string> = {
  delivery: 'Delivery (we did it)',
  impact: 'Impact (it made a difference)',
  concern: 'Concern',
  context: 'Context',
};

/** "3.2 Weekly case tracking": how an action is named everywhere, with its reference as written. */
export const actionLabel = (action: { reference: string; title: string }) =>
  action.reference ? `${action.reference} ${action.title}` : action.title;

export function AssessmentSelect({ value, onChange, label }: { value: Assessment; onChange: (a: Assessment) => void; label: string }) {
  return (
    <select aria-label={label} data-testid="link-assessment" value={value ?? ''} onChange={(e) => onChange((e.target.value || null) as Assessment)}>
      <option value="">Not assessed</option>
      {ASSESSMENTS.map((a) => (
        <option key={a} value={a}>
          {ASSESSMENT_LABELS[a]}
        </option>
      ))}
    </select>
  );
}

/** Which plan actions a clip evidences: its links with their assessment, suggestions, and a picker. */
export function LinkEditor({ row, plans }: { row: EvidenceRow; plans: PlansData }) {
  const [suggestions, setSuggestions] = useState<SuggestedAction[]>([]);
  const [chosen, setChosen] = useState('');
  const [assessment, setAssessment] = useState<Assessment>(null);
  const [message, setMessage] = useState('');
  // Other councils' plans are offered only when the person asks (a shared service, a comparison).
  const [anyCouncil, setAnyCouncil] = useState(false);
  const pickerId = useId();
  const linked = new Set(row.actionIds);
  const canEdit = useCanEdit();

  useEffect(() => {
    if (!canEdit) return;
    let live = true;
    void askBackground({ type: 'suggest-actions', evidenceId: row.id, anyCouncil }).then((r) => live && r.ok && setSuggestions(r.value.suggestions));
    return () => {
      live = false;
    };
  }, [row.id, plans.actions.length, canEdit, anyCouncil]);

  async function link(actionId: string, a: Assessment) {
    const result = await askBackground({ type: 'evidence-link', ids: [row.id], actionId, assessment: a });
    setMessage(result.ok ? 'Linked' : result.error);
  }

  const activeActions = plans.actions.filter((a) => !a.archived && plans.plans.find((p) => p.id === a.planId)?.status === 'active');
  return (
    <section className="links" aria-label="Plan actions this clip evidences">
      <h3>Plan actions</h3>
      {row.links.length === 0 && <p className="message">Not linked to any action yet.</p>}
      <ul className="link-list">
        {row.links.map((l) => {
          const action = plans.actionById.get(l.actionId);
          return (
            <li key={l.actionId} data-testid="evidence-link" data-action-id={l.actionId}>
              <span>{action ? actionLabel(action) : 'An action no longer in the plan'}</span>
              {canEdit ? (
                <>
                  <AssessmentSelect label={`What this clip shows about ${action ? actionLabel(action) : 'the action'}`} value={l.assessment} onChange={(a) => void link(l.actionId, a)} />
                  <button type="button" className="link" onClick={() => void askBackground({ type: 'evidence-unlink', id: row.id, actionId: l.actionId })}>
                    Unlink
                  </button>
                </>
              ) : (
                l.assessment && <span className="muted">{ASSESSMENT_LABELS[l.assessment]}</span>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <div className="suggestions">
          <h4>Suggested</h4>
          {suggestions.filter((s) => !linked.has(s.actionId)).length === 0 && (
            <p className="hint">No other action in {anyCouncil ? 'any plan' : 'this council’s plans'} matches this clip closely.</p>
          )}
          <ul className="suggestion-list">
            {suggestions
              .filter((s) => !linked.has(s.actionId))
              .map((s) => (
                <li key={s.actionId}>
                  <button type="button" className="govuk-button govuk-button--secondary" data-testid="suggested-action" data-action-id={s.actionId} onClick={() => void link(s.actionId, null)}>
                    Link {actionLabel(s)}
                  </button>
                  <span className="hint" data-testid="suggestion-reason">{suggestionReason(s)}</span>
                </li>
              ))}
          </ul>
          <label className="inline">
            <input type="checkbox" checked={anyCouncil} onChange={(e) => setAnyCouncil(e.target.checked)} /> Include other councils’ plans
          </label>
        </div>
      )}
      {canEdit && activeActions.length > 0 && (
        <form
          className="link-picker"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void link(chosen, assessment);
          }}
        >
          <label htmlFor={pickerId}>Link to an action</label>
          <select id={pickerId} data-testid="link-action-picker" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Choose an action…</option>
            {plans.recommendations
              .filter((r) => !r.archived)
              .map((r) => (
                <optgroup key={r.id} label={`${r.reference} ${r.text}`.slice(0, 120)}>
                  {activeActions
                    .filter((a) => a.recommendationId === r.id)
                    .map((a) => (
                      <option key={a.id} value={a.id}>
                        {actionLabel(a)}
                      </option>
                    ))}
                </optgroup>
              ))}
          </select>
          <AssessmentSelect label="What this clip shows" value={assessment} onChange={setAssessment} />
          <button type="submit" disabled={!chosen}>
            Link
          </button>
        </form>
      )}
      <p role="status" className="message">
        {message}
      </p>
    </section>
  );
}
