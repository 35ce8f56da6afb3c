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

/**
 * What the server has confirmed storing, per client id: the higher of the clock its last handshake
 * named (sync step 1) and the clock its stored reports named since (MESSAGE_STORED, and what it sent,
 * which it sends only once stored). The reports are the newer word after each commit; the handshake
 * covers what no report has named yet. Null when the server has said neither.
 */
export function confirmedStateVector(handshake: ReadonlyMap<number, number> | null, stored: ReadonlyMap<number, number>): Map<number, number> | null {
  if (!handshake && stored.size === 0) return null;
  const confirmed = new Map(handshake ?? []);
  for (const [client, clock] of stored) if ((confirmed.get(client) ?? 0) < clock) confirmed.set(client, clock);
  return confirmed;
}
