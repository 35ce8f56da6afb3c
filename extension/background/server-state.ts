import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;

/**
 * What the server had stored, as far as this browser knows: the state vector the server sends in its
 * sync step 1 each time the connection opens (y-protocols' handshake; the Evident server sends only
 * committed state). Local changes after it are not yet confirmed by the server. The provider's sync
 * handler is wrapped to read that vector as the message passes; it still handles the message itself.
 */
export function watchServerStateVector(provider: WebsocketProvider, onVector: (vector: Map<number, number>) => void): void {
  const handle = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    const peek = decoding.createDecoder(decoder.arr.subarray(decoder.pos));
    if (decoding.readVarUint(peek) === SYNC_STEP_1) onVector(Y.decodeStateVector(decoding.readVarUint8Array(peek)));
    handle(encoder, decoder, p, emitSynced, messageType);
  };
}

/**
 * How many of this doc's changes (one per activity line: a clip, a tag, a link, an edit) the server
 * did not have when it last said what it had; every change when it never said (never connected).
 */
export function changesAfter(doc: Y.Doc, serverVector: Map<number, number> | null): number {
  let count = 0;
  for (let item = doc.getArray('activity')._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const known = serverVector?.get(item.id.client) ?? 0;
    // An item can span several entries: those from the first clock the server lacks are unconfirmed.
    if (item.id.clock + item.length > known) count += item.id.clock >= known ? item.length : item.id.clock + item.length - known;
  }
  return count;
}
