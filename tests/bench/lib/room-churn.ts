/**
 * Whether a server gives memory back after many rooms have come and gone, for the sync-server
 * benchmark. On a fresh process with the inspector open: a warm-up of rooms opened and closed (code
 * compiled, caches at their working size), the server left to unload them, a full GC and the
 * baseline; then `rooms` more, each opened by one client that syncs, writes one clip, waits for the
 * server to have handled it, and leaves; the server left to unload them again, a full GC and the
 * same readings. A server that forgets nothing it should keeps to its baseline.
 */
import { performance } from 'node:perf_hooks';
import { clipJson, SyncClient } from './load-generator';
import { inBatches, readMemory, type MemoryReading } from './server-memory';
import type { ServerUnderTest } from './sync-servers';

export interface ChurnPlan {
  warmRooms: number;
  rooms: number;
}

export interface ChurnFigures {
  baseline: MemoryReading;
  after: MemoryReading;
  /** Opening and closing the measured rooms, without the wait for unloading. */
  churnMs: number;
}

async function visitRoom(server: ServerUnderTest, room: string): Promise<void> {
  const client = new SyncClient(server.endpointFor(room), { isReplica: false });
  try {
    await client.synced;
    client.doc.getMap<string>('clips').set('ev_1', clipJson(1));
    await client.roundTrip();
  } finally {
    await client.close();
  }
}

export async function measureRoomChurn(server: ServerUnderTest, plan: ChurnPlan): Promise<ChurnFigures> {
  const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
  const warm = names('warm', plan.warmRooms);
  const measured = names('churn', plan.rooms);
  await server.admit([...warm, ...measured]);
  await inBatches(warm, 50, (room) => visitRoom(server, room));
  await server.roomsUnloaded();
  const baseline = await readMemory(server);
  const started = performance.now();
  await inBatches(measured, 50, (room) => visitRoom(server, room));
  const churnMs = performance.now() - started;
  await server.roomsUnloaded();
  return { baseline, after: await readMemory(server), churnMs };
}
