import * as Y from 'yjs';
import type { SyncClient } from './sync-clients';

/** What passed through one client's doc: updates taken from the server, and edits made there. */
export interface ClientTraffic {
  client: SyncClient;
  /** y-websocket applies sync step 2 and update messages with the provider as the origin; Yjs reports what changed. */
  received: Uint8Array[];
  /** Everything else: the client's own edits. */
  own: Uint8Array[];
}

export function recordTraffic(client: SyncClient): ClientTraffic {
  const traffic: ClientTraffic = { client, received: [], own: [] };
  client.doc.on('update', (update: Uint8Array, origin: unknown) => (origin === client.provider ? traffic.received : traffic.own).push(update));
  return traffic;
}

/**
 * Every edit any client made, in one doc: what no replica may lose. Merged before applying: one
 * client's edits build on others', so applied client by client most would wait as pending structs,
 * re-merged at every step (minutes for a few thousand edits).
 */
export function docOfEveryEdit(traffic: readonly ClientTraffic[]): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(traffic.flatMap(({ own }) => own)));
  return doc;
}

/**
 * The updates a client took from the server that the server's stored doc does not contain. The
 * client's own edits are added to the stored doc first: taking a teammate's write can change the
 * client's doc beyond what was sent (a concurrent write to the same map key loses and is deleted
 * on the spot), and when the client's own write has not reached the server yet, neither has that
 * consequence. Received updates come from a server that stored them first, so none may be missing.
 */
export function receivedButNotStored(stored: Y.Doc, { received, own }: ClientTraffic): Uint8Array[] {
  // Usually the stored doc alone holds them all: then the costly doc of stored plus own is not built.
  if (updatesNotIn(Y.snapshot(stored), received).length === 0) return [];
  const storedPlusOwn = new Y.Doc();
  Y.applyUpdate(storedPlusOwn, Y.mergeUpdates([Y.encodeStateAsUpdate(stored), ...own]));
  const snapshot = Y.snapshot(storedPlusOwn);
  storedPlusOwn.destroy();
  return updatesNotIn(snapshot, received);
}

/**
 * The updates of `updates` that `stored` lacks. All of them merged are checked first, in one go:
 * checking each alone merges the stored doc's whole delete set every time (seconds for thousands).
 */
export function updatesNotIn(stored: Y.Snapshot, updates: Uint8Array[]): Uint8Array[] {
  if (updates.length === 0 || Y.snapshotContainsUpdate(stored, Y.mergeUpdates(updates))) return [];
  return updates.filter((update) => !Y.snapshotContainsUpdate(stored, update));
}
