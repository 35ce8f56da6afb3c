import { useEffect, useState } from 'react';
import { leftWorkspacesItem, type LeftWorkspace } from '../../background/workspaces';
import { askBackground } from '../../messaging';
import { formatDate } from '../labels';

/** Workspaces left whose copy is still in this browser: join again with an invite, or delete the copy (asked first). */
export function LeftWorkspaces() {
  const [left, setLeft] = useState<LeftWorkspace[]>([]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    void leftWorkspacesItem.getValue().then(setLeft);
    return leftWorkspacesItem.watch((v) => setLeft(v ?? []));
  }, []);
  if (left.length === 0) return null;

  async function forget(id: string) {
    const result = await askBackground({ type: 'workspace-forget', workspaceId: id });
    setConfirming(null);
    setMessage(result.ok ? `Deleted this browser's copy of ${id}.` : result.error);
  }

  return (
    <>
      <h3>Workspaces you left</h3>
      <p>Their copy is still in this browser. Join again with an invite to carry on where you were.</p>
      <ul className="site-list" aria-label="Workspaces you left">
        {left.map((w) => (
          <li key={w.id} data-testid="left-workspace" data-workspace-id={w.id}>
            <span>
              {w.name} — left {formatDate(w.leftAt)}
              {w.unconfirmed > 0 && (
                <span className="error"> ({w.certain ? '' : 'up to '}{w.unconfirmed} change{w.unconfirmed === 1 ? '' : 's'} may not have reached the server)</span>
              )}
            </span>
            {confirming === w.id ? (
              <span className="row-buttons" role="group" aria-label={`Delete the copy of ${w.name}?`}>
                <span>Delete for good?</span>
                <button type="button" className="danger" data-testid="forget-confirm" onClick={() => void forget(w.id)}>Delete this copy</button>
                <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
              </span>
            ) : (
              <button type="button" data-testid="forget-workspace" onClick={() => setConfirming(w.id)}>Delete this browser's copy</button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="message">{message}</p>
    </>
  );
}
