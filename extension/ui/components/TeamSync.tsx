import { useEffect, useState } from 'react';
import { parseInviteLink } from '../../../shared/protocol/sync';
import { askBackground } from '../../messaging';
import { formatDateTime } from '../labels';
import { syncLabel, useWorkspace } from '../data/use-workspace';
import { isUnencryptedRemote } from '../data/server-address';
import { InsecureServerWarning } from './InsecureServerWarning';
import { LastStored } from './LastStored';
import { LeaveWorkspace } from './LeaveWorkspace';
import { LeftWorkspaces } from './LeftWorkspaces';

/**
 * Joining a team workspace: the sync server's address and an invite (the token, or the invite link
 * `evident-sync invite` prints). Shows each workspace's sync state and why a server refused it.
 * `options.html#join=<invite link>&autoconnect=1` fills this in (and connects), for `npm start`.
 */
export function TeamSync() {
  const workspace = useWorkspace();
  const [serverUrl, setServerUrl] = useState('ws://127.0.0.1:1234');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const [leaving, setLeaving] = useState<string | null>(null);
  /** An invite held back until the person confirms sending it over an unencrypted connection. */
  const [unencrypted, setUnencrypted] = useState<{ server: string; invite: string } | null>(null);

  async function connect(server = serverUrl, invite = token, isUnencryptedConfirmed = false) {
    const link = parseInviteLink(invite) ?? parseInviteLink(server);
    if (!isUnencryptedConfirmed && isUnencryptedRemote(link?.serverUrl ?? server)) return setUnencrypted({ server, invite });
    setUnencrypted(null);
    const result = await askBackground({ type: 'workspace-join', serverUrl: link?.serverUrl ?? server, token: link?.token ?? invite });
    setMessage(result.ok ? `Joined workspace ${result.value.workspaceId} as ${result.value.role}` : result.error);
    if (result.ok) setToken('');
  }

  useEffect(() => {
    const params = new URLSearchParams(location.hash.slice(1));
    const link = parseInviteLink(params.get('join') ?? '');
    if (!link) return;
    setServerUrl(link.serverUrl);
    setToken(link.token);
    if (params.get('autoconnect') === '1') void connect(link.serverUrl, link.token);
    history.replaceState(null, '', location.pathname); // the token does not stay in the address bar
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const active = workspace.active;
  const activeStatus = workspace.status[active.id];
  return (
    <section aria-labelledby="team-sync-heading">
      <h2 id="team-sync-heading">Team sync</h2>
      <p>
        Current workspace: <strong>{active.name}</strong> — <span data-testid="sync-status">{syncLabel(activeStatus, active)}</span>
        {activeStatus?.problem && <span className="error" data-testid="sync-problem"> {activeStatus.problem}</span>}
      </p>
      {activeStatus?.notice && <p className="warning" role="status" data-testid="sync-notice">{activeStatus.notice}</p>}
      {active.serverUrl && <LastStored status={activeStatus} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <label htmlFor="server-url">Sync server address</label>
        <input id="server-url" data-testid="server-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="ws://127.0.0.1:1234" />
        <label htmlFor="invite-token">Invite (the token or the evident://join link)</label>
        <textarea id="invite-token" data-testid="invite-token" rows={3} value={token} onChange={(e) => setToken(e.target.value)} />
        <button type="submit" className="primary" data-testid="connect">Connect</button>
      </form>
      {unencrypted && (
        <InsecureServerWarning
          serverUrl={parseInviteLink(unencrypted.invite)?.serverUrl ?? parseInviteLink(unencrypted.server)?.serverUrl ?? unencrypted.server}
          onSend={() => void connect(unencrypted.server, unencrypted.invite, true)}
          onCancel={() => {
            setUnencrypted(null);
            document.getElementById('server-url')?.focus();
          }}
        />
      )}
      <p role="status" className="message" data-testid="connect-message">{message}</p>
      <h3>Workspaces in this browser</h3>
      <ul className="site-list" aria-label="Workspaces">
        {workspace.all.map((w) => {
          const status = workspace.status[w.id];
          return (
            <li key={w.id} data-testid="workspace-row" data-workspace-id={w.id}>
              <span>
                {w.name} {w.role === 'reviewer' ? '(reviewer, read-only)' : w.role === 'editor' ? '(editor)' : ''} —{' '}
                <span data-testid="workspace-status">{syncLabel(status, w)}</span>
                {status?.lastSyncedAt && <span className="muted"> last synced {formatDateTime(status.lastSyncedAt)}</span>}
                {status?.problem && <span className="error"> {status.problem}</span>}
              </span>
              <span className="row-buttons">
                {w.id !== active.id && <button type="button" onClick={() => void askBackground({ type: 'workspace-switch', workspaceId: w.id })}>Switch to</button>}
                {w.serverUrl && <button type="button" onClick={() => void askBackground({ type: 'workspace-reconnect', workspaceId: w.id })}>Reconnect</button>}
                {w.id !== 'local' && leaving !== w.id && <button type="button" data-testid="workspace-leave" onClick={() => setLeaving(w.id)}>Leave</button>}
              </span>
              {leaving === w.id && <LeaveWorkspace workspace={w} onClose={() => setLeaving(null)} />}
            </li>
          );
        })}
      </ul>
      <LeftWorkspaces />
    </section>
  );
}
