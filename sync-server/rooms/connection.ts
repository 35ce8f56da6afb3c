import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_LARGE,
  type InviteClaims,
  type Role,
} from '../../shared/protocol/sync';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import { decodeClientMessage, type ClientMessage } from '../protocol/decode-message';
import { createTokenBucket, type TokenBucket } from './token-bucket';

/** RFC 6455 1013 "Try Again Later": y-websocket retries it, which is right for a reader that fell behind. */
const CLOSE_TOO_SLOW = 1013;

export type ConnectionLimits = Pick<SyncServerConfig, 'maxFrameBytes' | 'messagesPerSecond' | 'keepaliveMs' | 'maxBufferedBytes'>;

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
 * speak for, and the limits that protect the server from it. Every frame passes `receive` first:
 * binary only, within the size limit, within the rate, and decodable; anything else closes this
 * socket (and only this one).
 */
export class Connection {
  /** The awareness client id this socket speaks for: the first it used (see Room). */
  awarenessClientId: number | null = null;
  private readonly bucket: TokenBucket;
  private readonly keepalive: ReturnType<typeof setInterval>;
  private isAlive = true;
  private isClosing = false;

  constructor(
    readonly socket: WebSocket,
    readonly claims: InviteClaims,
    private readonly limits: ConnectionLimits,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
    /** The TCP socket under `socket` (the one its HTTP upgrade came on), corked while a tick writes. */
    private readonly transport: Duplex | null = null,
  ) {
    this.bucket = createTokenBucket(limits.messagesPerSecond);
    metrics.connections.inc({ role: this.role });
    // A socket whose peer vanished (sleeping laptop, dropped Wi-Fi) never emits 'close' by itself:
    // ping, and drop it if the previous ping went unanswered (as y-websocket's reference server does).
    this.keepalive = setInterval(() => {
      if (!this.isAlive) {
        this.socket.terminate();
        return;
      }
      this.isAlive = false;
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

  /** Checks one frame from the client; returns its message, or null after closing the socket. */
  receive(data: RawData, isBinary: boolean): ClientMessage | null {
    if (this.isClosing) return null;
    const bytes = toBytes(data);
    this.metrics.framesIn.inc();
    this.metrics.bytesIn.inc(bytes.byteLength);
    // ws's maxPayload already closes with 1009 past the limit; this is the same rule, stated here.
    if (bytes.byteLength > this.limits.maxFrameBytes) return this.refuse(CLOSE_TOO_LARGE, 'frame too large');
    if (!this.bucket.tryTake()) return this.refuse(CLOSE_RATE_LIMITED, 'too many messages');
    if (!isBinary) return this.refuse(CLOSE_BAD_MESSAGE, 'text frames are not part of the protocol');
    const decoded = decodeClientMessage(bytes);
    if (!decoded.ok) return this.refuse(CLOSE_BAD_MESSAGE, 'message does not decode', decoded.error);
    return decoded.value;
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_TOO_SLOW, 'reader too slow');
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

  close(code: number, reason: string): void {
    if (this.isClosing) return;
    this.isClosing = true;
    this.metrics.socketsClosed.inc({ code: String(code) });
    this.socket.close(code, reason);
  }

  /** Called once the socket has closed: stops the keepalive and counts the connection out. */
  dispose(): void {
    this.isClosing = true;
    clearInterval(this.keepalive);
    this.metrics.connections.dec({ role: this.role });
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
