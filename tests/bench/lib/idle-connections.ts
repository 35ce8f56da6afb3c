/**
 * Idle connections a server holds in 1 GB, for the sync-server benchmark. On a fresh process with
 * the inspector open: one client per room first (so each room's doc is loaded and what is measured
 * next is connections alone), a full GC and the baseline; then the rest of the connections, spread
 * evenly over the rooms, each synced (for Hocuspocus: authenticated, then synced), and idle; a full
 * GC and the same readings. RSS per connection is the growth over the added connections; the count
 * held in 1 GB extrapolates from the baseline, and the RSS with every connection open checks it.
 * An idle client sends nothing but what its server needs to keep it (the wire's keep-alive, which
 * every SyncClient sends on its own timer: lib/sync-wire.ts).
 */
import { SyncClient } from './load-generator';
import { inBatches, readMemory, type MemoryReading } from './server-memory';
import type { ServerUnderTest } from './sync-servers';

export const ONE_GB = 1e9;

export interface IdlePlan {
  rooms: number;
  connections: number;
}

export interface IdleFigures {
  baseline: MemoryReading;
  /** With every connection open. */
  loaded: MemoryReading;
  rssPerConnectionBytes: number;
  jsPerConnectionBytes: number;
  /** Extrapolated: (1 GB − baseline RSS) / RSS per connection, plus the baseline's own connections. */
  heldInOneGb: number;
  /** Connections that were not open when the memory was read (closed by the server, or never synced). */
  lost: number;
}

export async function measureIdleConnections(server: ServerUnderTest, plan: IdlePlan): Promise<IdleFigures> {
  const rooms = Array.from({ length: plan.rooms }, (_, i) => `idle-${String(i).padStart(4, '0')}`);
  await server.admit(rooms);
  const clients: SyncClient[] = [];
  let lost = 0;
  const connect = async (room: string) => {
    const client = new SyncClient(server.endpointFor(room), { isReplica: false });
    clients.push(client);
    await client.synced.catch(() => void lost++);
  };
  try {
    await inBatches(rooms, 50, connect);
    const baseline = await readMemory(server);
    const added = Array.from({ length: plan.connections - plan.rooms }, (_, i) => rooms[i % rooms.length]!);
    await inBatches(added, 100, connect);
    const loaded = await readMemory(server, { settleMs: 1000 });
    lost += clients.filter((c) => c.ws.readyState !== c.ws.OPEN).length;
    const rssPerConnectionBytes = (loaded.rssBytes - baseline.rssBytes) / added.length;
    return {
      baseline,
      loaded,
      rssPerConnectionBytes,
      jsPerConnectionBytes: (loaded.jsBytes - baseline.jsBytes) / added.length,
      heldInOneGb: Math.floor((ONE_GB - baseline.rssBytes) / rssPerConnectionBytes) + plan.rooms,
      lost,
    };
  } finally {
    await inBatches(clients, 200, (c) => c.close());
  }
}
