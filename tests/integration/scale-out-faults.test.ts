import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { queryRows } from './helpers/pg-test-database';
import { docOfEveryEdit, receivedButNotStored, recordTraffic, type ClientTraffic } from './helpers/received-updates';
import { replicaState } from './helpers/replica-state';
import { startScaleOutServers, type ScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { httpGet, metricValue, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * Faults under write load, with two instances on one PostgreSQL and one Redis, all real processes:
 * degrade, never lose. PostgreSQL down: nothing acknowledged or broadcast, writers told to retry
 * (a transient close code), /readyz not ready; afterwards everything converges. Redis down: writes
 * still commit, the instances poll PostgreSQL for each other's commits, and streaming resumes.
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();

interface Load {
  clients: SyncClient[];
  traffic: ClientTraffic[];
  /** Close codes the clients' connections saw, in order. */
  closes: number[];
  /** Each client sets a new key of its own every `everyMs` until stopped (offline too: y-websocket keeps them). */
  start(everyMs: number): void;
  stop(): Promise<void>;
  edits(): number;
}

/** `perInstance` clients on each instance, each writing its own keys. */
async function startLoad(servers: ScaleOutServers, workspace: string, perInstance: number): Promise<Load> {
  const clients: SyncClient[] = [];
  const closes: number[] = [];
  for (const instance of servers.instances) {
    for (let i = 0; i < perInstance; i++) {
      const client = connectClient(instance.url, workspace, (await servers.mint(workspace, 'editor')).token, new Y.Doc(), { maxBackoffTime: 300 });
      cleanups.push(() => client.destroy());
      client.provider.on('connection-close', (event) => event && closes.push(event.code));
      clients.push(client);
    }
  }
  await Promise.all(clients.map((client) => client.synced));
  const traffic = clients.map(recordTraffic);
  let timers: ReturnType<typeof setInterval>[] = [];
  let edits = 0;
  return {
    clients,
    traffic,
    closes,
    start(everyMs) {
      timers = clients.map((client, c) =>
        setInterval(() => client.doc.getMap<number>('clips').set(`c${c}-${edits++}`, Date.now()), everyMs),
      );
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await sleep(50);
    },
    edits: () => edits,
  };
}

/** Every client, both instances' rooms and PostgreSQL hold every edit made. */
async function expectConverged(servers: ScaleOutServers, workspace: string, load: Load): Promise<void> {
  const everyEdit = docOfEveryEdit(load.traffic);
  const expected = JSON.stringify(replicaState(everyEdit));
  await eventually(() => load.clients.every((client) => JSON.stringify(replicaState(client.doc)) === expected), 30_000, 'every client to hold every edit');
  for (const [i, instance] of servers.instances.entries()) {
    const direct = connectClient(instance.url, workspace, (await servers.mint(workspace, 'reviewer')).token);
    cleanups.push(() => direct.destroy());
    await direct.synced;
    await eventually(() => JSON.stringify(replicaState(direct.doc)) === expected, 10_000, `instance ${i}'s room to hold every edit`);
    direct.destroy();
  }
  await eventually(async () => JSON.stringify(replicaState(await servers.storedDoc(workspace))) === expected, 10_000, 'PostgreSQL to hold every edit');
}

const readyz = async (instance: ServerProcess) => (await httpGet(instance, '/readyz')).status;

describe('PostgreSQL down', () => {
  it('restarted under load: nothing acknowledged while down, writers told to retry, not ready; then everything converges, nothing duplicated', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    onTestFailed(() => console.error(servers.instances.map((s, i) => `instance ${i}:\n${s.output().slice(-3000)}`).join('\n')));
    const workspace = 'pg-restart';
    const load = await startLoad(servers, workspace, 2);
    load.start(20);
    await sleep(1_000);
    const editsBefore = load.edits();

    await postgres.server().stopServer('fast');
    const stoppedAt = Date.now();
    for (const instance of servers.instances) await eventually(async () => (await readyz(instance)) === 503, 5_000, '/readyz to say not ready');
    const notReadyMs = Date.now() - stoppedAt;
    expect((await httpGet(servers.instances[0]!, '/readyz')).body).toContain('cannot store updates now');
    expect((await httpGet(servers.instances[0]!, '/healthz')).status).toBe(200); // the process is fine: no restart
    await sleep(2_000); // the clients keep editing, offline or refused
    const closesWhileDown = [...load.closes];
    // Before PostgreSQL is back, the clients go offline, so what it holds can be read before anything new commits.
    await load.stop();
    for (const { provider } of load.clients) provider.disconnect();
    await postgres.server().startServer();
    const stored = await servers.storedDoc(workspace);
    const seen = load.traffic.reduce((sum, t) => sum + t.received.length, 0);
    const missing = load.traffic.flatMap((t) => receivedButNotStored(stored, t));
    expect(missing.length, 'updates a client received that PostgreSQL did not hold when it came back').toBe(0);
    // Writers were told to retry, with codes y-websocket retries on (never one that stops it).
    expect(closesWhileDown.length).toBeGreaterThan(0);
    expect(closesWhileDown.every((code) => code === 4503 || code === 1013), `close codes ${closesWhileDown}`).toBe(true);

    for (const instance of servers.instances) await eventually(async () => (await readyz(instance)) === 200, 10_000, '/readyz to say ready again');
    for (const { provider } of load.clients) provider.connect();
    load.start(20);
    await sleep(500);
    await load.stop();
    await expectConverged(servers, workspace, load);
    const [{ rows, digests }] = await queryRows<{ rows: string; digests: string }>(
      databaseUrl,
      'SELECT COUNT(*) AS rows, COUNT(DISTINCT digest) AS digests FROM updates WHERE workspace = $1',
      [workspace],
    ) as [{ rows: string; digests: string }];
    expect(Number(rows)).toBe(Number(digests));
    expect(await metricValue(servers.instances[0]!, 'evident_sync_database_up')).toBe(1);
    console.log(
      `PostgreSQL restart: ${editsBefore} edits before, ${load.edits()} in all; not ready ${notReadyMs} ms after the stop; ` +
        `${seen} updates seen by clients, none missing; close codes while down: ${[...new Set(closesWhileDown)].join(', ')} (${closesWhileDown.length}); ${rows} rows, no duplicate`,
    );
  }, 90_000);
});

describe('Redis down', () => {
  it('stopped for 10 s under load, then emptied by FLUSHALL: writes still commit, instances poll PostgreSQL, streaming resumes; nothing lost', async () => {
    const servers = await startScaleOutServers(2, { databaseUrl: await postgres.freshDatabase(), redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    onTestFailed(() => console.error(servers.instances.map((s, i) => `instance ${i}:\n${s.output().slice(-3000)}`).join('\n')));
    const [a, b] = servers.instances as [ServerProcess, ServerProcess];
    const workspace = 'redis-down';
    const load = await startLoad(servers, workspace, 2);
    const [onA, , onB] = load.clients as [SyncClient, SyncClient, SyncClient, SyncClient];
    load.start(50);
    await sleep(1_000);
    await redis().stopServer('SIGKILL');
    await eventually(async () => (await metricValue(a, 'evident_sync_fanout_streaming')) === 0, 5_000, 'instance a to stop streaming');

    // While Redis is down, an edit on one instance still reaches the other's clients (polled from PostgreSQL, ~1 s).
    const crossed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sentAt = Date.now();
      onA.doc.getMap<string>('probes').set(`a-${i}`, 'x');
      await eventually(() => onB.doc.getMap<string>('probes').has(`a-${i}`), 5_000, 'an edit through a to reach b\'s client with Redis down');
      crossed.push(Date.now() - sentAt);
      await sleep(1_000);
    }
    expect((await httpGet(a, '/readyz')).status).toBe(200);
    await sleep(7_000);
    await redis().startServer();
    await eventually(
      async () => (await metricValue(a, 'evident_sync_fanout_streaming')) === 1 && (await metricValue(b, 'evident_sync_fanout_streaming')) === 1,
      10_000,
      'both instances to stream again',
    );
    // Streaming: an edit crosses without waiting for a poll.
    const streamed: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sentAt = Date.now();
      onB.doc.getMap<string>('probes').set(`b-${i}`, 'y');
      await eventually(() => onA.doc.getMap<string>('probes').has(`b-${i}`), 5_000, 'an edit through b to reach a\'s client by stream');
      streamed.push(Date.now() - sentAt);
    }
    // Emptied under load (streams and positions gone): what the stream no longer shows is read by seq.
    const admin = new Redis(redis().url, { lazyConnect: true });
    await admin.connect();
    await admin.flushall();
    admin.disconnect();
    for (let i = 0; i < 3; i++) {
      onA.doc.getMap<string>('probes').set(`after-flush-${i}`, 'z');
      await eventually(() => onB.doc.getMap<string>('probes').has(`after-flush-${i}`), 5_000, 'an edit through a to reach b\'s client after FLUSHALL');
    }
    await load.stop();
    await expectConverged(servers, workspace, load);
    const replayed = (await metricValue(a, 'evident_sync_replayed_updates_total')) + (await metricValue(b, 'evident_sync_replayed_updates_total'));
    expect(replayed).toBeGreaterThan(0);
    expect(Math.min(...streamed)).toBeLessThan(500);
    console.log(
      `Redis down 10 s: ${load.edits()} edits, all on both instances and in PostgreSQL; ${replayed} updates read from PostgreSQL; ` +
        `cross-instance while polling ${crossed.join(', ')} ms; once streaming again ${streamed.join(', ')} ms`,
    );
  }, 90_000);
});
