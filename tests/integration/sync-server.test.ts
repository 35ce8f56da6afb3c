import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_SHUTTING_DOWN } from '../../shared/protocol/sync';
import { migrateWorkspaceDoc } from '../../shared/workspace';
import { docFromStore } from '../../sync-server/persistence/doc-from-store';
import { createRandom, seedsFor } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { httpGet, metricsText, metricValue, startServerProcess, type ServerProcess } from './helpers/server-process';
import { saveClip } from './helpers/clips';
import { barrier, connectClient, eventually, openRawSocket, updateFrame, type SyncClient } from './helpers/sync-clients';
import { docContent } from './helpers/update-stream';

let server: ServerProcess;
const clients: SyncClient[] = [];

beforeAll(async () => {
  // A short log threshold, so these runs compact and the restart checks read snapshot + log; a short
  // idle time, so rooms unload between tests and load again from the database.
  server = await startServerProcess({ EVIDENT_COMPACT_ENTRIES: '40', EVIDENT_IDLE_UNLOAD_MS: '300' });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => server?.dispose());

async function join(workspace: string, role: 'editor' | 'reviewer' = 'editor'): Promise<SyncClient> {
  const { token } = await server.mint(workspace, role);
  const client = connectClient(server.url, workspace, token);
  clients.push(client);
  await client.synced;
  return client;
}

/** Random domain mutations spread over the clients, with pauses so messages cross in flight. */
async function mutateConcurrently(peers: SyncClient[], seed: number, steps: number): Promise<void> {
  const random = createRandom(seed);
  const contexts = peers.map((_, i) => deterministicContext(random, `u${i}`));
  for (let step = 0; step < steps; step++) {
    const i = random.int(0, peers.length - 1);
    applyRandomMutation(peers[i]!.doc, contexts[i]!, random);
    if (random.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, random.int(0, 5)));
  }
}

const converged = (peers: SyncClient[], workspace: string) => {
  const first = docContent(peers[0]!.doc, workspace);
  return peers.every((peer) => docContent(peer.doc, workspace) === first);
};


describe('sync between Node clients through the server process', () => {
  describe.each([2, 3])('%i clients on one workspace', (count) => {
    it.each(seedsFor(2))('converge after concurrent random domain mutations (seed %i)', async (seed) => {
      const workspace = `converge-${count}-${seed}`;
      const peers = [await join(workspace)];
      migrateWorkspaceDoc(peers[0]!.doc, workspace);
      for (let i = 1; i < count; i++) peers.push(await join(workspace));
      await mutateConcurrently(peers, seed, 120);
      await eventually(() => converged(peers, workspace), 15_000, `convergence (replay with EVIDENT_SEED=${seed})`);
    });
  });

  it("keeps another workspace's room separate", async () => {
    const a = await join('room-a');
    const b = await join('room-b');
    const aPeer = await join('room-a');
    saveClip(a.doc, 'only in workspace a');
    await eventually(() => aPeer.doc.getMap('evidence').size === 1, 10_000, 'the clip at the peer in room a');
    expect(b.doc.getMap('evidence').size).toBe(0);
    expect(JSON.stringify(b.doc.toJSON())).not.toContain('only in workspace a');
  });

  it('gives a late joiner everything written before it came', async () => {
    const workspace = 'late-joiner';
    const early = await join(workspace);
    migrateWorkspaceDoc(early.doc, workspace);
    await mutateConcurrently([early], 7, 80);
    const late = await join(workspace);
    await eventually(() => converged([early, late], workspace), 10_000, 'the late joiner to catch up');
  });

  it('unloads a room after its last client leaves, and loads it again with everything', async () => {
    const workspace = 'idle-unload';
    const first = await join(workspace);
    saveClip(first.doc, 'kept while unloaded');
    await eventually(async () => (await metricValue(server, 'evident_sync_log_entries', { workspace })) > 0, 5000, 'the clip stored');
    first.destroy();
    const isLoaded = async () => (await metricsText(server)).body.includes(`workspace="${workspace}"`);
    await eventually(async () => !(await isLoaded()), 5000, 'the room to unload');
    const second = await join(workspace);
    expect(await isLoaded()).toBe(true);
    expect(JSON.stringify(second.doc.getMap('evidence').toJSON())).toContain('kept while unloaded');
  });

  it('logs neither empty nor duplicate updates', async () => {
    const workspace = 'no-empty-log';
    const editor = await join(workspace);
    const sent: Uint8Array[] = [];
    editor.doc.on('update', (update: Uint8Array) => sent.push(update));
    saveClip(editor.doc, 'logged once');
    const entries = () => metricValue(server, 'evident_sync_log_entries', { workspace });
    await eventually(async () => (await entries()) === sent.length, 5000, 'the clip logged');

    const socket = openRawSocket(server.url, workspace, (await server.mint(workspace, 'editor')).token);
    await socket.opened;
    socket.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc()))); // no structs, no deletes
    for (const update of sent) socket.send(updateFrame(update)); // already applied
    await barrier(socket);
    expect(await entries()).toBe(sent.length);
    socket.ws.close();
  });

  it('reloads, after a restart, the same doc the clients hold (from the database, through snapshot and log)', async () => {
    const workspace = 'survives-restart';
    const peers = [await join(workspace), await join(workspace)];
    migrateWorkspaceDoc(peers[0]!.doc, workspace);
    await mutateConcurrently(peers, 11, 150);
    await eventually(() => converged(peers, workspace), 15_000, 'convergence before the restart');
    const expected = docContent(peers[0]!.doc, workspace);
    expect(await metricValue(server, 'evident_sync_compactions_total')).toBeGreaterThan(0);
    for (const client of clients.splice(0)) client.destroy();

    await server.restart();
    const store = server.openStore();
    try {
      expect(docContent(docFromStore(store, workspace), workspace)).toBe(expected);
    } finally {
      store.close();
    }
    const fresh = await join(workspace);
    expect(docContent(fresh.doc, workspace)).toBe(expected);
  });
});

describe('HTTP endpoints', () => {
  it('answers /healthz and /readyz with 200 while serving, and 404 elsewhere', async () => {
    expect(await httpGet(server, '/healthz')).toMatchObject({ status: 200 });
    expect(await httpGet(server, '/readyz')).toMatchObject({ status: 200 });
    expect(await httpGet(server, '/nothing-here')).toMatchObject({ status: 404 });
  });

  it('exposes the named Prometheus metrics on /metrics, on its own loopback listener only', async () => {
    await join('metrics-room');
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl!).port).not.toBe(String(server.port));
    expect(await httpGet(server, '/metrics')).toMatchObject({ status: 404 });
    const { status, body } = await metricsText(server);
    expect(status).toBe(200);
    for (const name of [
      'evident_sync_connections{role="editor"}',
      'evident_sync_loaded_docs',
      'evident_sync_frames_in_total',
      'evident_sync_frames_out_total',
      'evident_sync_bytes_in_total',
      'evident_sync_bytes_out_total',
      'evident_sync_reviewer_writes_dropped_total',
      'evident_sync_upgrades_refused_total',
      'evident_sync_append_update_seconds_bucket',
      'evident_sync_log_entries{workspace="metrics-room"}',
      'evident_sync_compactions_total',
    ]) {
      expect(body, name).toContain(name);
    }
    expect(await metricValue(server, 'evident_sync_connections', { role: 'editor' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue(server, 'evident_sync_loaded_docs')).toBeGreaterThanOrEqual(1);
  });
});

describe('graceful shutdown', () => {
  it('closes clients with 4503 on SIGTERM, exits 0, and a restart serves the same data to the reconnecting client', async () => {
    const workspace = 'shutdown';
    const client = await join(workspace);
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => event && closeCodes.push(event.code));
    saveClip(client.doc, 'written before the shutdown');
    const watcher = await join(workspace);
    await eventually(() => watcher.doc.getMap('evidence').size === 1, 10_000, 'the clip at the watcher');

    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(closeCodes).toContain(CLOSE_SHUTTING_DOWN);

    await server.restart();
    // 4503 means "retry later": the provider reconnects by itself and syncs again.
    await eventually(() => client.provider.synced, 15_000, 'the client to reconnect after the restart');
    saveClip(client.doc, 'written after the restart');
    const late = await join(workspace);
    await eventually(() => late.doc.getMap('evidence').size === 2, 10_000, 'both clips at a new client');
  });
});
