import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { migrateWorkspaceDoc } from '../../shared/workspace';
import { createRandom, seedsFor } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { startChaosProxy } from './helpers/chaos-proxy';
import { docOfEveryEdit, receivedButNotStored, recordTraffic } from './helpers/received-updates';
import { replicaState } from './helpers/replica-state';
import { startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * The convergence fuzz (sync-convergence.test.ts) across two server instances on one PostgreSQL and
 * one Redis: five y-websocket clients edit one workspace through a proxy that delays, reorders,
 * drops and cuts frames, and sends each new connection to either instance at random, so clients
 * move between instances as they reconnect. Mid-run one instance is killed (SIGKILL) and started
 * again; meanwhile new connections go to the other. Once the network heals, every client, both
 * instances' rooms and a reload from PostgreSQL must hold the same workspace, and nothing any client
 * had received from the killed instance may be missing from PostgreSQL.
 */
const CLIENTS = 5;
const STEPS = 300;
const MAX_PAUSE_MS = 20;
const MAX_BACKOFF_MS = 300;

const { postgres, redis, cleanups } = useScaleOutInfrastructure();

function watchForResync(client: SyncClient): () => boolean {
  let hasReconnected = false;
  let hasResynced = false;
  client.provider.on('status', ({ status }) => {
    if (status === 'connected') [hasReconnected, hasResynced] = [true, false];
  });
  client.provider.on('sync', (isSynced: boolean) => {
    if (isSynced && hasReconnected) hasResynced = true;
  });
  return () => hasResynced && client.provider.synced;
}

const allSame = (docs: Y.Doc[]) => {
  const first = JSON.stringify(replicaState(docs[0]!));
  return docs.every((doc) => JSON.stringify(replicaState(doc)) === first);
};

it.each(seedsFor(2))(
  '5 clients moving between two instances on a chaotic network, one instance killed mid-run, converge on what PostgreSQL holds (seed %i)',
  async (seed) => {
    const random = createRandom(seed);
    const log: string[] = [];
    const note = (line: string) => log.push(line);
    const servers = await startScaleOutServers(2, {
      databaseUrl: await postgres.freshDatabase(),
      redisUrl: redis().url,
      env: { EVIDENT_COMPACT_ENTRIES: '50' }, // compactions (two instances, one advisory lock) happen mid-run
    });
    cleanups.push(() => servers.dispose());
    const instances = servers.instances;
    const isUp = instances.map(() => true);
    const routing = createRandom(seed ^ 0x1ab);
    /** Each new connection goes to a running instance at random. */
    const pickInstance = () => {
      const up = instances.filter((_, i) => isUp[i]);
      return routing.pick(up.length ? up : instances).url;
    };
    const proxy = await startChaosProxy(pickInstance, createRandom(seed ^ 0x5eed));
    cleanups.push(() => proxy.close());
    onTestFailed(() => {
      console.error(
        `scale-out convergence failed with seed ${seed}; replay with EVIDENT_SEED=${seed}\n` +
          `proxy: ${JSON.stringify(proxy.figures)}\nlast steps:\n  ${log.slice(-30).join('\n  ')}\n` +
          instances.map((instance, i) => `instance ${i} output (tail):\n${instance.output().slice(-2000)}`).join('\n'),
      );
    });

    const workspace = `fuzz-${seed}`;
    const clients: SyncClient[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const { token } = await servers.mint(workspace, 'editor');
      const client = connectClient(proxy.url, workspace, token, new Y.Doc(), { maxBackoffTime: MAX_BACKOFF_MS });
      cleanups.push(() => client.destroy());
      client.provider.on('connection-close', (event) => event && note(`u${i} connection closed ${event.code} ${event.reason}`));
      client.provider.on('closed', (event) => note(`u${i} STOPPED by the server: ${event.code} ${event.reason}`));
      clients.push(client);
    }
    await Promise.all(clients.map((client) => client.synced));
    const traffic = clients.map(recordTraffic);
    migrateWorkspaceDoc(clients[0]!.doc, workspace);
    await eventually(() => allSame(clients.map((c) => c.doc)), 10_000, 'the migrated workspace at every client');

    const contexts = clients.map((_, i) => deterministicContext(createRandom(seed + 1 + i), `u${i}`));
    const killAt = random.int(Math.floor(STEPS * 0.3), Math.floor(STEPS * 0.7));
    const victim = random.int(0, instances.length - 1);
    const counts = { mutations: 0, disconnects: 0, reconnects: 0, receivedAtKill: 0 };
    let restarting: Promise<void> = Promise.resolve();
    proxy.setChaos(true);
    for (let step = 0; step < STEPS; step++) {
      if (step === killAt) {
        note(`#${step} instance ${victim} SIGKILL + restart`);
        isUp[victim] = false;
        restarting = (async () => {
          await instances[victim]!.kill('SIGKILL');
          // Whatever any client has received was committed first: PostgreSQL holds it, whichever instance sent it.
          // What clients had received before PostgreSQL is read: the other instance goes on committing
          // (and sending) meanwhile, and what it sends after the read is rightly not in it.
          const receivedBefore = traffic.map((t) => ({ ...t, received: t.received.slice() }));
          const stored = await servers.storedDoc(workspace);
          counts.receivedAtKill = receivedBefore.reduce((sum, { received }) => sum + received.length, 0);
          const missing = receivedBefore.flatMap((t) => receivedButNotStored(stored, t));
          note(`#${step} killed: ${counts.receivedAtKill} updates seen by clients, ${missing.length} missing from PostgreSQL`);
          expect(missing.length, `updates clients had received but PostgreSQL lacks (seed ${seed})`).toBe(0);
          await instances[victim]!.restart();
          isUp[victim] = true;
        })();
        restarting.catch(() => {});
      }
      const roll = random.next();
      const offline = clients.filter((c) => !c.provider.shouldConnect);
      if (roll < 0.05 && offline.length < CLIENTS - 1) {
        const i = random.pick(clients.map((_, k) => k).filter((k) => clients[k]!.provider.shouldConnect));
        clients[i]!.provider.disconnect();
        counts.disconnects++;
        note(`#${step} u${i} goes offline`);
      } else if (roll < 0.12 && offline.length > 0) {
        const i = clients.indexOf(random.pick(offline));
        clients[i]!.provider.connect();
        counts.reconnects++;
        note(`#${step} u${i} comes back online`);
      } else {
        const i = random.int(0, CLIENTS - 1);
        const { provider, doc } = clients[i]!;
        const op = applyRandomMutation(doc, contexts[i]!, random);
        counts.mutations++;
        note(`#${step} u${i} ${op}${provider.wsconnected ? '' : ' (offline)'}`);
      }
      await sleep(random.int(0, MAX_PAUSE_MS));
    }
    await restarting;

    note('heal');
    proxy.setChaos(false);
    const resynced = clients.map(watchForResync);
    for (const { provider } of clients) if (!provider.shouldConnect) provider.connect();
    proxy.cutAll();
    const healedAt = Date.now();
    await eventually(() => resynced.every((isResynced) => isResynced()), 20_000, `every client to resync (seed ${seed})`);
    await eventually(() => allSame(clients.map((c) => c.doc)), 20_000, `every client to hold the same workspace (seed ${seed})`);
    const convergedMs = Date.now() - healedAt;

    const expected = replicaState(clients[0]!.doc);
    clients.forEach((client, i) => expect(replicaState(client.doc), `client u${i} (seed ${seed})`).toEqual(expected));
    expect(replicaState(docOfEveryEdit(traffic)), `every edit any client made, merged: none lost (seed ${seed})`).toEqual(expected);
    // Each instance's room, as a new client of that instance gets it (the other instance's commits reached it by fan-out).
    for (const [i, instance] of instances.entries()) {
      const direct = connectClient(instance.url, workspace, (await servers.mint(workspace, 'reviewer')).token);
      cleanups.push(() => direct.destroy());
      await direct.synced;
      await eventually(() => JSON.stringify(replicaState(direct.doc)) === JSON.stringify(expected), 10_000, `instance ${i}'s room (seed ${seed})`);
      direct.destroy();
    }
    expect(replicaState(await servers.storedDoc(workspace)), `PostgreSQL while serving (seed ${seed})`).toEqual(expected);

    // Everyone leaves; graceful restarts compact on the way out (both at once: one advisory lock); PostgreSQL alone holds it all.
    for (const client of clients) client.destroy();
    await Promise.all(instances.map((instance) => instance.restart()));
    expect(replicaState(await servers.storedDoc(workspace)), `PostgreSQL after both instances restarted (seed ${seed})`).toEqual(expected);

    const records = JSON.parse(expected.projection) as Record<string, unknown[]>;
    console.log(
      `scale-out convergence seed ${seed}: ${counts.mutations} mutations, ${counts.disconnects} offline / ${counts.reconnects} online, ` +
        `instance ${victim} killed at step ${killAt} (clients had received ${counts.receivedAtKill} updates: none missing from PostgreSQL); ` +
        `proxy ${JSON.stringify(proxy.figures)}; converged ${convergedMs} ms after healing; ` +
        `${records.evidence!.length} clips, ${records.tags!.length} tags, ${records.actions!.length} actions`,
    );
  },
  120_000,
);
