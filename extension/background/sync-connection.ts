import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { RefusalReport } from '../../shared/protocol/server-messages';
import {
  CLOSE_FORBIDDEN,
  CLOSE_REFUSED_UPDATE,
  CLOSE_SHUTTING_DOWN,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNAUTHORIZED,
  EVIDENT_PROTOCOL_PARAM,
  EVIDENT_PROTOCOL_VERSION,
  NO_RETRY_CLOSE_CODES,
} from '../../shared/protocol/sync';
import { watchServerStateVector } from './server-state';
import { StoredTracker } from './stored-tracker';
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

export interface SyncConnectionOptions {
  /** A reviewer's workspace: the server stores none of its writes, and it makes none. */
  readOnly: boolean;
  /**
   * The server refused one of this replica's updates as destroying clips (4422): sent again, it
   * would be refused again, so the replica must be rebuilt from the server's before reconnecting.
   */
  onReplicaRefused: (refusal: RefusalReport) => void;
}

/**
 * One workspace's link to its sync server: a y-websocket provider on the workspace doc, owned by the
 * background. Reconnects with exponential backoff and full jitter (so a server restart is not met by
 * every client at once), reconnects at once when the browser comes back online, and stops for good
 * on 4401/4403, saying why. "synced" means stored: every change in the replica is durably on the
 * server, as the server has said (StoredTracker), not merely that the handshake is done.
 */
export class SyncConnection {
  readonly provider: WebsocketProvider;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private status: SyncStatus = { state: 'connecting', problem: null, lastSyncedAt: null, lastStoredAt: null };
  private readonly stored: StoredTracker;
  /** What the server said when it last refused a write, until the socket it came on closes. */
  private refusal: RefusalReport | null = null;
  private readonly onOnline = () => this.reconnectNow();
  /** What the server said it had when the connection last opened (null before it ever did). */
  serverStateVector: Map<number, number> | null = null;
  private readonly vectorWaiters: Array<() => void> = [];

  constructor(
    private readonly workspaceId: string,
    doc: Y.Doc,
    serverUrl: string,
    token: string,
    private readonly options: SyncConnectionOptions,
  ) {
    this.stored = new StoredTracker(doc, {
      readOnly: options.readOnly,
      onChange: ({ isStored, lastStoredAt }) => {
        if (lastStoredAt) this.status = { ...this.status, lastStoredAt: lastStoredAt.toISOString() };
        if (this.provider.wsconnected) this.update({ state: isStored ? 'synced' : 'syncing' });
      },
      onRefused: (refusal) => (this.refusal = refusal),
    });
    this.provider = new WebsocketProvider(serverUrl, workspaceId, doc, {
      connect: false,
      // `evident`: the server tells this client what it has stored, and why it refuses a write.
      params: { token, [EVIDENT_PROTOCOL_PARAM]: String(EVIDENT_PROTOCOL_VERSION) },
      WebSocketPolyfill: this.stored.webSocketClass(globalThis.WebSocket),
      disableBc: true, // one provider per workspace, in the background: no cross-tab channel needed
      // Every server close comes to us (the `closed` event), so we choose when to retry.
      shouldReconnect: () => false,
    });
    this.stored.attach(this.provider);
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.update({ state: this.stored.current.isStored ? 'synced' : 'syncing', problem: null });
      else if (status === 'connecting') this.update({ state: 'connecting' });
      else if (this.status.state !== 'refused') this.update({ state: 'offline' });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.attempts = 0;
        this.update({ state: this.stored.current.isStored ? 'synced' : 'syncing', problem: null, lastSyncedAt: new Date().toISOString() });
      } else if (this.provider.wsconnected) this.update({ state: 'syncing' });
    });
    this.provider.on('closed', ({ code, reason }) => {
      const refusal = this.refusal;
      this.refusal = null;
      if (code === CLOSE_REFUSED_UPDATE) {
        const why = refusal ?? { reason: 'mass-delete', message: reason || 'The server refused a change from this browser.' };
        this.update({ state: 'syncing', problem: `${why.message} Getting the workspace again from the server…` });
        this.options.onReplicaRefused(why);
        return;
      }
      if (refusal) {
        // Refused for now (the workspace's quota): kept here, and sent again after the backoff.
        this.update({ state: 'offline', problem: refusal.message });
        this.scheduleRetry();
        return;
      }
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

  /** What the server has said it stores of this replica (StoredTracker), beside its handshake's vector. */
  get storedStateVector(): ReadonlyMap<number, number> {
    return this.stored.storedStateVector;
  }

  /** The server has just confirmed storing every change this replica holds (the socket is open). */
  get isAllStored(): boolean {
    return this.provider.wsconnected && this.stored.current.isStored;
  }

  start(): void {
    this.update({ state: 'connecting', problem: null });
    this.provider.connect();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.stored.detach();
    globalThis.removeEventListener?.('online', this.onOnline);
    this.provider.awareness.destroy();
    this.provider.destroy();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** this.attempts++);
    this.retryTimer = setTimeout(() => this.provider.connect(), Math.random() * ceiling);
  }

  /** Shows the user something that happened to this workspace's copy, beside its sync state, until the worker stops. */
  showNotice(notice: string): void {
    this.update({ notice });
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
