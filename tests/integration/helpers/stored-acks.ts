import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readStoredMessage } from '../../../shared/protocol/server-messages';
import { EVIDENT_PROTOCOL_PARAM, EVIDENT_PROTOCOL_VERSION, MESSAGE_STORED, MESSAGE_SYNC, SYNC_STEP_2, SYNC_UPDATE } from '../../../shared/protocol/sync';
import type { SyncClient } from './sync-clients';

/** One of the client's own edits, as Yjs emitted it. */
interface OwnEdit {
  update: Uint8Array;
  /** The client's own clock after it, or null when it made no struct (a deletion only: no clock says it is stored). */
  clockAfter: number | null;
  /** The server has said this edit is stored. */
  isToldStored: boolean;
}

/**
 * Which of one client's own edits the server has said are stored (MESSAGE_STORED), read as the
 * protocol defines it rather than through the extension's tracker: this socket's write messages
 * (sync step 2 and updates) are counted as sent, and `writes stored` marks the edits the first that
 * many carried; the state vector entries mark every edit whose structs the reported clock of this
 * client covers.
 */
export class StoredAcks {
  readonly own: OwnEdit[] = [];
  /** The current socket's write messages in the order sent: the range of `own` each carried. */
  private writes: Array<{ from: number; to: number }> = [];
  private writesMarked = 0;
  /** `own` before this index is settled as far as the state vector can tell (clocks only grow). */
  private clockMarked = 0;
  reports = 0;
  /** Indexes into `own` told stored since `takeNewlyTold` last ran. */
  private newlyTold: number[] = [];

  constructor(private readonly doc: Y.Doc) {}

  /** Before the provider is made: the edit is recorded before y-websocket's listener sends it. */
  watchEdits(isFromServer: (origin: unknown) => boolean): void {
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (isFromServer(origin)) return;
      const before = transaction.beforeState.get(this.doc.clientID) ?? 0;
      const after = transaction.afterState.get(this.doc.clientID) ?? 0;
      this.own.push({ update, clockAfter: after > before ? after : null, isToldStored: false });
    });
  }

  socketOpened(): void {
    this.writes = [];
    this.writesMarked = 0;
  }

  /** A frame this client sends: an update carries the edit just made; a step 2 everything the server lacked. */
  sent(frame: Uint8Array): void {
    if (frame[0] !== MESSAGE_SYNC) return;
    if (frame[1] === SYNC_UPDATE) {
      const last = this.own.length - 1;
      const payload = decoding.readVarUint8Array(decoding.createDecoder(frame.subarray(2)));
      const isLastEdit = last >= 0 && Buffer.from(payload).equals(this.own[last]!.update);
      this.writes.push(isLastEdit ? { from: last, to: last + 1 } : { from: 0, to: 0 });
    } else if (frame[1] === SYNC_STEP_2) {
      // Every edit not yet stored that exists now: the server's step 2 handling stores those it lacked,
      // and a report covering this write says everything handed over before it is committed.
      this.writes.push({ from: 0, to: this.own.length });
    }
  }

  received(decoder: decoding.Decoder): void {
    const report = readStoredMessage(decoder);
    if (!report.ok) throw new Error(report.error);
    this.reports++;
    for (; this.writesMarked < Math.min(report.value.writesStored, this.writes.length); this.writesMarked++) {
      const { from, to } = this.writes[this.writesMarked]!;
      for (let i = from; i < to; i++) this.markTold(i);
    }
    const clock = report.value.stateVector.get(this.doc.clientID);
    if (clock === undefined) return;
    for (; this.clockMarked < this.own.length; this.clockMarked++) {
      const edit = this.own[this.clockMarked]!;
      if (edit.clockAfter === null) continue;
      if (edit.clockAfter > clock) break;
      this.markTold(this.clockMarked);
    }
  }

  private markTold(index: number): void {
    if (this.own[index]!.isToldStored) return;
    this.own[index]!.isToldStored = true;
    this.newlyTold.push(index);
  }

  /** The edits told stored since the last call (a check need not merge all of them again each time). */
  takeNewlyTold(): Uint8Array[] {
    const taken = this.newlyTold.map((i) => this.own[i]!.update);
    this.newlyTold = [];
    return taken;
  }

  get toldStored(): Uint8Array[] {
    return this.own.filter((edit) => edit.isToldStored).map((edit) => edit.update);
  }
}

export interface AckedClient extends SyncClient {
  acks: StoredAcks;
}

/** A y-websocket client that asks for Evident's messages (`?evident=1`) and records what it is told stored. */
export function connectAckedClient(url: string, workspace: string, token: string, options: { maxBackoffTime?: number } = {}): AckedClient {
  const doc = new Y.Doc();
  const acks = new StoredAcks(doc);
  let provider: WebsocketProvider | null = null;
  acks.watchEdits((origin) => origin === provider);
  // As the extension's tracker does: y-websocket only ever calls `send(frame)`.
  const Base = WebSocket as unknown as typeof globalThis.WebSocket;
  class CountingWebSocket extends Base {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      acks.socketOpened();
    }
    override send(data: Parameters<globalThis.WebSocket['send']>[0]): void {
      if (data instanceof Uint8Array) acks.sent(data);
      super.send(data);
    }
  }
  provider = new WebsocketProvider(url, workspace, doc, {
    WebSocketPolyfill: CountingWebSocket,
    params: { token, [EVIDENT_PROTOCOL_PARAM]: String(EVIDENT_PROTOCOL_VERSION) },
    disableBc: true,
    ...options,
  });
  provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => acks.received(decoder);
  const connected = provider;
  const synced = new Promise<void>((resolve) => connected.once('sync', (isSynced: boolean) => isSynced && resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => connected.once('closed', (event) => resolve(event)));
  return {
    doc,
    provider: connected,
    acks,
    synced,
    closed,
    destroy() {
      connected.destroy();
      connected.awareness.destroy();
      doc.destroy();
    },
  };
}
