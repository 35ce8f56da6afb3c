import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_TOO_LARGE,
  CLOSE_TRY_AGAIN_LATER,
  type InviteClaims,
  type Role,
} from '../../shared/protocol/sync';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import { encodeRefusedMessage, type RefusalReport } from '../../shared/protocol/server-messages';
import { decodeClientMessage, type ClientMessage } from '../protocol/decode-message';
import { StoredProgress } from './stored-progress';
import { createTokenBucket, type TokenBucket } from './token-bucket';

export type ConnectionLimits = Pick<SyncServerConfig, 'maxFrameBytes' | 'messagesPerSecond' | 'keepaliveMs' | 'maxBufferedBytes'>;

/** Where a connection's messages go (its room), and whether one must wait for room first. */
export interface MessageTarget {
  /**
   * Whether `message` is an update this room stores (an editor's): its pace is the committer's, set
   * by `mustWait`, not the per-socket rate, which paces what costs the server work but stores nothing.
   */
  isStoredWrite(conn: Connection, message: ClientMessage): boolean;
  /** Whether handling `message` now would add to a queue that is full (the updates waiting for their commit). */
  mustWait(conn: Connection, message: ClientMessage): boolean;
  /** Calls `wake` once there is room; returns a function that withdraws the request. */
  waitForRoom(wake: () => void): () => void;
  /** May throw on input no check foresaw: that socket is closed (4400), no other. */
  handleMessage(conn: Connection, message: ClientMessage): void;
}

/**
 * Sockets written to in this tick, corked: each one's frames leave together, in one write, when
 * the tick ends (process.nextTick, before the event loop goes on; no latency is added). A group
 * commit releases its updates in one tick, so a client gets all of them in one syscall, not one
 * (two buffers, header and payload) per update: at max rate, writes were most of the server's CPU.
 */
const corked = new Set<Duplex>();
let isUncorkQueued = false;
function uncorkAll(): void {
  isUncorkQueued = false;
  for (const transport of corked) transport.uncork();
  corked.clear();
}

/**
 * One authenticated socket: who it is (the token's claims), the one awareness client id it may
 * speak for, and the limits that protect the server from it.
 *
 * Flow control, not disconnection: a client sending faster than its share is slowed. Every frame is
 * checked as it arrives (binary, within the size limit, decodable: anything else closes this socket,
 * and only this one, with a 44xx code, since sending it again cannot help); then it waits in this
 * connection's inbox for its turn. An editor's update waits for room in the commit backlog
 * (commit-backlog.ts): its share is the room's committer, taken in turn with the room's other
 * writers, so a fast writer goes as fast as commits land and no faster. Anything else (a sync step 1,
 * which makes the server encode the doc; presence, which fans out to the room; a reviewer's write)
 * costs work without passing the committer, so it waits for a token from the per-socket bucket
 * (`messagesPerSecond`). While a message waits, the
 * socket is not read (`ws.pause()` pauses the TCP socket under it): the kernel's receive buffer fills
 * and TCP's flow control stops the sender, which queues in its own send buffer. What the inbox holds
 * is bounded by what one read from the socket carried. Messages are handled in the order sent.
 */
export class Connection {
  /** The awareness client id this socket speaks for: the first it used (see Room). */
  awarenessClientId: number | null = null;
  /** How far this socket's writes are stored, reported to it when it reads Evident's own messages. */
  readonly storedProgress = new StoredProgress();
  private readonly bucket: TokenBucket;
  private readonly keepalive: ReturnType<typeof setInterval>;
  private isAlive = true;
  private isClosing = false;
  private target: MessageTarget | null = null;
  /** Checked, decoded, waiting for their turn: `inbox[next]` is the first (no shift: a read can carry thousands). */
  private readonly inbox: ClientMessage[] = [];
  private next = 0;
  private rateTimer: ReturnType<typeof setTimeout> | null = null;
  private cancelRoomWait: (() => void) | null = null;
  private isSocketPaused = false;
  /** A pong cannot be read while the socket is paused: no verdict on liveness for that interval. */
  private wasPausedSincePing = false;

  constructor(
    readonly socket: WebSocket,
    readonly claims: InviteClaims,
    private readonly limits: ConnectionLimits,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
    /** The TCP socket under `socket` (the one its HTTP upgrade came on), corked while a tick writes. */
    private readonly transport: Duplex | null = null,
    /** The client asked for Evident's own messages (MESSAGE_STORED, MESSAGE_REFUSED) in its address. */
    readonly speaksEvident = false,
  ) {
    this.bucket = createTokenBucket(limits.messagesPerSecond);
    metrics.connections.inc({ role: this.role });
    // A socket whose peer vanished (sleeping laptop, dropped Wi-Fi) never emits 'close' by itself:
    // ping, and drop it if the previous ping went unanswered (as y-websocket's reference server does).
    this.keepalive = setInterval(() => {
      if (!this.isAlive && !this.wasPausedSincePing) {
        this.socket.terminate();
        return;
      }
      this.isAlive = false;
      this.wasPausedSincePing = this.isPaused;
      this.socket.ping();
    }, limits.keepaliveMs);
    socket.on('pong', () => (this.isAlive = true));
  }

  get role(): Role {
    return this.claims.role;
  }

  get isReviewer(): boolean {
    return this.claims.role === 'reviewer';
  }

  get isOpen(): boolean {
    return !this.isClosing && this.socket.readyState === this.socket.OPEN;
  }

  /** Waiting for a token or for room: the socket is not being read. */
  private get isPaused(): boolean {
    return this.rateTimer !== null || this.cancelRoomWait !== null;
  }

  /** Starts reading the socket's messages, for `target`. */
  listen(target: MessageTarget): void {
    this.target = target;
    this.socket.on('message', (data, isBinary) => {
      const message = this.receive(data, isBinary);
      if (message === null) return;
      this.inbox.push(message);
      if (!this.isPaused) this.deliver();
    });
  }

  /** Checks one frame from the client; returns its message, or null after closing the socket. */
  private receive(data: RawData, isBinary: boolean): ClientMessage | null {
    if (this.isClosing) return null;
    const bytes = toBytes(data);
    this.metrics.framesIn.inc();
    this.metrics.bytesIn.inc(bytes.byteLength);
    // ws's maxPayload already closes with 1009 past the limit; this is the same rule, stated here.
    if (bytes.byteLength > this.limits.maxFrameBytes) return this.refuse(CLOSE_TOO_LARGE, 'frame too large');
    if (!isBinary) return this.refuse(CLOSE_BAD_MESSAGE, 'text frames are not part of the protocol');
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok) return this.refuse(CLOSE_BAD_MESSAGE, 'message does not decode', decoded.error);
    return decoded.value;
  }

  /** Hands over waiting messages in order while each may go; pauses the socket at the first that may not. */
  private deliver(): void {
    const target = this.target!;
    while (this.next < this.inbox.length && !this.isClosing) {
      const message = this.inbox[this.next]!;
      if (target.mustWait(this, message)) return this.pause('backlog', () => (this.cancelRoomWait = target.waitForRoom(this.resumeAfterRoom)));
      const waitMs = target.isStoredWrite(this, message) ? 0 : this.bucket.take();
      if (waitMs > 0) return this.pause('rate', () => (this.rateTimer = setTimeout(this.resumeAfterRate, waitMs)));
      this.next++;
      try {
        target.handleMessage(this, message);
      } catch (error) {
        // The edge for client input: whatever a message makes the room throw closes that socket only.
        this.log.warn({ workspace: this.claims.ws, jti: this.claims.jti, type: message.type, error: String(error) }, 'message failed');
        this.close(CLOSE_BAD_MESSAGE, 'message failed');
      }
    }
    this.inbox.length = 0;
    this.next = 0;
    if (this.isSocketPaused && !this.isClosing) this.resumeSocket();
  }

  private pause(reason: 'rate' | 'backlog', wait: () => void): void {
    this.metrics.readsPaused.inc({ reason });
    if (!this.isSocketPaused) this.socket.pause();
    this.isSocketPaused = true;
    this.wasPausedSincePing = true;
    wait();
  }

  private resumeSocket(): void {
    this.isSocketPaused = false;
    this.socket.resume();
  }

  private readonly resumeAfterRate = (): void => {
    this.rateTimer = null;
    this.deliver();
  };

  private readonly resumeAfterRoom = (): void => {
    this.cancelRoomWait = null;
    this.deliver();
  };

  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_TRY_AGAIN_LATER, 'reader too slow');
      return;
    }
    this.metrics.framesOut.inc();
    this.metrics.bytesOut.inc(frame.byteLength);
    if (this.transport && !corked.has(this.transport)) {
      this.transport.cork();
      corked.add(this.transport);
      if (!isUncorkQueued) {
        isUncorkQueued = true;
        process.nextTick(uncorkAll);
      }
    }
    this.socket.send(frame);
  }

  /** Closes with `code`; what the inbox still holds is dropped (its client sends it again when it reconnects). */
  close(code: number, reason: string): void {
    if (this.isClosing) return;
    this.stopReading();
    this.metrics.socketsClosed.inc({ code: String(code) });
    // Read again, or the client's answering close frame would wait behind the pause (ws waits 30 s).
    if (this.isSocketPaused) this.resumeSocket();
    this.socket.close(code, reason);
  }

  /**
   * Refuses a write the server will not take: says why (to a client that reads Evident's messages),
   * then closes with `code`. The write was not applied, so nothing of it reaches anyone.
   */
  refuseWrite(refusal: RefusalReport, code: number): void {
    if (this.isClosing) return;
    this.log.warn({ workspace: this.claims.ws, jti: this.claims.jti, reason: refusal.reason, code }, refusal.message);
    this.metrics.writesRefused.inc({ reason: refusal.reason });
    if (this.speaksEvident) this.send(encodeRefusedMessage(refusal));
    this.close(code, `refused: ${refusal.reason}`);
  }

  /** Called once the socket has closed: stops the keepalive and counts the connection out. */
  dispose(): void {
    this.stopReading();
    clearInterval(this.keepalive);
    this.metrics.connections.dec({ role: this.role });
  }

  private stopReading(): void {
    this.isClosing = true;
    this.inbox.length = 0;
    this.next = 0;
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.rateTimer = null;
    this.cancelRoomWait?.();
    this.cancelRoomWait = null;
  }

  private refuse(code: number, reason: string, detail?: string): null {
    this.log.warn({ workspace: this.claims.ws, jti: this.claims.jti, code, reason, detail }, 'closing socket');
    this.close(code, reason);
    return null;
  }
}

/** ws hands over a Buffer (or fragments); decode from a copy we own, never a pooled buffer's view. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}
