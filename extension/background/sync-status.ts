import { storage } from 'wxt/utils/storage';

/**
 * How each workspace's sync stands, published to session storage so every Evident page can show it
 * (the options page, the dashboard's indicator) without asking the background.
 */
export type SyncState = 'local' | 'offline' | 'connecting' | 'syncing' | 'synced' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** Why it is refused or offline, in words for the user. */
  problem: string | null;
  /** When it was last in step with the server (ISO), if ever. */
  lastSyncedAt: string | null;
  /** When the server last confirmed storing every change this browser holds (ISO), if ever. */
  lastStoredAt?: string | null;
  /**
   * Something the server did that the user should know, in words for the user, though sync goes on:
   * it refused a change from this browser, and this browser's copy was rebuilt from the server's.
   * Unlike `problem` it stays after the connection recovers.
   */
  notice?: string | null;
}

export const syncStatusItem = storage.defineItem<Record<string, SyncStatus>>('session:syncStatus', { fallback: {} });

const statuses: Record<string, SyncStatus> = {};
let writeTimer: ReturnType<typeof setTimeout> | undefined;

/** Records a workspace's status; bursts of changes (a flapping connection) cost one write. */
export function publishSyncStatus(workspaceId: string, status: SyncStatus): void {
  statuses[workspaceId] = status;
  clearTimeout(writeTimer);
  writeTimer = setTimeout(() => void syncStatusItem.setValue({ ...statuses }), 25);
}
