import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeClientMessage } from '../../sync-server/protocol/decode-message';

/** Frames as y-websocket writes them, through y-protocols itself. */
function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const doc = new Y.Doc();
doc.getMap('m').set('k', 'v');
const update = Y.encodeStateAsUpdate(doc);
const stateVector = Y.encodeStateVector(doc);
const awareness = new awarenessProtocol.Awareness(doc);
awareness.setLocalState({ user: { name: 'Ann' } });
const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
awareness.destroy();

const step1 = frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, doc)));
const step2 = frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, doc)));
const updateMessage = frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, update)));
const awarenessMessage = frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awarenessUpdate)));
const bytes = (...values: number[]) => Uint8Array.from(values);

/** An awareness message with one entry, written field by field (so each field can be wrong). */
const awarenessEntryMessage = (clientId: number, clock: number, stateJson: string) =>
  frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      frame((a) => {
        encoding.writeVarUint(a, 1);
        encoding.writeVarUint(a, clientId);
        encoding.writeVarUint(a, clock);
        encoding.writeVarString(a, stateJson);
      }),
    );
  });

describe('decodeClientMessage', () => {
  it.each([
    ['sync step 1', step1, { type: 'sync-step1', stateVector }],
    ['sync step 2', step2, { type: 'sync-step2', update }],
    ['update', updateMessage, { type: 'sync-update', update }],
    ['awareness', awarenessMessage, { type: 'awareness', entries: [{ clientId: doc.clientID, clock: 1, stateJson: '{"user":{"name":"Ann"}}' }] }],
    ['query awareness', bytes(3), { type: 'query-awareness' }],
    ['an empty update', bytes(0, 2, 2, 0, 0), { type: 'sync-update', update: bytes(0, 0) }],
  ])('decodes %s', (_name, input, expected) => {
    expect(decodeClientMessage(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['an empty frame', bytes(), /message type: truncated number/],
    ['an unknown message type', bytes(7), /unknown message type 7/],
    ['y-protocols auth (server to client only)', bytes(2, 0, 0), /unknown message type 2/],
    ['an unknown sync type', bytes(0, 9, 0), /unknown sync message type 9/],
    ['a truncated varint', bytes(0x80), /truncated number/],
    ['a sync message cut short', updateMessage.slice(0, updateMessage.length - 3), /runs past the end of the frame/],
    ['a length past the end', bytes(0, 2, 100, 1, 2), /length 100 runs past the end/],
    ['a varint of 2^53', bytes(0, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10), /longer than 53 bits/],
    ['a ten-byte varint', bytes(0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), /longer than 53 bits/],
    ['a varint padded to nine bytes', bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), /longer than 53 bits/],
    ['trailing bytes after a message', Uint8Array.from([...step1, 0]), /sync-step1: bytes after the end/],
    ['awareness with bad JSON', awarenessEntryMessage(1, 5, '{nope'), /JSON/],
    ['awareness with bad UTF-8', bytes(1, 5, 1, 5, 1, 1, 0xff), /not valid|encoded data/i],
    ['awareness with a count past its entries', bytes(1, 8, 3, 5, 1, 4, 110, 117, 108, 108), /awareness client id: truncated/],
    ['awareness with a client id past 32 bits', awarenessEntryMessage(2 ** 40, 1, 'null'), /not a 32-bit id/],
  ])('refuses %s', (_name, input, problem) => {
    const decoded = decodeClientMessage(input);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(problem);
  });

  it('never throws, whatever the bytes', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    for (let i = 0; i < 5000; i++) {
      const input = Uint8Array.from({ length: next() % 40 }, () => next() % 256);
      expect(() => decodeClientMessage(input)).not.toThrow();
    }
  });

  it('copies payloads out of the frame, so later writes to the buffer do not reach them', () => {
    const copy = Uint8Array.from(updateMessage);
    const decoded = decodeClientMessage(copy);
    copy.fill(0);
    expect(decoded).toMatchObject({ ok: true, value: { update } });
  });
});
