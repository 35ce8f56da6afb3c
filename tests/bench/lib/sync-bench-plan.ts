/**
 * What the sync-server benchmark offers each server: the scenarios, window lengths and counts.
 * `EVIDENT_BENCH_QUICK=1` shrinks every count and window so that a change to the benchmark's code
 * can be checked in a few minutes; its figures say nothing (windows of a second, a few clients).
 */
import type { BurstPlan } from './burst-load';
import type { ChurnPlan } from './room-churn';
import type { IdlePlan } from './idle-connections';
import type { LoadMode, RoomPlan } from './load-generator';

export const QUICK = process.env.EVIDENT_BENCH_QUICK === '1';

export interface Scenario {
  id: string;
  label: string;
  plans: RoomPlan[];
  fixed: LoadMode & { kind: 'rate' };
  max: LoadMode & { kind: 'max' };
  replicaEvery: number;
}

const padded = (prefix: string, i: number) => `${prefix}-${String(i).padStart(2, '0')}`;

function fanOut(observers: number): Scenario {
  return {
    id: 'a',
    label: `(a) 1 writer → ${observers} observers`,
    plans: [{ room: 'fanout', writers: 1, observers }],
    fixed: { kind: 'rate', perWriterPerSecond: 100 },
    max: { kind: 'max', window: 16 },
    replicaEvery: 10,
  };
}

function manyRooms(rooms: number, clientsPerRoom: number): Scenario {
  const plans = Array.from({ length: rooms }, (_, i) => {
    const writers = i % 2 === 0 ? 2 : 1;
    return { room: padded('room', i), writers, observers: clientsPerRoom - writers };
  });
  const writers = plans.reduce((n, p) => n + p.writers, 0);
  return {
    id: 'b',
    label: `(b) ${rooms} rooms × ${clientsPerRoom} clients (${writers} writers)`,
    plans,
    fixed: { kind: 'rate', perWriterPerSecond: 10 },
    max: { kind: 'max', window: 4 },
    replicaEvery: 10,
  };
}

const burst = (rooms: number, clientsPerRoom: number, updatesPerClient: number): BurstPlan => ({
  rooms: Array.from({ length: rooms }, (_, i) => padded('burst', i)),
  clientsPerRoom,
  updatesPerClient,
});

export const PLAN = QUICK
  ? {
      warmupMs: 500,
      measureMs: { fixed: 1500, max: 1000 },
      cycles: { fixed: 1, max: 1 },
      scenarios: [fanOut(20), manyRooms(4, 5)],
      burst: burst(4, 5, 20),
      memoryDocs: { warm: 5, measured: 10, clipsPerDoc: 50 },
      durableCommits: 200,
      idle: { rooms: 10, connections: 200 } satisfies IdlePlan,
      churn: { warmRooms: 50, rooms: 300 } satisfies ChurnPlan,
    }
  : {
      warmupMs: 2000,
      /** A fixed-rate p99 rests on its ~1% slowest updates: a long window; max-rate throughput settles fast. */
      measureMs: { fixed: 8000, max: 4000 },
      /**
       * A fixed-rate p99 rests on a few slow updates, and this VM has bursts of hypervisor steal (up to a
       * quarter of its CPU for seconds): two ABBA cycles, so one burst weighs less on any server's figure.
       */
      cycles: { fixed: 2, max: 1 },
      scenarios: [fanOut(100), manyRooms(20, 10)],
      burst: burst(20, 10, 100),
      memoryDocs: { warm: 20, measured: 100, clipsPerDoc: 200 },
      durableCommits: 2000,
      // 50 connections per room: Evident keeps at most 200 docs loaded by default (maxLoadedDocs),
      // and a room with a client is never unloaded, so 5,000 teams of one would be refused.
      idle: { rooms: 100, connections: 5000 } satisfies IdlePlan,
      churn: { warmRooms: 500, rooms: 10_000 } satisfies ChurnPlan,
    };
