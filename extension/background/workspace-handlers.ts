import type { Browser } from 'wxt/browser';
import type { BackgroundRequest, BackgroundResponses } from '../../shared/protocol/messages';
import { peekInviteClaims } from '../../shared/protocol/sync';
import { formatDateTime } from '../../shared/labels';
import { err, ok, type Result } from '../../shared/result';
import { announcePage } from './presence';
import { unconfirmedChanges } from './pending-changes';
import { deleteLocalReplica } from './local-replica';
import { activeWorkspaceItem, closeSession, connectionFor, disconnect, ensureSynced } from './sessions';
import { leftWorkspacesItem, listWorkspaces, saveWorkspace, workspaceEntry, workspacesItem } from './workspaces';

type WorkspaceRequestType =
  | 'workspace-join' | 'workspace-switch' | 'workspace-leave' | 'workspace-reconnect' | 'presence-page' | 'workspace-pending' | 'workspace-forget';
type Handler<T extends WorkspaceRequestType> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: Browser.runtime.MessageSender,
) => Promise<Result<BackgroundResponses[T], string>>;

function checkServerUrl(text: string): Result<string, string> {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return err(`"${text}" is not a sync server address: it starts ws:// or wss://`);
    if (url.search || url.hash) return err('give the server address without ? or #');
    return ok(url.toString().replace(/\/+$/, ''));
  } catch {
    return err(`"${text}" is not a sync server address such as ws://127.0.0.1:1234`);
  }
}

/** Joining, switching and leaving workspaces, and presence; routed by router.ts. */
export const workspaceHandlers: { [T in WorkspaceRequestType]: Handler<T> } = {
  'workspace-join': async ({ serverUrl, token }) => {
    const server = checkServerUrl(serverUrl);
    if (!server.ok) return server;
    const claims = peekInviteClaims(token.trim());
    if (!claims) return err('That is not an Evident invite token: copy the whole last line that `evident-sync invite` printed.');
    if (claims.exp * 1000 < Date.now()) return err(`That invite expired on ${formatDateTime(new Date(claims.exp * 1000).toISOString())}; ask for a new one.`);
    disconnect(claims.ws);
    const entry = { id: claims.ws, name: claims.ws, serverUrl: server.value, token: token.trim(), role: claims.role, expiresAt: claims.exp };
    await saveWorkspace(entry);
    // Joining one left earlier picks its copy up where it was: no longer "left".
    await leftWorkspacesItem.setValue((await leftWorkspacesItem.getValue()).filter((w) => w.id !== claims.ws));
    await activeWorkspaceItem.setValue(claims.ws);
    void ensureSynced(entry);
    return ok({ workspaceId: claims.ws, role: claims.role });
  },
  'workspace-switch': async ({ workspaceId }) => {
    if (!(await workspaceEntry(workspaceId))) return err(`no workspace ${workspaceId} in this browser`);
    await activeWorkspaceItem.setValue(workspaceId);
    // Whoever turns to a workspace wants it current now, not after a backoff grown while the server was away.
    connectionFor(workspaceId)?.reconnectNow();
    return ok(undefined);
  },
  'workspace-pending': async ({ workspaceId }) => {
    if (!(await workspaceEntry(workspaceId))) return err(`no workspace ${workspaceId} in this browser`);
    return unconfirmedChanges(workspaceId, { ask: true });
  },
  'workspace-leave': async ({ workspaceId }) => {
    if (workspaceId === 'local') return err('the local workspace cannot be left');
    const entry = await workspaceEntry(workspaceId);
    if (!entry) return err(`no workspace ${workspaceId} in this browser`);
    const pending = await unconfirmedChanges(workspaceId, { ask: true });
    await closeSession(workspaceId);
    const left = (await leftWorkspacesItem.getValue()).filter((w) => w.id !== workspaceId);
    const unconfirmed = pending.ok ? pending.value.unconfirmed : 0;
    const certain = pending.ok && pending.value.checked === 'now';
    await leftWorkspacesItem.setValue([...left, { id: entry.id, name: entry.name, serverUrl: entry.serverUrl, leftAt: new Date().toISOString(), unconfirmed, certain }]);
    await workspacesItem.setValue((await listWorkspaces()).filter((w) => w.id !== workspaceId));
    if ((await activeWorkspaceItem.getValue()) === workspaceId) await activeWorkspaceItem.setValue('local');
    return ok(undefined);
  },
  'workspace-forget': async ({ workspaceId }) => {
    const left = await leftWorkspacesItem.getValue();
    if (!left.some((w) => w.id === workspaceId) || (await workspaceEntry(workspaceId))) {
      return err(`${workspaceId} is not a workspace you left: leave it first, then delete its copy`);
    }
    await deleteLocalReplica(workspaceId);
    await leftWorkspacesItem.setValue(left.filter((w) => w.id !== workspaceId));
    return ok(undefined);
  },
  'workspace-reconnect': async ({ workspaceId }) => {
    const entry = await workspaceEntry(workspaceId);
    if (!entry) return err(`no workspace ${workspaceId} in this browser`);
    disconnect(workspaceId);
    await ensureSynced(entry);
    return ok(undefined);
  },
  'presence-page': async ({ url, title, visible }) => {
    const active = await activeWorkspaceItem.getValue();
    if (connectionFor(active)) announcePage(active, visible ? { url, title } : null);
    return ok(undefined);
  },
};
