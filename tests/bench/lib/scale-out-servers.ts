/**
 * The servers the scale-out benchmark adds to the sync-server benchmark's (lib/sync-servers.ts):
 * Evident on PostgreSQL as one instance, or as two on PostgreSQL + Redis; and Hocuspocus 4.7 with its
 * Redis extension as two instances on one PostgreSQL table. One PostgreSQL and one Redis serve all of
 * them (a database each), started by the integration tests' helpers, durable as in production.
 *
 * With two instances, a room's writers connect to one and its observers to the other, so every
 * delivery crosses instances; rooms alternate which instance takes the writers (in admission order),
 * so that in many rooms both instances commit and both fan out.
 */
import { startPeerProcess } from './peer-process';
import { resolve } from 'node:path';
import { startScaleOutServers } from '../../integration/helpers/scale-out-servers';
import { startPostgres, type PostgresServer } from '../../integration/helpers/postgres-server';
import { startRedis, type RedisServer } from '../../integration/helpers/redis-server';
import type { ClientRole } from './load-generator';
import { postgresCpuMs, redisCpuMs } from './process-tree';
import { hocuspocusWire, yWebsocketWire, type Endpoint } from './sync-wire';
import { attachInspector, freePort, inspectEnv, metricFrom, pidWithArgument, type ServerUnderTest } from './sync-servers';

export interface Infrastructure {
  postgres: PostgresServer;
  redis: RedisServer;
  /** The processes whose CPU the rows report beside the servers', found afresh each window. */
  cpuGroups: Record<'PostgreSQL' | 'Redis', () => number>;
  stop(): Promise<void>;
}

export async function startInfrastructure(): Promise<Infrastructure> {
  // Every Evident instance pools up to 10 connections; several sides run side by side.
  const postgres = await startPostgres({ settings: { max_connections: '300' } });
  const redis = await startRedis();
  return {
    postgres,
    redis,
    cpuGroups: { PostgreSQL: () => postgresCpuMs(postgres.dataDir), Redis: () => redisCpuMs(redis.port) },
    async stop() {
      await redis.dispose();
      await postgres.dispose();
    },
  };
}

/** A side of one or two processes: every pid (for CPU), the first's for memory and the inspector. */
export interface ScaledServer extends ServerUnderTest {
  pids: number[];
}

/** Which instance a room's clients of `role` go to: writers to one, observers to the other, alternating by room. */
function instanceRouter(instances: number) {
  const order = new Map<string, number>();
  return {
    note: (rooms: string[]) => rooms.forEach((room) => order.has(room) || order.set(room, order.size)),
    /** No role (the memory measurements): the first instance, whose memory is read. */
    pick(room: string, role?: ClientRole): number {
      if (instances === 1 || role === undefined) return 0;
      const writersOn = (order.get(room) ?? 0) % 2;
      return role === 'writer' ? writersOn : 1 - writersOn;
    },
  };
}

/** `evident-sync serve` on a fresh database of `infra`'s PostgreSQL: one instance (no Redis), or two with Redis. */
export async function startEvidentOnPostgres(
  infra: Infrastructure,
  { instances, env, label, inspect = false }: { instances: 1 | 2; env: Record<string, string>; label: string; inspect?: boolean },
): Promise<ScaledServer> {
  const servers = await startScaleOutServers(instances, {
    databaseUrl: await infra.postgres.createDatabase(`bench_${Math.random().toString(36).slice(2, 10)}`),
    redisUrl: instances === 2 ? infra.redis.url : null,
    env: { ...env, ...(inspect ? inspectEnv() : {}) },
  });
  const pids = servers.instances.map((instance) => pidWithArgument(instance.dbPath));
  const router = instanceRouter(instances);
  const tokens = new Map<string, string>();
  const first = servers.instances[0]!;
  const metrics = async () => (await Promise.all(servers.instances.map(async (i) => (await fetch(i.metricsUrl!)).text()))).join('\n');
  return {
    name: label,
    pid: pids[0]!,
    pids,
    inspector: inspect ? await attachInspector(() => first.output()) : undefined,
    endpointFor(room, role) {
      const token = tokens.get(room);
      if (!token) throw new Error(`no token for ${room}: admit it first`);
      return { url: `${servers.instances[router.pick(room, role)]!.url}/${room}?token=${token}`, wire: yWebsocketWire };
    },
    async admit(rooms) {
      router.note(rooms);
      for (const room of rooms) if (!tokens.has(room)) tokens.set(room, (await servers.mint(room, 'editor')).token);
    },
    metrics,
    async roomsUnloaded() {
      const deadline = Date.now() + 180_000;
      while (metricFrom(await metrics(), 'evident_sync_loaded_docs') > 0) {
        if (Date.now() > deadline) throw new Error(`${label}: rooms still loaded after 3 minutes`);
        await new Promise((done) => setTimeout(done, 1000));
      }
    },
    stop: () => servers.dispose(),
  };
}

const HOCUSPOCUS_SCALE_OUT_SERVER = resolve(import.meta.dirname, 'hocuspocus-scale-out-server.ts');

/** One process of lib/hocuspocus-scale-out-server.ts. */
async function startHocuspocusInstance(databaseUrl: string, redisPort: number, inspect: boolean) {
  const port = await freePort();
  const env = { PORT: String(port), HOCUSPOCUS_DATABASE_URL: databaseUrl, HOCUSPOCUS_REDIS_PORT: String(redisPort), ...(inspect ? inspectEnv() : {}) };
  return { port, ...(await startPeerProcess('Hocuspocus', ['--import', 'tsx', HOCUSPOCUS_SCALE_OUT_SERVER], env, 'hocuspocus listening on')) };
}

/** Two Hocuspocus 4.7 instances with `@hocuspocus/extension-redis` on `infra`'s Redis and one PostgreSQL database. */
export async function startHocuspocusPair(infra: Infrastructure, { inspect = false } = {}): Promise<ScaledServer> {
  const databaseUrl = await infra.postgres.createDatabase(`hocuspocus_${Math.random().toString(36).slice(2, 10)}`);
  const instances = [await startHocuspocusInstance(databaseUrl, infra.redis.port, inspect)];
  instances.push(await startHocuspocusInstance(databaseUrl, infra.redis.port, inspect));
  const router = instanceRouter(2);
  return {
    name: 'Hocuspocus 4.7 + extension-redis, 2 instances, PostgreSQL via extension-database',
    pid: instances[0]!.pid,
    pids: instances.map((i) => i.pid),
    inspector: inspect ? await attachInspector(instances[0]!.output) : undefined,
    endpointFor: (room, role): Endpoint => ({
      url: `ws://127.0.0.1:${instances[router.pick(room, role)]!.port}`,
      wire: hocuspocusWire(room, 'hocuspocus-accepts-any-token'),
    }),
    admit: async (rooms) => router.note(rooms),
    roomsUnloaded: () => new Promise((done) => setTimeout(done, 3000)),
    async stop() {
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
}
