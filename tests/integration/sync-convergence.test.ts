import { afterEach, expect, it, onTestFailed } from 'vitest';
import { createRandom, seedsFor, type Random } from '../lib/random';
import { startChaosProxy } from './helpers/chaos-proxy';
import { connectFuzzClients, healAndConverge, randomClientStep } from './helpers/convergence-fuzz';
import { receivedButNotStored } from './helpers/received-updates';
import { replicaState, storedDoc } from './helpers/replica-state';
import { startServerProcess, type ServerProcess } from './helpers/server-process';
import { connectClient } from './helpers/sync-clients';

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
    const fuzz = await connectFuzzClients(CLIENTS, { proxyUrl: proxy.url, workspace, seed, mint: (w) => server.mint(w, 'editor'), note, cleanups });
    const { clients, traffic, counts } = fuzz;
    const restarts = planRestarts(random);
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
      randomClientStep(step, random, fuzz, note);
      await sleep(random.int(0, MAX_PAUSE_MS));
    }
    await restarting;

    const { expected, convergedMs } = await healAndConverge(proxy, fuzz, seed, note);
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
