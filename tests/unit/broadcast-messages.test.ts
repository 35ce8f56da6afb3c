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

/** The keys a client ends up with after applying, in order, the update messages it was sent. */
function keysAfter(messages: Uint8Array[] | undefined): string[] {
  const doc = new Y.Doc();
  for (const message of messages ?? []) {
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return [...doc.getMap('clips').keys()].sort();
}

/** Observers enough that merging pays (see broadcast.ts). */
const crowd = Array.from({ length: 20 }, (_, i) => connection(`observer-${i}`));

describe('sending on what one group commit stored', () => {
  const alice = connection('alice');
  const bob = connection('bob');
  const reviewer = connection('reviewer');
  const batch: CommittedUpdate[] = [
    { update: clipUpdate('a1'), origin: alice, isEcho: true },
    { update: clipUpdate('b1'), origin: bob, isEcho: true },
    { update: clipUpdate('a2'), origin: alice, isEcho: true },
  ];

  describe.each([
    ['a few sockets: each update as it is', [] as Connection[]],
    ['many sockets: merged', crowd],
  ])('%s', (_, others) => {
    it('gives a connection that sent none of it every update', () => {
      const messages = broadcastMessages(batch, [alice, bob, reviewer, ...others]);
      expect(keysAfter(messages.get(reviewer))).toEqual(['a1', 'a2', 'b1']);
    });

    it('gives each sender everything but what it sent itself', () => {
      const messages = broadcastMessages(batch, [alice, bob, reviewer, ...others]);
      expect(keysAfter(messages.get(alice))).toEqual(['b1']);
      expect(keysAfter(messages.get(bob))).toEqual(['a1', 'a2']);
    });

    it('sends nothing to a sender when the whole batch is its own', () => {
      const own = batch.filter((c) => c.origin === alice);
      const messages = broadcastMessages(own, [alice, reviewer, ...others]);
      expect(messages.has(alice)).toBe(false);
      expect(keysAfter(messages.get(reviewer))).toEqual(['a1', 'a2']);
    });

    it("sends a sender an update of its that carried other clients' writes too (not an echo)", () => {
      const released: CommittedUpdate = { update: clipUpdate('b2'), origin: alice, isEcho: false };
      const messages = broadcastMessages([...batch, released], [alice, ...others]);
      expect(keysAfter(messages.get(alice))).toEqual(['b1', 'b2']);
    });
  });

  it('merges the batch into one message per socket when there are many sockets, and shares it', () => {
    const messages = broadcastMessages(batch, [reviewer, ...crowd]);
    expect(messages.get(reviewer)).toHaveLength(1);
    expect(messages.get(crowd[0]!)![0]).toBe(messages.get(reviewer)![0]);
  });

  it("gives a sender the others' updates as they are, even among many sockets: a merge per sender would serve one socket", () => {
    const messages = broadcastMessages(batch, [alice, bob, ...crowd]);
    expect(messages.get(bob)!.map((m) => keysAfter([m]))).toEqual([['a1'], ['a2']]);
    expect(messages.get(crowd[0]!)).toHaveLength(1); // merged, for everyone who sent none of it
  });

  it('sends each update as its own message, in commit order, when there are only a few sockets', () => {
    const messages = broadcastMessages(batch, [reviewer]);
    expect(messages.get(reviewer)!.map((m) => keysAfter([m]))).toEqual([['a1'], ['b1'], ['a2']]);
  });
});
