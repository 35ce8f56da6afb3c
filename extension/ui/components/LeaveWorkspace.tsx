import { useEffect, useState } from 'react';
import type { WorkspaceEntry } from '../../background/workspaces';
import { askBackground } from '../../messaging';

type Pending = { unconfirmed: number; checked: 'now' | 'last connection' | 'never' } | null;

const changes = (n: number) => `${n} change${n === 1 ? '' : 's'} made in this browser`;

/** What the server has, in words: exact when it was just asked; an upper bound from its last handshake otherwise. */
const pendingSentence = (pending: Pending) => {
  if (!pending) return 'Asking the server what it has…';
  const { unconfirmed, checked } = pending;
  if (checked === 'now') {
    return unconfirmed === 0
      ? 'The server has every change made in this browser.'
      : `${changes(unconfirmed)} ${unconfirmed === 1 ? 'has' : 'have'} not reached the server. They stay in this browser's copy and are sent if you join again.`;
  }
  const reason = checked === 'never' ? 'The server has never answered this browser' : 'The server cannot be reached to ask';
  return unconfirmed === 0
    ? `${reason}, but nothing has changed here since it last answered.`
    : `${reason}: up to ${changes(unconfirmed)} since it last answered may not have reached it. They stay in this browser's copy and are sent if you join again.`;
};

/**
 * "Leave" asks first, and says what leaving would strand: the changes the server has not confirmed.
 * Leaving forgets the invite; this browser's copy of the workspace stays until deleted on purpose.
 */
export function LeaveWorkspace({ workspace, onClose }: { workspace: WorkspaceEntry; onClose: () => void }) {
  const [pending, setPending] = useState<Pending>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    void askBackground({ type: 'workspace-pending', workspaceId: workspace.id }).then((r) => (r.ok ? setPending(r.value) : setProblem(r.error)));
  }, [workspace.id]);

  async function leave() {
    const result = await askBackground({ type: 'workspace-leave', workspaceId: workspace.id });
    if (result.ok) onClose();
    else setProblem(result.error);
  }

  return (
    <div className="confirm" role="group" aria-labelledby={`leave-${workspace.id}`} data-testid="leave-confirm">
      <p id={`leave-${workspace.id}`}><strong>Leave {workspace.name}?</strong></p>
      <p data-testid="leave-pending">{pendingSentence(pending)}</p>
      <p>This browser keeps its copy of the workspace until you delete it (below, once you have left).</p>
      {problem && <p className="error" role="alert">{problem}</p>}
      <span className="row-buttons">
        <button type="button" className="danger" data-testid="leave-confirm-button" disabled={!pending && !problem} onClick={() => void leave()}>
          Leave workspace
        </button>
        <button type="button" onClick={onClose}>Cancel</button>
      </span>
    </div>
  );
}
