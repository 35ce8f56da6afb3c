import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol/sync';
import type { AwarenessEntry } from './decode-message';

/** The server's messages, framed as y-websocket expects: [message type, …] (y-protocols writes the rest). */
function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (doc: Y.Doc) => frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, doc));

/** What `doc` has that the state vector lacks. Throws on a malformed state vector. */
export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array) =>
  frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector));

export const updateMessage = (update: Uint8Array) => frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));

export const awarenessMessage = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients)));

/** Decoded entries back into an awareness update (the payload y-protocols' applyAwarenessUpdate reads). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, stateJson } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, stateJson);
  }
  return encoding.toUint8Array(encoder);
}
