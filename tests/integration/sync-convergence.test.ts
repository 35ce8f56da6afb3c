import { afterEach, expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { migrateWorkspaceDoc } from '../../shared/workspace';
import { createRandom, seedsFor, type Random } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { startChaosProxy } from './helpers/chaos-proxy';
import { docOfEveryEdit, receivedButNotStored, recordTraffic } from './helpers/received-updates';
import { replicaState, storedDoc } from './helpers/replica-state';
import { startServerProcess, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * The convergence fuzz (yjs tests/testHelper.js):
 * five y-websocket clients edit one workspace through a proxy that delays, reorders, drops and cuts
 * frames, go offline and come back, while the server process is restarted (SIGTERM) and killed
 * (SIGKILL). Once the network heals, every replica must hold the same workspace, and so must the
 * server and its database. The seed fixes the script (steps, chaos dice, ids); the event loop's
 * timing still varies from run to run, as a real network's would.
 */
const CLIENTS = 5;
const STEPS = 400;
/** Steps are 0–20 ms apart, so the run lasts a few seconds and the restarts (about a second each) fall inside it. */
const MAX_PAUSE_MS = 20;
/** y-websocket's reconnect delay, capped low so clients come back within the test's time. */
const MAX_BACKOFF_MS = 300;
type Stop = 'SIGTERM' | 'SIGKILL';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One or two restarts at distinct steps in the middle of the run; with two, one of each kind. */
function planRestarts(random: Random): Map<number, Stop> {
  const kinds: Stop[] = random.int(1, 2) === 2 ? (random.chance(0.5) ? ['SIGTERM', 'SIGKILL'] : ['SIGKILL', 'SIGTERM']) : [random.pick(['SIGTERM', 'SIGKILL'] as const)];
  const plan = new Map<number, Stop>();
  for (const kind of kinds) {
    let step: number;
    do step = random.int(Math.floor(STEPS * 0.2), Math.floor(STEPS * 0.8));
    while (plan.has(step));
    plan.set(step, kind);
  }
  return new Map([...plan].sort(([a], [b]) => a - b));
}

/**
 * SIGTERM: a graceful restart. SIGKILL: the process dies mid-whatever; before it starts again (and
 * clients could upload anything it lost), `whileDead` looks at what the database kept.
 */
async function restartServer(server: ServerProcess, kind: Stop, whileDead: () => void): Promise<void> {
  if (kind === 'SIGKILL') {
    await server.kill('SIGKILL');
    whileDead();
  }
  await server.restart();
}

/** True once the client has connected again and synced on that new connection. */
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

it.each(seedsFor(3))(
  '5 clients on a network that delays, reorders, drops and cuts, with server restarts and kills, converge on what the database holds (seed %i)',
  async (seed) => {
    const random = createRandom(seed);
    const log: string[] = [];
    const note = (line: string) => log.push(line);
    const server = await startServerProcess({ EVIDENT_COMPACT_ENTRIES: '50' }); // compactions happen mid-run
    cleanups.push(() => server.dispose());
    const proxy = await startChaosProxy(() => server.url, createRandom(seed ^ 0x5eed));
    cleanups.push(() => proxy.close());
    onTestFailed(() => {
      console.error(
        `sync-convergence failed with seed ${seed}; replay with EVIDENT_SEED=${seed}\n` +
          `proxy: ${JSON.stringify(proxy.figures)}\nlast steps:\n  ${log.slice(-30).join('\n  ')}\n` +
          `server output (tail):\n${server.output().slice(-2000)}`,
      );
    });

    const workspace = `fuzz-${seed}`;
    const clients: SyncClient[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const { token } = await server.mint(workspace, 'editor');
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

    // Each client acts as its own user, with its own ids and clock.
    const contexts = clients.map((_, i) => deterministicContext(createRandom(seed + 1 + i), `u${i}`));
    const restarts = planRestarts(random);
    const counts = { mutations: 0, disconnects: 0, reconnects: 0, receivedAtKill: 0 };
    /** Whatever any client had received from the server is in the database the killed server left. */
    const checkNothingSeenWasLost = (step: number) => () => {
      const stored = storedDoc(server, workspace);
      const seen = traffic.reduce((sum, { received }) => sum + received.length, 0);
      const missing = traffic.flatMap((t) => receivedButNotStored(stored, t));
      counts.receivedAtKill = seen;
      note(`#${step} server dead: ${seen} updates seen by clients, ${missing.length} missing from the database`);
      expect(missing.length, `updates clients had received but the killed server's database lacks (seed ${seed})`).toBe(0);
    };
    let restarting: Promise<void> = Promise.resolve();
    proxy.setChaos(true);
    for (let step = 0; step < STEPS; step++) {
      const stop = restarts.get(step);
      if (stop) {
        await restarting;
        note(`#${step} server ${stop} + restart`);
        // Not awaited: the clients keep editing while the server is down.
        restarting = restartServer(server, stop, checkNothingSeenWasLost(step));
        restarting.catch(() => {}); // its failure is thrown where it is awaited: the next restart, or the heal
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

    // Heal: a clean network, everyone online, and fresh connections, whose sync step 1/2
    // exchange brings back whatever the chaos dropped.
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
    const direct = connectClient(server.url, workspace, (await server.mint(workspace, 'reviewer')).token);
    cleanups.push(() => direct.destroy());
    await direct.synced;
    expect(replicaState(direct.doc), `the server's room, as a new client gets it (seed ${seed})`).toEqual(expected);
    expect(replicaState(storedDoc(server, workspace)), `the database while serving (seed ${seed})`).toEqual(expected);

    // Everyone leaves; a graceful restart compacts the room on the way out; the database alone must hold it all.
    for (const client of [...clients, direct]) client.destroy();
    await server.restart();
    expect(replicaState(storedDoc(server, workspace)), `the database reloaded after a restart (seed ${seed})`).toEqual(expected);

    const records = JSON.parse(expected.projection) as Record<string, unknown[]>;
    console.log(
      `sync-convergence seed ${seed}: ${counts.mutations} mutations, ${counts.disconnects} offline / ${counts.reconnects} online, ` +
        `restarts ${[...restarts].map(([step, kind]) => `${kind}@${step}`).join(', ')}` +
        `${counts.receivedAtKill ? ` (at the kill, clients had received ${counts.receivedAtKill} updates: none missing from the database)` : ''}; ` +
        `proxy ${JSON.stringify(proxy.figures)}; ` +
        `converged ${convergedMs} ms after healing; ${records.evidence!.length} clips, ${records.tags!.length} tags, ${records.actions!.length} actions`,
    );
  },
  90_000,
);
