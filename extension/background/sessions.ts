import { storage } from 'wxt/utils/storage';
import { WorkspaceSession } from './workspace-session';

/**
 * The workspaces this browser holds. Issue #2 has one local workspace; sync (issue #4) adds more and a
 * switcher, which is why sessions are keyed by workspace id from the start.
 */
export const DEFAULT_WORKSPACE = 'local';
export const activeWorkspaceItem = storage.defineItem<string>('local:activeWorkspace', {
  fallback: DEFAULT_WORKSPACE,
});

const sessions = new Map<string, WorkspaceSession>();

export function sessionFor(workspaceId: string): WorkspaceSession {
  let session = sessions.get(workspaceId);
  if (!session) sessions.set(workspaceId, (session = new WorkspaceSession(workspaceId)));
  return session;
}

export async function activeSession(): Promise<WorkspaceSession> {
  return sessionFor(await activeWorkspaceItem.getValue());
}
