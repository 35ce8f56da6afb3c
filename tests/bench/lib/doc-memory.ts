/**
 * Memory per loaded doc, for the sync-server benchmark: `warm` docs loaded first (so code, caches
 * and V8's young generation have grown to their working size), a full GC and the baseline; then
 * `measured` more docs, each with one connected client; a full GC and the same readings. On a fresh
 * process with the inspector open, used for nothing else.
 */
import * as Y from 'yjs';
import { clipJson, SyncClient } from './load-generator';
import { inBatches, readMemory } from './server-memory';
import type { ServerUnderTest } from './sync-servers';

export interface DocMemoryPlan {
  warm: number;
  measured: number;
  clipsPerDoc: number;
}

export interface DocMemoryFigures {
  rssPerDocBytes: number;
  jsPerDocBytes: number;
}

/** A doc with `clips` clips, each set in its own transaction, as one update. */
export function docContent(clips: number): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap<string>('clips');
  for (let i = 0; i < clips; i++) map.set(`ev_m${i}`, clipJson(i));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export async function measureDocMemory(server: ServerUnderTest, plan: DocMemoryPlan): Promise<DocMemoryFigures> {
  const content = docContent(plan.clipsPerDoc);
  const rooms = Array.from({ length: plan.warm + plan.measured }, (_, i) => `mem-${i}`);
  await server.admit(rooms);
  const clients: SyncClient[] = [];
  const load = async (names: string[]) => {
    await inBatches(names, 10, async (room) => {
      const client = new SyncClient(server.endpointFor(room), { isReplica: false, initialUpdate: content });
      clients.push(client);
      // A round trip after the handshake: the server has applied (and, for Evident, stored) the content.
      await client.synced;
      await client.roundTrip();
    });
    return readMemory(server);
  };
  try {
    const before = await load(rooms.slice(0, plan.warm));
    const after = await load(rooms.slice(plan.warm));
    return { rssPerDocBytes: (after.rssBytes - before.rssBytes) / plan.measured, jsPerDocBytes: (after.jsBytes - before.jsBytes) / plan.measured };
  } finally {
    await inBatches(clients, 50, (c) => c.close());
  }
}
