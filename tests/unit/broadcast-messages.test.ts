import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/protocol/sync';
import { broadcastMessages, type CommittedUpdate } from '../../sync-server/rooms/broadcast';
import type { Connection } from '../../sync-server/rooms/connection';

// broadcastMessages only tells connections apart: plain objects stand in for sockets.
const connection = (name: string) => ({ name }) as unknown as Connection;

/** One update setting `key` in a fresh client's map (each call a different Yjs client). */
function clipUpdate(key: string): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getMap('clips').set(key, `clip ${key}`);
  return update!;
}

/** The keys a client ends up with after applying the one update message it was sent. */
function keysAfter(message: Uint8Array | undefined): string[] {
  if (!message) return [];
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
  expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  return [...doc.getMap('clips').keys()].sort();
}

describe('sending on what one group commit stored', () => {
  const alice = connection('alice');
  const bob = connection('bob');
  const reviewer = connection('reviewer');
  const batch: CommittedUpdate[] = [
    { update: clipUpdate('a1'), origin: alice, isEcho: true },
    { update: clipUpdate('b1'), origin: bob, isEcho: true },
    { update: clipUpdate('a2'), origin: alice, isEcho: true },
  ];

  it('gives a connection that sent none of it every update, in one message', () => {
    const messages = broadcastMessages(batch, [alice, bob, reviewer]);
    expect(keysAfter(messages.get(reviewer))).toEqual(['a1', 'a2', 'b1']);
  });

  it('gives each sender everything but what it sent itself', () => {
    const messages = broadcastMessages(batch, [alice, bob, reviewer]);
    expect(keysAfter(messages.get(alice))).toEqual(['b1']);
    expect(keysAfter(messages.get(bob))).toEqual(['a1', 'a2']);
  });

  it('sends nothing to a sender when the whole batch is its own', () => {
    const own = batch.filter((c) => c.origin === alice);
    const messages = broadcastMessages(own, [alice, reviewer]);
    expect(messages.has(alice)).toBe(false);
    expect(keysAfter(messages.get(reviewer))).toEqual(['a1', 'a2']);
  });

  it('sends a sender an update of its that carried other clients\' writes too (not an echo)', () => {
    const released: CommittedUpdate = { update: clipUpdate('b2'), origin: alice, isEcho: false };
    const messages = broadcastMessages([...batch, released], [alice]);
    expect(keysAfter(messages.get(alice))).toEqual(['b1', 'b2']);
  });

  it('sends a single update as it was committed, unmerged', () => {
    const messages = broadcastMessages([batch[1]!], [alice]);
    expect(keysAfter(messages.get(alice))).toEqual(['b1']);
  });
});
