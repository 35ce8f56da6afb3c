import { askBackground } from '../../messaging';
import { syncLabel, type WorkspaceView } from '../data/use-workspace';

const LABELS: Record<string, string> = {
  local: 'On this computer',
  offline: 'Offline: changes are kept and sent when back online',
  syncing: 'Syncing…',
  synced: 'Synced',
  refused: 'Not syncing: see Options',
};

/** The workspace switcher and the sync indicator (offline / syncing / synced). */
export function WorkspaceBar({ workspace }: { workspace: WorkspaceView }) {
  const label = syncLabel(workspace.status[workspace.active.id], workspace.active);
  return (
    <div className="workspace-bar">
      <label htmlFor="workspace-switcher" className="visually-hidden">Workspace</label>
      <select
        id="workspace-switcher"
        data-testid="workspace-switcher"
        value={workspace.active.id}
        onChange={(e) => void askBackground({ type: 'workspace-switch', workspaceId: e.target.value })}
      >
        {workspace.all.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
            {w.role === 'reviewer' ? ' (read-only)' : ''}
          </option>
        ))}
      </select>
      <span className={`sync-state sync-${label}`} title={LABELS[label] ?? label}>
        <span data-testid="sync-status">{label}</span>
      </span>
      {!workspace.canEdit && <span className="read-only-badge" data-testid="read-only">Read-only</span>}
    </div>
  );
}
