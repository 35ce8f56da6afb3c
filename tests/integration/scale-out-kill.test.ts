import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { createRandom, seedsFor } from '../lib/random';
import { startChaosProxy } from './helpers/chaos-proxy';
import { docOfEveryEdit, receivedButNotStored, recordTraffic } from './helpers/received-updates';
import { replicaState } from './helpers/replica-state';
import { startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * An instance killed under write load: ten clients write through a proxy (no chaos) that sends each
 * new connection to a running instance, while one instance or the other is SIGKILLed at random
 * moments and started again, 20 times. Each time, before it comes back, everything any client has
 * received (acknowledged by being sent on) must be in PostgreSQL; at the end every client, both
 * instances and PostgreSQL hold every edit.
 */
const CLIENTS = 10;
const CYCLES = 20;

const { postgres, redis, cleanups } = useScaleOutInfrastructure();

it.each(seedsFor(1))(
  `${CYCLES} SIGKILLs of either instance under load from ${CLIENTS} clients: nothing a client saw is lost (seed %i)`,
  async (seed) => {
    const random = createRandom(seed);
    const servers = await startScaleOutServers(2, { databaseUrl: await postgres.freshDatabase(), redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    const { instances } = servers;
    const isUp = instances.map(() => true);
    const proxy = await startChaosProxy(() => {
      const up = instances.filter((_, i) => isUp[i]);
      return random.pick(up.length ? up : instances).url;
    }, createRandom(seed ^ 0x5eed));
    cleanups.push(() => proxy.close());
    const log: string[] = [];
    onTestFailed(() =>
      console.error(
        `scale-out kill failed with seed ${seed}; replay with EVIDENT_SEED=${seed}\n  ${log.slice(-20).join('\n  ')}\n` +
          instances.map((s, i) => `instance ${i}:\n${s.output().slice(-2000)}`).join('\n'),
      ),
    );

    const workspace = `kill-${seed}`;
    const clients: SyncClient[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const client = connectClient(proxy.url, workspace, (await servers.mint(workspace, 'editor')).token, new Y.Doc(), { maxBackoffTime: 300 });
      cleanups.push(() => client.destroy());
      clients.push(client);
    }
    await Promise.all(clients.map((client) => client.synced));
    const traffic = clients.map(recordTraffic);
    let edits = 0;
    const writers = clients.map((client, c) => setInterval(() => client.doc.getMap<number>('clips').set(`c${c}-${edits++}`, Date.now()), 50));
    cleanups.push(() => writers.forEach(clearInterval));

    let seenAtKills = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await sleep(random.int(100, 700));
      const victim = random.int(0, instances.length - 1);
      isUp[victim] = false;
      await instances[victim]!.kill('SIGKILL');
      // What clients had received before PostgreSQL is read: the other instance goes on committing
      // (and sending) meanwhile, and what it sends after the read is rightly not in it.
      const receivedBefore = traffic.map((t) => ({ ...t, received: t.received.slice() }));
      const stored = await servers.storedDoc(workspace);
      const seen = receivedBefore.reduce((sum, t) => sum + t.received.length, 0);
      const missing = receivedBefore.flatMap((t) => receivedButNotStored(stored, t));
      log.push(`cycle ${cycle}: instance ${victim} killed after ${edits} edits; clients had received ${seen} updates, ${missing.length} missing`);
      expect(missing.length, `cycle ${cycle}: updates clients had received that PostgreSQL lacks`).toBe(0);
      seenAtKills = seen;
      await instances[victim]!.restart();
      isUp[victim] = true;
    }
    writers.forEach(clearInterval);
    await sleep(100);

    const expected = JSON.stringify(replicaState(docOfEveryEdit(traffic)));
    await eventually(() => clients.every((client) => JSON.stringify(replicaState(client.doc)) === expected), 30_000, 'every client to hold every edit');
    for (const [i, instance] of instances.entries()) {
      const direct = connectClient(instance.url, workspace, (await servers.mint(workspace, 'reviewer')).token);
      cleanups.push(() => direct.destroy());
      await direct.synced;
      await eventually(() => JSON.stringify(replicaState(direct.doc)) === expected, 10_000, `instance ${i}'s room to hold every edit`);
    }
    await eventually(async () => JSON.stringify(replicaState(await servers.storedDoc(workspace))) === expected, 10_000, 'PostgreSQL to hold every edit');
    console.log(
      `scale-out kill seed ${seed}: ${CYCLES} SIGKILLs, ${edits} edits by ${CLIENTS} clients, ${seenAtKills} updates received by clients at the last kill, ` +
        `none missing from PostgreSQL at any kill; ${proxy.figures.connections} connections through the proxy`,
    );
  },
  180_000,
);
