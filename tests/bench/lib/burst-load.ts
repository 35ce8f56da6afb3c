/**
 * A burst, for the sync-server benchmark: every client of every room sends its updates as fast as
 * it can, all at once, and every other client of its room must receive each of them. What this
 * measures is what waits inside a server when the offered load is more than it can take in one go:
 * the fan-out latency (send → receive, over every delivery) and whether every delivery arrives, with
 * no socket closed. Clients are the load generator's raw sync clients (lib/load-generator.ts), in
each server's envelope (lib/sync-wire.ts).
 *
 * "As fast as it can": each client sends its updates in one synchronous loop (one `map.set` each,
 * so one update and one frame each); clients take turns, yielding to the event loop between two,
 * so that what arrives meanwhile is timestamped when it arrives, not after the whole burst is sent.
 * One client per room applies what it receives (a replica, to check that the room converged); the
 * others only read the keys, as the load generator's observers do.
 */
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { clipJson, keysOf, processCpuMs, sleep, SyncClient } from './load-generator';
import type { Endpoint } from './sync-wire';

export interface BurstPlan {
  rooms: string[];
  clientsPerRoom: number;
  updatesPerClient: number;
}

export interface BurstResult {
  updatesSent: number;
  /** Every update to every other client of its room. */
  deliveriesExpected: number;
  deliveries: number;
  /** Send → receive of every delivery, ms. */
  latencies: number[];
  /** First send to last delivery (or to the timeout). */
  durationMs: number;
  /** Sockets closed by the server during the burst (none should be). */
  closed: number[];
  serverCpuPercent: number;
  /** Rooms whose replica did not end with every update of the room. */
  divergent: string[];
}

interface Member {
  room: string;
  client: SyncClient;
  map: Y.Map<string>;
  /** Updates it has sent, over every burst. */
  sent: number;
  closes: number[];
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

export class BurstFleet {
  private seq = 0;
  private readonly sentAt = new Map<string, { at: number; remaining: number; from: SyncClient }>();
  private latencies: number[] = [];
  private deliveries = 0;
  private lastDeliveryAt = 0;

  private constructor(
    private readonly plan: BurstPlan,
    private readonly members: Member[],
  ) {}

  /** Connects every client (in batches) and waits until each has synced. */
  static async open(endpointFor: (room: string) => Endpoint, plan: BurstPlan): Promise<BurstFleet> {
    const members: Member[] = [];
    const fleet = new BurstFleet(plan, members);
    for (const room of plan.rooms) {
      const joined = Array.from({ length: plan.clientsPerRoom }, (_, i) => {
        const member = { room } as Member;
        member.client = new SyncClient(endpointFor(room), {
          isReplica: i === 0,
          onUpdate: (update, receivedAt) => fleet.deliver(member.client, update, receivedAt),
        });
        member.map = member.client.doc.getMap<string>('clips');
        member.sent = 0;
        member.closes = [];
        member.client.ws.on('close', (code) => member.closes.push(code));
        return member;
      });
      await Promise.all(joined.map((m) => m.client.synced));
      members.push(...joined);
    }
    return fleet;
  }

  private deliver(to: SyncClient, update: Uint8Array, receivedAt: number): void {
    for (const key of keysOf(update)) {
      const entry = this.sentAt.get(key);
      if (!entry || entry.from === to) continue;
      this.latencies.push(receivedAt - entry.at);
      this.deliveries++;
      this.lastDeliveryAt = receivedAt;
      if (--entry.remaining === 0) this.sentAt.delete(key);
    }
  }

  /** One burst: every client sends `updatesPerClient` updates; waits up to `timeoutMs` for every delivery. */
  async run({ serverPid, timeoutMs = 60_000 }: { serverPid: number; timeoutMs?: number }): Promise<BurstResult> {
    const { clientsPerRoom, updatesPerClient } = this.plan;
    this.latencies = [];
    this.deliveries = 0;
    this.sentAt.clear();
    const closesBefore = this.members.map((m) => m.closes.length);
    const cpuBefore = processCpuMs(serverPid);
    const startedAt = performance.now();
    this.lastDeliveryAt = startedAt;
    const firstKey = this.seq + 1;
    for (const member of this.members) {
      for (let i = 0; i < updatesPerClient; i++) {
        const key = `ev_${++this.seq}`;
        // Set before the update is sent (inside map.set): nothing can arrive before this turn ends.
        this.sentAt.set(key, { at: performance.now(), remaining: clientsPerRoom - 1, from: member.client });
        member.map.set(key, clipJson(this.seq));
      }
      member.sent += updatesPerClient;
      await yieldToEventLoop();
    }
    const updatesSent = this.seq - firstKey + 1;
    const deliveriesExpected = updatesSent * (clientsPerRoom - 1);
    const deadline = startedAt + timeoutMs;
    while (this.deliveries < deliveriesExpected && performance.now() < deadline) await sleep(20);
    const durationMs = (this.deliveries < deliveriesExpected ? performance.now() : this.lastDeliveryAt) - startedAt;
    const serverCpuPercent = ((processCpuMs(serverPid) - cpuBefore) / durationMs) * 100;
    // The replica should hold every key sent to its room.
    const divergent = this.plan.rooms.filter((room) => {
      const inRoom = this.members.filter((m) => m.room === room);
      const replica = inRoom.find((m) => m.client.options.isReplica)!;
      return replica.map.size !== inRoom.reduce((n, m) => n + m.sent, 0);
    });
    return {
      updatesSent,
      deliveriesExpected,
      deliveries: this.deliveries,
      latencies: this.latencies,
      durationMs,
      closed: this.members.flatMap((m, i) => m.closes.slice(closesBefore[i])),
      serverCpuPercent,
      divergent,
    };
  }

  async close(): Promise<void> {
    for (let i = 0; i < this.members.length; i += 50) await Promise.all(this.members.slice(i, i + 50).map((m) => m.client.close()));
  }
}
