/**
 * The scale-out benchmark's sides and their figures (the phase figures are the sync-server
 * benchmark's: lib/sync-server-figures.ts), and the model of ten instances made from them.
 */
import type { DocMemoryFigures } from './doc-memory';
import type { IdleFigures } from './idle-connections';
import type { PhaseFigures } from './sync-server-figures';

/**
 * reference: `@y/websocket-server` 0.1.1; sqlite: Evident, one instance on SQLite; pg1: one instance
 * on PostgreSQL; pg2: two instances on PostgreSQL + Redis; hocuspocus2: two Hocuspocus instances
 * with its Redis extension. `…Lifted`: the same with Evident's per-socket rate lifted (max rate only).
 */
export type ScaleSide = 'reference' | 'sqlite' | 'pg1' | 'pg2' | 'hocuspocus2' | 'pg1Lifted' | 'pg2Lifted';
export const SCALE_SIDES: readonly ScaleSide[] = ['reference', 'sqlite', 'pg1', 'pg2', 'hocuspocus2', 'pg1Lifted', 'pg2Lifted'];
export const isLifted = (side: ScaleSide) => side === 'pg1Lifted' || side === 'pg2Lifted';

export interface ScaleFigures {
  name: string;
  phases: Map<string, PhaseFigures>; // `${scenario}-${fixed|max}`
  docMemory?: DocMemoryFigures;
  idle?: IdleFigures;
}

/** CPU time one update costs, in ms, from a phase's CPU (% of one core) and throughput. */
export const cpuMsPerUpdate = (cpuPercent: number, updatesPerSecond: number) => (cpuPercent / 100) * (1000 / updatesPerSecond);

export interface TenInstanceModel {
  instances: number;
  /** Measured, per update (all of a room's clients served): both Evident instances together, PostgreSQL, Redis. */
  perUpdateMs: { evident: number; postgres: number; redis: number };
  /** Updates/s each resource carries at most: `cores` per instance machine, a PostgreSQL machine of `postgresCores`, Redis on one core. */
  bounds: { instances: number; postgres: number; redis: number };
  /** The smallest bound, and which it is. */
  updatesPerSecond: number;
  limitedBy: 'instances' | 'postgres' | 'redis';
}

/**
 * What `instances` instances would carry, from the per-update CPU measured on two. An update is
 * committed once (PostgreSQL), XADDed once and read by each other instance with the room loaded
 * (Redis), and handled by the writer's instance and the observers' instance (Evident): with the
 * rooms' clients spread as in the run (writers on one instance, observers on one other), that cost
 * per update stays the same as instances are added, so instance capacity grows with their number,
 * while PostgreSQL and Redis are shared. Assumes each instance on a machine like this one's (`cores`),
 * PostgreSQL's CPU per update as measured at the batch sizes of the run, and Redis on one core.
 */
export function modelInstances(
  perUpdateMs: TenInstanceModel['perUpdateMs'],
  { instances = 10, cores = 2, postgresCores = 2 }: { instances?: number; cores?: number; postgresCores?: number } = {},
): TenInstanceModel {
  const bounds = {
    instances: (instances * cores * 1000) / perUpdateMs.evident,
    postgres: (postgresCores * 1000) / perUpdateMs.postgres,
    redis: 1000 / perUpdateMs.redis,
  };
  const [limitedBy, updatesPerSecond] = (Object.entries(bounds) as Array<[TenInstanceModel['limitedBy'], number]>).reduce((a, b) => (b[1] < a[1] ? b : a));
  return { instances, perUpdateMs, bounds, updatesPerSecond, limitedBy };
}
