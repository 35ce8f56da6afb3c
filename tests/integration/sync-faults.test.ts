import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as decoding from 'lib0/decoding';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_SHUTTING_DOWN, CLOSE_TRY_AGAIN_LATER, MESSAGE_SYNC, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol/sync';
import { captureClip } from '../../shared/workspace';
import { mintInvite } from '../../sync-server/auth/tokens';
import { docFromStore } from '../../sync-server/persistence/doc-from-store';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import type { StoreWriter } from '../../sync-server/persistence/store-writer';
import { startSyncServer } from '../../sync-server/server';
import { createRandom } from '../lib/random';
import { deterministicContext, randomSourceInput } from '../lib/workspace-ops';
import { barrier, connectClient, eventually, openRawSocket, step1Frame, updateFrame } from './helpers/sync-clients';

// Fault injection needs a hand on the database, so this server runs in the test's process; its store
// and its store writer (the worker thread that commits updates) are the real ones, on a real file,
// and the fault is injected into SQLite itself (a trigger that refuses the insert), so the failure
// comes back from the worker's commit as it would from a full disk.
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hasClip = (doc: Y.Doc, text: string) => JSON.stringify(doc.getMap('evidence').toJSON()).includes(text);

it("a failed append reaches no peer: the room's sockets close with 4503, and on reconnect the write is stored and synced", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-faults-'));
  const dbPath = join(dir, 'evident.sqlite');
  const real = openSqliteStore(dbPath);
  const injector = new DatabaseSync(dbPath);
  const failAppends = (fail: boolean) =>
    injector.exec(
      fail
        ? `CREATE TRIGGER disk_full BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END`
        : 'DROP TRIGGER disk_full',
    );
  const server = await startSyncServer({ host: '127.0.0.1', port: 0, metricsPort: 0, dbPath, store: real, logLevel: 'silent' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => real.close(), () => injector.close(), () => server.close());

  const connect = async () => {
    const { token } = await mintInvite(real.secret(), { workspace: 'faults', role: 'editor', expiresInSeconds: 600 });
    const client = connectClient(server.url, 'faults', token);
    cleanups.push(() => client.destroy());
    await client.synced;
    return client;
  };
  const writer = await connect();
  const reader = await connect();
  const closeCodes: number[] = [];
  reader.provider.on('connection-close', (event) => event && closeCodes.push(event.code));

  failAppends(true);
  const saved = captureClip(writer.doc, deterministicContext(createRandom(1), 'w'), {
    source: randomSourceInput(createRandom(2)),
    evidence: {
      anchor: {
        quote: { type: 'TextQuoteSelector', exact: 'written while the disk was full', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 0, end: 31 },
        paragraph: null,
      },
      contextBefore: '',
      contextAfter: '',
    },
  });
  expect(saved.ok).toBe(true);
  await eventually(() => closeCodes.includes(CLOSE_SHUTTING_DOWN), 5000, 'the reader to be closed with 4503');
  expect(hasClip(reader.doc, 'written while the disk was full')).toBe(false);

  failAppends(false);
  // Both reconnect by themselves (4503 is "retry"); the writer's step 2 carries the clip again.
  await eventually(() => hasClip(reader.doc, 'written while the disk was full'), 10_000, 'the clip at the reader after reconnecting');
  expect(hasClip(docFromStore(real, 'faults'), 'written while the disk was full')).toBe(true);
});

it("a slow commit holds back both the update's broadcast and a newcomer's sync step 2 until the update is durable", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-faults-'));
  const dbPath = join(dir, 'evident.sqlite');
  const real = openSqliteStore(dbPath);
  const server = await startSyncServer({ host: '127.0.0.1', port: 0, metricsPort: 0, dbPath, store: real, logLevel: 'silent' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => real.close(), () => server.close());
  const open = async () => {
    const { token } = await mintInvite(real.secret(), { workspace: 'slow-disk', role: 'editor', expiresInSeconds: 600 });
    const socket = openRawSocket(server.url, 'slow-disk', token);
    cleanups.push(() => socket.ws.terminate());
    await socket.opened;
    await barrier(socket);
    return socket;
  };
  const isUpdate = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_UPDATE;
  const isStep2 = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_STEP_2;
  const writer = await open();
  const watcher = await open();

  // Another connection holds SQLite's write lock: the store worker's commit waits for it.
  const locker = new DatabaseSync(dbPath);
  cleanups.push(() => locker.isOpen && locker.close());
  locker.exec('BEGIN IMMEDIATE');
  const doc = new Y.Doc();
  doc.getMap('evidence').set('ev_slow', 'written while the disk was slow');
  writer.send(updateFrame(Y.encodeStateAsUpdate(doc)));
  const newcomer = openRawSocket(server.url, 'slow-disk', (await mintInvite(real.secret(), { workspace: 'slow-disk', role: 'editor', expiresInSeconds: 600 })).token);
  cleanups.push(() => newcomer.ws.terminate());
  await newcomer.opened;
  newcomer.send(step1Frame(new Y.Doc()));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(watcher.received.filter(isUpdate), 'broadcast before the commit').toEqual([]);
  expect(newcomer.received.filter(isStep2), 'step 2 before the commit').toEqual([]);

  locker.exec('COMMIT');
  locker.close();
  await eventually(() => watcher.received.some(isUpdate) && newcomer.received.some(isStep2), 10_000, 'the broadcast and the step 2 after the commit');
  const step2 = decoding.createDecoder(newcomer.received.find(isStep2)!);
  decoding.readVarUint(step2); // MESSAGE_SYNC
  decoding.readVarUint(step2); // SYNC_STEP_2
  const seen = new Y.Doc();
  Y.applyUpdate(seen, decoding.readVarUint8Array(step2));
  expect(seen.getMap('evidence').get('ev_slow')).toBe('written while the disk was slow');
  expect(docFromStore(real, 'slow-disk').getMap('evidence').get('ev_slow')).toBe('written while the disk was slow');
});

it('a full server never unloads a room whose update is still being committed: a newcomer is told to retry, and the update is kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-faults-'));
  const dbPath = join(dir, 'evident.sqlite');
  const real = openSqliteStore(dbPath);
  // One loaded doc at most, and idle rooms kept (unloading only when another workspace needs the slot).
  const server = await startSyncServer({ host: '127.0.0.1', port: 0, metricsPort: 0, dbPath, store: real, logLevel: 'silent', maxLoadedDocs: 1, idleUnloadMs: 60_000 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => real.close(), () => server.close());
  const open = async (workspace: string) => {
    const { token } = await mintInvite(real.secret(), { workspace, role: 'editor', expiresInSeconds: 600 });
    const socket = openRawSocket(server.url, workspace, token);
    cleanups.push(() => socket.ws.terminate());
    await socket.opened;
    return socket;
  };

  const writer = await open('room-a');
  await barrier(writer);
  const locker = new DatabaseSync(dbPath);
  cleanups.push(() => locker.isOpen && locker.close());
  locker.exec('BEGIN IMMEDIATE'); // the update's commit waits for this lock
  const doc = new Y.Doc();
  doc.getMap('evidence').set('ev_in_flight', 'written just before leaving');
  writer.send(updateFrame(Y.encodeStateAsUpdate(doc)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  writer.ws.close(); // room-a is now idle, its update not yet committed
  await writer.closed;
  await new Promise((resolve) => setTimeout(resolve, 200));

  // Unloading room-a now would let a reload read the store without the update.
  const newcomer = await open('room-b');
  expect(await newcomer.closed).toEqual({ code: CLOSE_TRY_AGAIN_LATER, reason: 'server busy' });

  locker.exec('COMMIT');
  locker.close();
  // Once the commit lands, room-a may go: the newcomer's retry gets the slot.
  let retry = await open('room-b');
  await eventually(async () => {
    if (retry.ws.readyState === retry.ws.OPEN) return true;
    retry = await open('room-b');
    return false;
  }, 5000, 'room-b to load once room-a has committed');
  await barrier(retry);
  retry.ws.close();
  await retry.closed;

  // And room-a, loaded again from the store, has the update.
  const reader = await open('room-a');
  await barrier(reader);
  expect(docFromStore(real, 'room-a').getMap('evidence').get('ev_in_flight')).toBe('written just before leaving');
  const step2 = decoding.createDecoder(reader.received.find((f) => f[0] === MESSAGE_SYNC && f[1] === SYNC_STEP_2)!);
  decoding.readVarUint(step2);
  decoding.readVarUint(step2);
  const seen = new Y.Doc();
  Y.applyUpdate(seen, decoding.readVarUint8Array(step2));
  expect(seen.getMap('evidence').get('ev_in_flight')).toBe('written just before leaving');
});

it('answers 503 on /healthz and /readyz once its store writer has stopped, so a supervisor restarts it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-faults-'));
  const dbPath = join(dir, 'evident.sqlite');
  const real = openSqliteStore(dbPath);
  const stopped = new Error('store committer exited (1)');
  // A writer whose worker died: every append is refused, and it says why.
  const deadWriter: StoreWriter = {
    append: (workspace) => Promise.reject(new Error(`workspace ${workspace}: update not stored: ${stopped.message}`)),
    compact: (workspace) => Promise.reject(new Error(`workspace ${workspace}: compaction failed: ${stopped.message}`)),
    discard: () => {},
    failure: stopped,
    synchronous: 'full',
    close: async () => {},
  };
  const server = await startSyncServer({ host: '127.0.0.1', port: 0, metricsPort: 0, dbPath, store: real, writer: deadWriter, logLevel: 'silent' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => real.close(), () => server.close());
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${server.port}${path}`)).status;
  expect(await get('/healthz')).toBe(503);
  expect(await get('/readyz')).toBe(503);
});
