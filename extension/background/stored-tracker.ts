import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { readRefusedMessage, readStoredMessage, type RefusalReport } from '../../shared/protocol/server-messages';
import { MESSAGE_REFUSED, MESSAGE_STORED, MESSAGE_SYNC, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol/sync';

export interface StoredState {
  /** Every change in this replica is durably on the server, as the server has said. */
  isStored: boolean;
  /** When the server last confirmed holding everything this replica has. */
  lastStoredAt: Date | null;
}

/** A frame the client sends that carries doc content: sync step 2 or an update ([0, 1|2, …]; both numbers < 128, one byte each). */
const isWriteFrame = (data: unknown) =>
  data instanceof Uint8Array && data[0] === MESSAGE_SYNC && (data[1] === SYNC_STEP_2 || data[1] === SYNC_UPDATE);

/**
 * Whether everything in a replica is stored on the server, from what the server says (MESSAGE_STORED)
 * rather than from the handshake: "synced" must never be shown for a change the server could still lose.
 *
 * Two checks, both needed:
 * - Writes: the server counts this socket's write messages (sync step 2 and updates) that are
 *   committed; this counts those sent. Everything local is stored once the server has stored this
 *   socket's step 2 (which carried all the server lacked when it connected) and the write that carried
 *   the last local edit. A count, because deleting moves no state-vector clock.
 * - State vector: every clock this replica holds is one the server reports committed, or arrived
 *   from the server (which sends only what it has committed). It catches what a count cannot: content
 *   the server took but could not integrate yet, and so has not stored.
 *
 * A new local edit makes the replica unstored at once (its write is not acknowledged yet). A reviewer's
 * writes are dropped by the server, and the extension makes none: for a read-only replica, in step
 * with the server is as stored as it can be.
 */
export class StoredTracker {
  private writesSent = 0;
  private step2Write: number | null = null;
  private writesStored = 0;
  /** The write that carried the latest local edit on this socket (0: none since it opened). */
  private lastEditWrite = 0;
  private readonly storedClocks = new Map<number, number>();
  private provider: WebsocketProvider | null = null;
  private state: StoredState = { isStored: false, lastStoredAt: null };

  constructor(
    private readonly doc: Y.Doc,
    private readonly options: {
      readOnly: boolean;
      onChange: (state: StoredState) => void;
      /** The server refused a write and is closing the socket (MESSAGE_REFUSED). */
      onRefused?: (refusal: RefusalReport) => void;
      now?: () => Date;
    },
  ) {}

  /** The WebSocket class for the provider: counts write frames per socket. */
  webSocketClass(Base: typeof WebSocket): typeof WebSocket {
    const tracker = this;
    return class CountingWebSocket extends Base {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        tracker.socketOpened();
      }
      override send(data: Parameters<WebSocket['send']>[0]): void {
        if (isWriteFrame(data)) tracker.wrote(data as Uint8Array);
        super.send(data);
      }
    };
  }

  /** Hooks into the provider (made with `webSocketClass`): Evident's messages, and what it receives. */
  attach(provider: WebsocketProvider): void {
    this.provider = provider;
    provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => this.received(decoder);
    provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
      const refusal = readRefusedMessage(decoder);
      if (refusal.ok) this.options.onRefused?.(refusal.value);
    };
    this.doc.on('afterTransaction', this.onTransaction);
    // After the provider's own 'update' listener (registered when it was made), which sends the edit.
    this.doc.on('update', this.onUpdate);
    provider.on('sync', this.onProviderEvent);
    provider.on('status', this.onProviderEvent);
  }

  detach(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    this.doc.off('update', this.onUpdate);
    this.provider?.off('sync', this.onProviderEvent);
    this.provider?.off('status', this.onProviderEvent);
  }

  get current(): StoredState {
    return this.state;
  }

  /** The clocks the server has said it stores (its reports, and what it sent), kept across sockets. */
  get storedStateVector(): ReadonlyMap<number, number> {
    return this.storedClocks;
  }

  private socketOpened(): void {
    this.writesSent = 0;
    this.writesStored = 0;
    this.step2Write = null;
    this.lastEditWrite = 0;
    this.recompute();
  }

  private wrote(frame: Uint8Array): void {
    this.writesSent++;
    if (this.step2Write === null && frame[1] === SYNC_STEP_2) this.step2Write = this.writesSent;
  }

  private received(decoder: decoding.Decoder): void {
    const report = readStoredMessage(decoder);
    if (!report.ok) return; // a newer layout: ignored, and the replica shows as not stored
    this.writesStored = Math.max(this.writesStored, report.value.writesStored);
    for (const [client, clock] of report.value.stateVector) this.raiseStoredClock(client, clock);
    this.recompute(true);
  }

  private raiseStoredClock(client: number, clock: number): void {
    if ((this.storedClocks.get(client) ?? 0) < clock) this.storedClocks.set(client, clock);
  }

  /** From the server, which sends only what it has committed: stored. */
  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (transaction.origin !== this.provider) return;
    for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) this.raiseStoredClock(client, clock);
    this.recompute();
  };

  /**
   * A local edit: y-websocket has just sent it (its listener ran first) if the socket is open, as this
   * socket's latest write; otherwise this socket's step 2 will carry it.
   */
  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) return;
    this.lastEditWrite = this.writesSent;
    this.recompute();
  };

  private readonly onProviderEvent = (): void => this.recompute();

  private isEverythingStored(): boolean {
    const provider = this.provider;
    if (!provider?.wsconnected || !provider.synced) return false;
    if (this.options.readOnly) return true;
    if (this.step2Write === null || this.writesStored < Math.max(this.step2Write, this.lastEditWrite)) return false;
    for (const [client, structs] of this.doc.store.clients) {
      const last = structs[structs.length - 1];
      if (last && (this.storedClocks.get(client) ?? 0) < last.id.clock + last.length) return false;
    }
    return true;
  }

  /** `confirmed`: the server has just reported storing (the time shown moves only then, or on becoming stored). */
  private recompute(confirmed = false): void {
    const isStored = this.isEverythingStored();
    const lastStoredAt = isStored && (confirmed || !this.state.isStored) ? (this.options.now?.() ?? new Date()) : this.state.lastStoredAt;
    if (isStored === this.state.isStored && lastStoredAt === this.state.lastStoredAt) return;
    this.state = { isStored, lastStoredAt };
    this.options.onChange(this.state);
  }
}
