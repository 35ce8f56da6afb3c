import { useState } from 'react';
import type { ActionRow, RecommendationRow } from '../../../../shared/workspace/rows';
import { askBackground } from '../../../messaging';
import { dueText } from '../../../../shared/plan-io/due-text';
import { formatDate } from '../../labels';
import { actionLabel } from '../LinkEditor';
import { RagKey, RagTag } from './RagTag';
import { ActionForm, EMPTY_ACTION, type ActionFields } from './ActionForm';
import { RecommendationForm } from './RecommendationForm';

const problemOf = (result: { ok: boolean; error?: string }) => (result.ok ? null : (result.error ?? 'Failed'));

/** Moves item `index` of `ids` by `delta` and saves the new order. */
function move(collection: 'recommendations' | 'actions', ids: string[], index: number, delta: number) {
  const next = [...ids];
  const [item] = next.splice(index, 1);
  next.splice(index + delta, 0, item!);
  void askBackground({ type: 'reorder', collection, ids: next });
}

/**
 * A plan's recommendations and actions, editable in place: add, edit, reorder (buttons, so the
 * keyboard can do it), archive. Archived items leave the plan but keep their links for the record.
 */
export function PlanOutline({ planId, recommendations, actions, evidenceCounts, readOnly, onShowEvidence }: {
  planId: string;
  recommendations: RecommendationRow[];
  actions: ActionRow[];
  /** Live clips linked to each action, by action id. */
  evidenceCounts: ReadonlyMap<string, number>;
  readOnly: boolean;
  onShowEvidence: (actionId: string) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const live = recommendations.filter((r) => r.planId === planId && !r.archived);
  const recIds = live.map((r) => r.id);
  return (
    <div className="plan-outline">
      <RagKey />
      <ol className="recommendations">
        {live.map((rec, r) => {
          const recActions = actions.filter((a) => a.recommendationId === rec.id && !a.archived);
          const actionIds = recActions.map((a) => a.id);
          return (
            <li key={rec.id} className="recommendation" data-testid="plan-recommendation" data-recommendation-id={rec.id}>
              {editing === rec.id ? (
                <RecommendationForm
                  initial={rec}
                  submitLabel="Save"
                  onCancel={() => setEditing(null)}
                  onSubmit={async (fields) => {
                    const problem = problemOf(await askBackground({ type: 'recommendation-update', id: rec.id, fields }));
                    if (!problem) setEditing(null);
                    return problem;
                  }}
                />
              ) : (
                <div className="recommendation-head">
                  <h3>
                    <span className="reference">{rec.reference}</span> {rec.text}
                    {rec.ofstedParagraph && <span className="muted"> (Ofsted para {rec.ofstedParagraph})</span>}
                  </h3>
                  {!readOnly && (
                    <div className="row-buttons">
                      <button type="button" onClick={() => setEditing(rec.id)}>Edit</button>
                      <button type="button" disabled={r === 0} aria-label={`Move recommendation ${rec.reference} up`} onClick={() => move('recommendations', recIds, r, -1)}>↑</button>
                      <button type="button" disabled={r === live.length - 1} aria-label={`Move recommendation ${rec.reference} down`} onClick={() => move('recommendations', recIds, r, 1)}>↓</button>
                      <button type="button" onClick={() => void askBackground({ type: 'recommendation-update', id: rec.id, fields: {}, archived: true })}>Archive</button>
                    </div>
                  )}
                </div>
              )}
              <table className="actions-table">
                <thead>
                  <tr>
                    <th scope="col">Action</th><th scope="col">Lead</th><th scope="col">By when</th>
                    <th scope="col">Delivery</th><th scope="col">Impact</th><th scope="col" className="numeric">Clips</th>
                    <th scope="col"><span className="visually-hidden">Tools</span></th>
                  </tr>
                </thead>
                <tbody>
                  {recActions.map((action, a) =>
                    editing === action.id ? (
                      <tr key={action.id}>
                        <td colSpan={7}>
                          <ActionForm
                            initial={action}
                            submitLabel="Save action"
                            onCancel={() => setEditing(null)}
                            onSubmit={async (fields: ActionFields) => {
                              const problem = problemOf(await askBackground({ type: 'action-update', id: action.id, fields }));
                              if (!problem) setEditing(null);
                              return problem;
                            }}
                          />
                        </td>
                      </tr>
                    ) : (
                      <tr key={action.id} data-testid="plan-action" data-action-id={action.id}>
                        <td>{actionLabel(action)}</td>
                        <td>{action.lead}</td>
                        <td data-testid="plan-action-due">{dueText(action, formatDate)}</td>
                        <td><RagTag rag={action.deliveryRag} /></td>
                        <td><RagTag rag={action.impactRag} /></td>
                        <td className="numeric">
                          <button type="button" className="link" data-testid="show-evidence" aria-label={`Show the ${evidenceCounts.get(action.id) ?? 0} clips linked to action ${actionLabel(action)}`} onClick={() => onShowEvidence(action.id)}>
                            <span data-testid="plan-action-evidence-count">{evidenceCounts.get(action.id) ?? 0}</span>
                          </button>
                        </td>
                        <td className="tools">
                          {!readOnly && (
                            <div className="row-buttons">
                              <button type="button" aria-label={`Edit action ${action.reference}`} onClick={() => setEditing(action.id)}>Edit</button>
                              <button type="button" disabled={a === 0} aria-label={`Move action ${action.reference} up`} onClick={() => move('actions', actionIds, a, -1)}>↑</button>
                              <button type="button" disabled={a === recActions.length - 1} aria-label={`Move action ${action.reference} down`} onClick={() => move('actions', actionIds, a, 1)}>↓</button>
                              <button type="button" aria-label={`Archive action ${action.reference}`} onClick={() => void askBackground({ type: 'action-update', id: action.id, fields: {}, archived: true })}>Archive</button>
                            </div>
                          )}
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
              {!readOnly && (
                <details className="add-action">
                  <summary>Add an action to {rec.reference || 'this recommendation'}</summary>
                  <ActionForm
                    initial={EMPTY_ACTION}
                    submitLabel="Add action"
                    onSubmit={async (fields) => problemOf(await askBackground({ type: 'action-create', recommendationId: rec.id, fields }))}
                  />
                </details>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <details className="add-recommendation">
          <summary>Add a recommendation</summary>
          <RecommendationForm
            initial={{ reference: String(live.length + 1), text: '', ofstedParagraph: null }}
            submitLabel="Add recommendation"
            onSubmit={async (fields) => problemOf(await askBackground({ type: 'recommendation-create', planId, fields }))}
          />
        </details>
      )}
    </div>
  );
}
