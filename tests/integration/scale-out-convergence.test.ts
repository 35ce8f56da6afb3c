import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFailed } from 'vitest';
import { createRandom, seedsFor } from '../lib/random';
import { startChaosProxy } from './helpers/chaos-proxy';
import { connectFuzzClients, healAndConverge, randomClientStep } from './helpers/convergence-fuzz';
import { receivedButNotStored } from './helpers/received-updates';
import { replicaState } from './helpers/replica-state';
import { startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { connectClient, eventually } from './helpers/sync-clients';

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

const { postgres, redis, cleanups } = useScaleOutInfrastructure();

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
    const fuzz = await connectFuzzClients(CLIENTS, { proxyUrl: proxy.url, workspace, seed, mint: (w) => servers.mint(w, 'editor'), note, cleanups });
    const { traffic, counts } = fuzz;
    const killAt = random.int(Math.floor(STEPS * 0.3), Math.floor(STEPS * 0.7));
    const victim = random.int(0, instances.length - 1);
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
      randomClientStep(step, random, fuzz, note);
      await sleep(random.int(0, MAX_PAUSE_MS));
    }
    await restarting;

    const { expected, convergedMs } = await healAndConverge(proxy, fuzz, seed, note);
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
    for (const client of fuzz.clients) client.destroy();
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
