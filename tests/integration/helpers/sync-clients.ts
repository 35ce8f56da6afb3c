import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from '../../../shared/protocol/sync';

export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has synced with the server. */
  synced: Promise<void>;
  /** Resolves with the server's close code once it closes the connection for good (4400–4499). */
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

/**
 * A Node client as the extension's background is: y-websocket over `ws`, token in `params`.
 * `maxBackoffTime` caps y-websocket's reconnect delay (2500 ms by default).
 */
/** A ws client class (WebSocket itself, or one with TLS options of the test's). */
export type WebSocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

export function connectClient(
  url: string,
  workspace: string,
  token: string,
  doc = new Y.Doc(),
  /** WebSocketPolyfill: a ws class of the test's (e.g. trusting a proxy's CA). */
  { WebSocketPolyfill = WebSocket, ...options }: { maxBackoffTime?: number; WebSocketPolyfill?: WebSocketClass } = {},
): SyncClient {
  const provider = new WebsocketProvider(url, workspace, doc, {
    WebSocketPolyfill: WebSocketPolyfill as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    ...options,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.once('closed', (event) => resolve(event)));
  return {
    doc,
    provider,
    synced,
    closed,
    destroy() {
      // provider.destroy() leaves the awareness timer running; destroy all three.
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

export interface RawSocket {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** Frames the server has sent so far. */
  received: Uint8Array[];
  send(frame: Uint8Array): void;
}

/** A bare `ws` socket to `/<path>?token=…`, for frames no well-behaved client would send. */
export function openRawSocket(url: string, path: string, token?: string, headers: Record<string, string> = {}): RawSocket {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${url}/${path}${query}`, { headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => {}); // a refused or reset socket reports through `closed`
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, opened, closed, received, send: (frame) => ws.send(frame) };
}

/** A sync message as y-websocket frames it: [MESSAGE_SYNC, subtype, varUint8Array(payload)]. */
export function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const updateFrame = (update: Uint8Array) => syncFrame(SYNC_UPDATE, update);
export const step1Frame = (doc: Y.Doc) => syncFrame(SYNC_STEP_1, Y.encodeStateVector(doc));

/** Polls `check` until it returns true (or throws its last failure after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends step 1 and waits for the step 2 answer: the server has handled everything sent before. */
export async function barrier(socket: RawSocket): Promise<void> {
  const before = socket.received.length;
  socket.send(step1Frame(new Y.Doc()));
  await eventually(() => socket.received.slice(before).some((f) => f[0] === MESSAGE_SYNC && f[1] === SYNC_STEP_2), 5000, 'the step 2 reply');
}
