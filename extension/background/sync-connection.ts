import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CLOSE_FORBIDDEN, CLOSE_SHUTTING_DOWN, CLOSE_TRY_AGAIN_LATER, CLOSE_UNAUTHORIZED, NO_RETRY_CLOSE_CODES } from '../../shared/protocol/sync';
import { watchServerStateVector } from './server-state';
import { publishSyncStatus, type SyncStatus } from './sync-status';

const MAX_BACKOFF_MS = 30_000;
const BASE_BACKOFF_MS = 500;

/** What a close code means to the person using Evident. */
function explainClose(code: number, reason: string): string {
  if (code === CLOSE_UNAUTHORIZED) return `The server refused the invite: it has expired, been revoked or is not valid (${reason || code}). Ask for a new invite.`;
  if (code === CLOSE_FORBIDDEN) return `The server refused this workspace for this invite (${reason || code}).`;
  if (code === CLOSE_SHUTTING_DOWN) return 'The server is restarting; trying again shortly.';
  if (code === CLOSE_TRY_AGAIN_LATER) return `The server is busy (${reason || code}); trying again shortly.`;
  return `Connection closed (${code}${reason ? `: ${reason}` : ''}); trying again shortly.`;
}

/**
 * One workspace's link to its sync server: a y-websocket provider on the workspace doc, owned by the
 * background. Reconnects with exponential backoff and full jitter (so a server restart is not met by
 * every client at once), reconnects at once when the browser comes back online, and stops for good
 * on 4401/4403, saying why.
 */
export class SyncConnection {
  readonly provider: WebsocketProvider;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private status: SyncStatus = { state: 'connecting', problem: null, lastSyncedAt: null };
  private readonly onOnline = () => this.reconnectNow();
  /** What the server said it had when the connection last opened (null before it ever did). */
  serverStateVector: Map<number, number> | null = null;
  private readonly vectorWaiters: Array<() => void> = [];

  constructor(
    private readonly workspaceId: string,
    doc: Y.Doc,
    serverUrl: string,
    token: string,
  ) {
    this.provider = new WebsocketProvider(serverUrl, workspaceId, doc, {
      connect: false,
      params: { token },
      disableBc: true, // one provider per workspace, in the background: no cross-tab channel needed
      // Every server close comes to us (the `closed` event), so we choose when to retry.
      shouldReconnect: () => false,
    });
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.update({ state: this.provider.synced ? 'synced' : 'syncing', problem: null });
      else if (status === 'connecting') this.update({ state: 'connecting' });
      else if (this.status.state !== 'refused') this.update({ state: 'offline' });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.attempts = 0;
        this.update({ state: 'synced', problem: null, lastSyncedAt: new Date().toISOString() });
      } else if (this.provider.wsconnected) this.update({ state: 'syncing' });
    });
    this.provider.on('closed', ({ code, reason }) => {
      if (NO_RETRY_CLOSE_CODES.has(code)) {
        this.update({ state: 'refused', problem: explainClose(code, reason) });
        return;
      }
      this.update({ state: 'offline', problem: explainClose(code, reason) });
      this.scheduleRetry();
    });
    watchServerStateVector(this.provider, (vector) => {
      this.serverStateVector = vector;
      for (const wake of this.vectorWaiters.splice(0)) wake();
    });
    globalThis.addEventListener?.('online', this.onOnline);
  }

  /**
   * Asks the server afresh what it has stored: a new handshake, whose sync step 1 says so. Resolves
   * with that vector, or with the last one known when the server does not answer in time.
   */
  async refreshServerState(timeoutMs = 3000): Promise<{ vector: Map<number, number> | null; fresh: boolean }> {
    if (this.status.state === 'refused') return { vector: this.serverStateVector, fresh: false };
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.vectorWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    clearTimeout(this.retryTimer);
    if (this.provider.wsconnected) this.provider.disconnect();
    this.provider.connect();
    const fresh = await answered;
    return { vector: this.serverStateVector, fresh };
  }

  get state(): SyncStatus {
    return this.status;
  }

  start(): void {
    this.update({ state: 'connecting', problem: null });
    this.provider.connect();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    globalThis.removeEventListener?.('online', this.onOnline);
    this.provider.awareness.destroy();
    this.provider.destroy();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** this.attempts++);
    this.retryTimer = setTimeout(() => this.provider.connect(), Math.random() * ceiling);
  }

  /** Tries at once rather than at the next backoff (the browser is back online; the user turned to this workspace). */
  reconnectNow(): void {
    if (this.status.state === 'refused' || this.provider.wsconnected) return;
    clearTimeout(this.retryTimer);
    this.provider.connect();
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    publishSyncStatus(this.workspaceId, this.status);
  }
}
