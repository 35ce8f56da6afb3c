import { expect } from 'vitest';
import * as Y from 'yjs';
import { migrateWorkspaceDoc } from '../../../shared/workspace';
import type { MutationContext } from '../../../shared/workspace';
import { createRandom, type Random } from '../../lib/random';
import { applyRandomMutation, deterministicContext } from '../../lib/workspace-ops';
import type { ChaosProxy } from './chaos-proxy';
import { docOfEveryEdit, recordTraffic, type ClientTraffic } from './received-updates';
import { replicaState } from './replica-state';
import { connectClient, eventually, type SyncClient } from './sync-clients';

/**
 * The convergence fuzz's moving parts (yjs tests/testHelper.js), shared by the one-server and the
 * two-instance runs: clients editing through the chaos proxy, each step's dice, and the heal after
 * which every replica must hold the same workspace and lose no edit any client made.
 */

/** y-websocket's reconnect delay, capped low so clients come back within the test's time. */
const MAX_BACKOFF_MS = 300;

export interface FuzzCounts {
  mutations: number;
  disconnects: number;
  reconnects: number;
  receivedAtKill: number;
}

export interface FuzzClients {
  clients: SyncClient[];
  traffic: ClientTraffic[];
  /** Each client acts as its own user, with its own ids and clock. */
  contexts: MutationContext[];
  counts: FuzzCounts;
}

/**
 * `count` clients connected through `proxyUrl`, each with its own editor invite, synced, their
 * traffic recorded, and the workspace migrated at the first and seen by all.
 */
export async function connectFuzzClients(
  count: number,
  { proxyUrl, workspace, seed, mint, note, cleanups }: {
    proxyUrl: string;
    workspace: string;
    seed: number;
    mint: (workspace: string) => Promise<{ token: string }>;
    note: (line: string) => void;
    cleanups: Array<() => unknown>;
  },
): Promise<FuzzClients> {
  const clients: SyncClient[] = [];
  for (let i = 0; i < count; i++) {
    const { token } = await mint(workspace);
    const client = connectClient(proxyUrl, workspace, token, new Y.Doc(), { maxBackoffTime: MAX_BACKOFF_MS });
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
  return { clients, traffic, contexts, counts: { mutations: 0, disconnects: 0, reconnects: 0, receivedAtKill: 0 } };
}

/** One step's dice: a client goes offline (5 %), one comes back (7 %), or one makes a random edit. */
export function randomClientStep(step: number, random: Random, { clients, contexts, counts }: FuzzClients, note: (line: string) => void): void {
  const roll = random.next();
  const offline = clients.filter((c) => !c.provider.shouldConnect);
  if (roll < 0.05 && offline.length < clients.length - 1) {
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
    const i = random.int(0, clients.length - 1);
    const { provider, doc } = clients[i]!;
    const op = applyRandomMutation(doc, contexts[i]!, random);
    counts.mutations++;
    note(`#${step} u${i} ${op}${provider.wsconnected ? '' : ' (offline)'}`);
  }
}

/**
 * Heal: a clean network, everyone online, and fresh connections, whose sync step 1/2 exchange brings
 * back whatever the chaos dropped. Then every client must hold the same workspace, and that must be
 * every edit any client made, merged. Returns it, and how long convergence took.
 */
export async function healAndConverge(
  proxy: ChaosProxy,
  { clients, traffic }: FuzzClients,
  seed: number,
  note: (line: string) => void,
): Promise<{ expected: ReturnType<typeof replicaState>; convergedMs: number }> {
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
  return { expected, convergedMs };
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
