import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ObservableV2 } from 'lib0/observable';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { changesAfter, confirmedStateVector } from '../../extension/background/server-state';
import { StoredTracker } from '../../extension/background/stored-tracker';
import { encodeStoredMessage } from '../../shared/protocol/server-messages';
import { MESSAGE_STORED } from '../../shared/protocol/sync';
import { createTag, migrateWorkspaceDoc } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const vectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

/** A workspace with `n` changes by alex, and a way to make more. */
function workspaceWith(n: number) {
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, 'ws');
  const ctx = deterministicContext(createRandom(1), 'alex');
  let made = 0;
  const change = (count = 1) => {
    for (let i = 0; i < count; i++) createTag(doc, ctx, { name: `tag ${++made}` });
  };
  change(n);
  return { doc, change };
}

describe("the Leave dialog's count: changes the server has not confirmed storing", () => {
  it('counts from the stored reports when the server has sent them, though its handshake is older', () => {
    const { doc, change } = workspaceWith(3);
    const handshake = vectorOf(doc);
    change(4); // sent and stored since the connection opened
    const reported = vectorOf(doc);
    expect(changesAfter(doc, confirmedStateVector(handshake, new Map()))).toBe(4); // the handshake alone
    expect(changesAfter(doc, confirmedStateVector(handshake, reported))).toBe(0);
    change(2); // not reported yet
    expect(changesAfter(doc, confirmedStateVector(handshake, reported))).toBe(2);
  });

  it.each([
    ['no report yet: the handshake', new Map([[1, 5]]), new Map(), new Map([[1, 5]])],
    ['a report ahead of the handshake wins', new Map([[1, 5]]), new Map([[1, 9]]), new Map([[1, 9]])],
    ['a report never lowers what the handshake said', new Map([[1, 5]]), new Map([[1, 2]]), new Map([[1, 5]])],
    ['client ids only the handshake named are kept', new Map([[1, 5], [2, 7]]), new Map([[1, 9]]), new Map([[1, 9], [2, 7]])],
    ['reports without a handshake', null, new Map([[3, 4]]), new Map([[3, 4]])],
    ['the server never said anything', null, new Map(), null],
  ] as const)('%s', (_case, handshake, stored, expected) => {
    expect(confirmedStateVector(handshake, stored)).toEqual(expected);
  });

  it("reads what the extension's StoredTracker heard: the server's MESSAGE_STORED clocks and what it sent", () => {
    const { doc, change } = workspaceWith(2);
    const provider = new (class extends ObservableV2<Record<string, () => void>> {
      messageHandlers: Array<(encoder: encoding.Encoder, decoder: decoding.Decoder) => void> = [];
      wsconnected = true;
      synced = true;
    })();
    const tracker = new StoredTracker(doc, { readOnly: false, onChange: () => {} });
    tracker.attach(provider as unknown as WebsocketProvider);
    const handshake = vectorOf(doc);
    change(3);
    const report = (stateVector: Map<number, number>) => {
      const decoder = decoding.createDecoder(encodeStoredMessage({ writesStored: 1, stateVector }));
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_STORED);
      provider.messageHandlers[MESSAGE_STORED]!(encoding.createEncoder(), decoder);
    };
    const unconfirmed = () => changesAfter(doc, confirmedStateVector(handshake, tracker.storedStateVector));
    expect(unconfirmed()).toBe(3);
    report(vectorOf(doc));
    expect(unconfirmed()).toBe(0);
    // A teammate's change arrives from the server (stored there before it was sent): confirmed.
    const teammate = new Y.Doc();
    Y.applyUpdate(teammate, Y.encodeStateAsUpdate(doc));
    createTag(teammate, deterministicContext(createRandom(2), 'sam'), { name: 'from sam' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(teammate, Y.encodeStateVector(doc)), provider);
    change(1);
    expect(unconfirmed()).toBe(1);
    tracker.detach();
  });
});
