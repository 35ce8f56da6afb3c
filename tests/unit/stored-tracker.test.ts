import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ObservableV2 } from 'lib0/observable';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { StoredTracker } from '../../extension/background/stored-tracker';
import { encodeStoredMessage } from '../../shared/protocol/server-messages';
import { MESSAGE_STORED, MESSAGE_SYNC, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol/sync';

/** Just what the tracker uses of a y-websocket provider: its handler table, its state and its events. */
class FakeProvider extends ObservableV2<Record<string, (...args: unknown[]) => void>> {
  messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder, ...rest: unknown[]) => void> = [];
  wsconnected = false;
  synced = false;
}

/** A socket class for `webSocketClass` to extend: records nothing, sends nowhere. */
class NullSocket {
  constructor(_url: string | URL, _protocols?: string | string[]) {}
  send(_data: unknown): void {}
}

function setUp({ readOnly = false } = {}) {
  const doc = new Y.Doc();
  const provider = new FakeProvider();
  let now = 0;
  const tracker = new StoredTracker(doc, { readOnly, onChange: () => {}, now: () => new Date(++now * 1000) });
  const Socket = tracker.webSocketClass(NullSocket as unknown as typeof WebSocket);
  let socket: WebSocket | null = null;
  // As y-websocket does: its own 'update' listener (registered first) sends each local edit while connected.
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== provider && provider.wsconnected) socket!.send(frame(SYNC_UPDATE, update));
  });
  tracker.attach(provider as unknown as WebsocketProvider);
  const frame = (subtype: number, payload: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };
  return {
    doc,
    tracker,
    /** A new socket opens, the handshake completes, and the client sends its step 2. */
    connect() {
      socket = new Socket('ws://server/w');
      provider.wsconnected = true;
      provider.synced = true;
      socket.send(frame(SYNC_STEP_2, Y.encodeStateAsUpdate(doc)));
      provider.emit('sync', [true]);
    },
    disconnect() {
      provider.wsconnected = false;
      provider.synced = false;
      provider.emit('status', [{ status: 'disconnected' }]);
    },
    /** The server says: this many of this socket's writes are stored, and these clocks. */
    report(writesStored: number, stateVector: Map<number, number> = Y.decodeStateVector(Y.encodeStateVector(doc))) {
      const decoder = decoding.createDecoder(encodeStoredMessage({ writesStored, stateVector }));
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_STORED);
      provider.messageHandlers[MESSAGE_STORED]!(encoding.createEncoder(), decoder);
    },
    /** Content arriving from the server (already committed there). */
    receive(update: Uint8Array) {
      Y.applyUpdate(doc, update, provider);
    },
  };
}

const isStored = (t: StoredTracker) => t.current.isStored;
const remoteClip = (text: string) => {
  const other = new Y.Doc();
  other.getMap('evidence').set(text, text);
  return Y.encodeStateAsUpdate(other);
};

describe('StoredTracker: synced means stored', () => {
  it('is not stored after the handshake until the server has stored the step 2', () => {
    const s = setUp();
    s.doc.getMap('evidence').set('a', 'offline clip');
    s.connect();
    expect(isStored(s.tracker)).toBe(false);
    s.report(1);
    expect(isStored(s.tracker)).toBe(true);
    expect(s.tracker.current.lastStoredAt).toBeInstanceOf(Date);
  });

  it('goes back to syncing as soon as a local edit exists, and is stored once its write is', () => {
    const s = setUp();
    s.connect();
    s.report(1);
    s.doc.getMap('evidence').set('b', 'new clip');
    expect(isStored(s.tracker)).toBe(false);
    s.report(1); // the step 2 again: not the edit's write
    expect(isStored(s.tracker)).toBe(false);
    s.report(2);
    expect(isStored(s.tracker)).toBe(true);
  });

  it('waits for a deletion, which moves no state-vector clock, to be stored', () => {
    const s = setUp();
    s.doc.getMap('evidence').set('c', 'clip');
    s.connect();
    s.report(1);
    s.doc.getMap('evidence').delete('c');
    expect(isStored(s.tracker)).toBe(false);
    s.report(2);
    expect(isStored(s.tracker)).toBe(true);
  });

  it('is not stored while a clock it holds is past what the server reports committed', () => {
    const s = setUp();
    s.doc.getMap('evidence').set('d', 'clip');
    s.connect();
    s.report(1, new Map([[s.doc.clientID, 0]]));
    expect(isStored(s.tracker)).toBe(false);
    s.report(1, new Map([[s.doc.clientID, 1]]));
    expect(isStored(s.tracker)).toBe(true);
  });

  it('counts what arrives from the server as stored (it sends only what it has committed)', () => {
    const s = setUp();
    s.connect();
    s.report(1);
    s.receive(remoteClip('from a teammate'));
    expect(isStored(s.tracker)).toBe(true);
  });

  it('counts writes per socket: a report for the last socket does not cover an edit made offline', () => {
    const s = setUp();
    s.connect();
    s.report(1);
    s.disconnect();
    expect(isStored(s.tracker)).toBe(false);
    s.doc.getMap('evidence').set('e', 'offline');
    s.connect();
    expect(isStored(s.tracker)).toBe(false);
    s.report(1);
    expect(isStored(s.tracker)).toBe(true);
  });

  it('ignores a report in a layout it does not know', () => {
    const s = setUp();
    s.connect();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_STORED);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 99);
    const decoder = decoding.createDecoder(encoding.toUint8Array(e));
    decoding.readVarUint(decoder);
    expect(() => (s.tracker as unknown as { received(d: decoding.Decoder): void }).received(decoder)).not.toThrow();
    expect(isStored(s.tracker)).toBe(false);
  });

  it('for a reviewer (the server stores none of its writes), is stored once in step with the server', () => {
    const s = setUp({ readOnly: true });
    expect(isStored(s.tracker)).toBe(false);
    s.connect();
    expect(isStored(s.tracker)).toBe(true);
  });
});
