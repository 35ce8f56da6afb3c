/**
 * "Synced" means stored, and the guard rails, against the server as its own process: the client side
 * is the extension's own StoredTracker, replica rebuild and server fetch, driven from Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { rebuildReplica } from '../../extension/background/replica-rebuild';
import { fetchServerDoc } from '../../extension/background/server-doc';
import { StoredTracker, type StoredState } from '../../extension/background/stored-tracker';
import type { RefusalReport } from '../../shared/protocol/server-messages';
import { CLOSE_REFUSED_UPDATE, CLOSE_TRY_AGAIN_LATER, MESSAGE_STORED } from '../../shared/protocol/sync';
import { hasClip, saveClip } from './helpers/clips';
import { storedDoc } from './helpers/replica-state';
import { startServerProcess, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, openRawSocket, step1Frame, updateFrame } from './helpers/sync-clients';
import { exitWorkerThreadOf, inspectorUrlIn } from './helpers/worker-inspector';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const WS = WebSocket as unknown as typeof globalThis.WebSocket;

interface EvidentClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: StoredTracker;
  /** Every change of the tracker's state, in order. */
  states: StoredState[];
  refusals: RefusalReport[];
  closes: Array<{ code: number; reason: string }>;
  destroy(): void;
}

/** A Node client as the extension's background is: y-websocket, `?evident=1`, and its StoredTracker. */
function connectEvident(url: string, workspace: string, token: string, doc = new Y.Doc(), onStored?: (doc: Y.Doc) => void): EvidentClient {
  const states: StoredState[] = [];
  const refusals: RefusalReport[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  const tracker = new StoredTracker(doc, {
    readOnly: false,
    onChange: (state) => {
      states.push(state);
      if (state.isStored) onStored?.(doc);
    },
    onRefused: (refusal) => refusals.push(refusal),
  });
  const provider = new WebsocketProvider(url, workspace, doc, {
    WebSocketPolyfill: tracker.webSocketClass(WS),
    params: { token, evident: '1' },
    disableBc: true,
    maxBackoffTime: 200,
  });
  tracker.attach(provider);
  provider.on('connection-close', (event: { code: number; reason: string } | null) => event && closes.push({ code: event.code, reason: String(event.reason) }));
  return {
    doc,
    provider,
    tracker,
    states,
    refusals,
    closes,
    destroy() {
      tracker.detach();
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

const clipContext = (n: number) => deterministicContext(createRandom(n + 1), 'clipper');
const isStored = (c: EvidentClient) => c.tracker.current.isStored;

describe('the stored acknowledgement', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(() => server.dispose());

  it('reads synced only while the database holds every change, and syncing as soon as a new edit exists', async () => {
    const { token } = await server.mint('stored-ack', 'editor');
    let checks = 0;
    const missing: string[] = [];
    // Each time the tracker says "stored", the database must already hold all of this replica.
    const onStored = (doc: Y.Doc) => {
      checks++;
      const stored = Y.snapshot(storedDoc(server, 'stored-ack'));
      if (!Y.snapshotContainsUpdate(stored, Y.encodeStateAsUpdate(doc))) missing.push(`check ${checks}`);
    };
    const client = connectEvident(server.url, 'stored-ack', token, new Y.Doc(), onStored);
    await eventually(() => isStored(client), 5000, 'stored after the handshake');
    for (let i = 0; i < 20; i++) {
      saveClip(client.doc, `clip ${i}`, clipContext(i));
      expect(isStored(client), 'syncing right after a local edit').toBe(false);
      if (i % 5 === 4) await eventually(() => isStored(client), 5000, `stored after clip ${i}`);
    }
    // A deletion moves no state-vector clock: still "syncing" until the server has stored it.
    client.doc.getMap('evidence').delete([...client.doc.getMap('evidence').keys()][0]!);
    expect(isStored(client)).toBe(false);
    await eventually(() => isStored(client), 5000, 'the deletion stored');
    expect(missing).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(5);
    expect(client.tracker.current.lastStoredAt).toBeInstanceOf(Date);
    client.destroy();
  });

  it('is sent only to clients that ask: a stock y-websocket 3.1 client gets none and syncs; one that asks ignores it and syncs', async () => {
    const { token } = await server.mint('stock-client', 'editor');
    const asking = openRawSocket(server.url, `stock-client?evident=1&token=${encodeURIComponent(token)}`);
    const stock = openRawSocket(server.url, 'stock-client', token);
    await Promise.all([asking.opened, stock.opened]);
    const doc = new Y.Doc();
    saveClip(doc, 'sent raw', clipContext(1));
    for (const socket of [asking, stock]) {
      socket.send(step1Frame(new Y.Doc()));
      socket.send(updateFrame(Y.encodeStateAsUpdate(doc)));
    }
    await eventually(() => asking.received.some((f) => f[0] === MESSAGE_STORED && f[2]! >= 1), 5000, 'a stored report for the write');
    expect(stock.received.some((f) => f[0] === MESSAGE_STORED)).toBe(false);
    asking.ws.close();
    stock.ws.close();

    // Stock providers, one of them asking for the messages it does not know (logged, ignored).
    const plain = connectClient(server.url, 'stock-client', token);
    const noisy = new WebsocketProvider(server.url, 'stock-client', new Y.Doc(), { WebSocketPolyfill: WS, params: { token, evident: '1' }, disableBc: true });
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    await plain.synced;
    await eventually(() => noisy.synced, 5000, 'the asking stock client synced');
    saveClip(noisy.doc, 'from the noisy one', clipContext(2));
    saveClip(plain.doc, 'from the plain one', clipContext(3));
    await eventually(() => hasClip(plain.doc, 'from the noisy one') && hasClip(noisy.doc, 'from the plain one'), 5000, 'both clips at both');
    console.error = consoleError;
    expect(plain.provider.wsconnected && noisy.wsconnected).toBe(true);
    // y-websocket 3.1 logs a type it does not know, and goes on.
    expect(errors.some((args) => String(args).includes('Unable to compute message'))).toBe(true);
    plain.destroy();
    noisy.destroy();
    noisy.awareness.destroy();
    noisy.doc.destroy();
  });
});

it('never said synced for an update the server had not stored, when its committer died between hand-off and commit', async () => {
  const server = await startServerProcess({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim() });
  try {
    const { token } = await server.mint('dies', 'editor');
    const saidStored: Uint8Array[] = [];
    const client = connectEvident(server.url, 'dies', token, new Y.Doc(), (doc) => saidStored.push(Y.encodeStateAsUpdate(doc)));
    await eventually(() => isStored(client), 5000, 'stored after the handshake');
    let written = 0;
    const writing = setInterval(() => saveClip(client.doc, `clip ${written}`, clipContext(written++)), 3);
    await eventually(() => saidStored.length >= 3, 10_000, 'a few stored reports under write load');
    await exitWorkerThreadOf(inspectorUrlIn(server.output())!, 'evident-store-committer');
    expect(await server.exited()).toEqual({ code: 1, signal: null });
    clearInterval(writing);
    const stored = Y.snapshot(storedDoc(server, 'dies'));
    const notStored = saidStored.filter((state) => !Y.snapshotContainsUpdate(stored, state));
    expect(notStored.length, `of ${saidStored.length} moments the client said synced`).toBe(0);
    // And it does not say so now, holding clips the database lacks.
    const isAllStored = Y.snapshotContainsUpdate(stored, Y.encodeStateAsUpdate(client.doc));
    if (!isAllStored) expect(isStored(client)).toBe(false);
    console.log(`stored-ack under committer death: ${written} clips written, ${saidStored.length} "synced" moments, all in the database; everything stored at the end: ${isAllStored}`);
    client.destroy();
  } finally {
    await server.dispose();
  }
});

describe('guard rails', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ EVIDENT_WORKSPACE_QUOTA_BYTES: '200000' });
  });
  afterAll(() => server.dispose());

  it('refuses a mass delete, tells the client why, and after its resync nothing is lost at the refused client', async () => {
    const workspace = 'mass-delete';
    const { token } = await server.mint(workspace, 'editor');
    const teammate = connectEvident(server.url, workspace, token);
    await eventually(() => isStored(teammate), 5000, 'the teammate connected');
    for (let i = 0; i < 60; i++) saveClip(teammate.doc, `team clip ${i}`, clipContext(i));
    await eventually(() => isStored(teammate), 10_000, 'the team’s 60 clips stored');

    const refused = connectEvident(server.url, workspace, token);
    await eventually(() => isStored(refused) && refused.doc.getMap('evidence').size === 60, 5000, 'the second client in step');
    saveClip(refused.doc, 'my own clip', clipContext(100));
    await eventually(() => isStored(refused), 5000, 'its own clip stored');
    refused.provider.disconnect(); // offline: a clip, then the mistake
    saveClip(refused.doc, 'clipped offline', clipContext(101));
    refused.doc.getMap('evidence').clear();
    refused.provider.connect();
    await eventually(() => refused.closes.some((c) => c.code === CLOSE_REFUSED_UPDATE), 5000, 'the refusal');
    refused.provider.disconnect();
    expect(refused.refusals[0]).toMatchObject({ reason: 'mass-delete' });
    expect(refused.refusals[0]!.message).toContain('remove 61 clips');
    expect(isStored(refused)).toBe(false);
    expect(storedDoc(server, workspace).getMap('evidence').size).toBe(61);
    expect(server.output()).toContain('at most 50');

    // The extension's resync: the server's state, plus this replica's edits but the removals.
    const fromServer = await fetchServerDoc(server.url, workspace, token, { WebSocketPolyfill: WS });
    if (!fromServer.ok) throw new Error(fromServer.error);
    const rebuilt = rebuildReplica(refused.doc, fromServer.value);
    expect(rebuilt).toMatchObject({ keptLocalEdits: true, clipsBack: 61 });
    const replica = new Y.Doc();
    Y.applyUpdate(replica, rebuilt.update);
    refused.destroy();
    const resynced = connectEvident(server.url, workspace, token, replica);
    await eventually(() => isStored(resynced), 5000, 'the rebuilt replica stored');
    for (const doc of [resynced.doc, teammate.doc, storedDoc(server, workspace)]) {
      await eventually(() => doc.getMap('evidence').size === 61, 5000, 'every clip everywhere');
      for (let i = 0; i < 60; i++) expect(hasClip(doc, `team clip ${i}`)).toBe(true);
      expect(hasClip(doc, 'my own clip')).toBe(true);
    }
    // The clip made offline was cleared with the others before the server ever had it: that removal stands.
    expect(hasClip(resynced.doc, 'clipped offline')).toBe(false);
    resynced.destroy();
    teammate.destroy();
  });

  it('refuses an update past the workspace quota with 1013 (retried later), saying so in the log and to the client', async () => {
    const workspace = 'over-quota';
    const { token } = await server.mint(workspace, 'editor');
    const client = connectEvident(server.url, workspace, token);
    await eventually(() => isStored(client), 5000, 'connected');
    client.doc.getMap('big').set('text', 'x'.repeat(250_000));
    await eventually(() => client.refusals.length > 0, 5000, 'the refusal');
    expect(client.refusals[0]).toMatchObject({ reason: 'quota' });
    expect(client.refusals[0]!.message).toContain('quota of 200000 bytes');
    await eventually(() => client.closes.some((c) => c.code === CLOSE_TRY_AGAIN_LATER), 5000, 'closed with 1013');
    expect(isStored(client)).toBe(false);
    expect(server.output()).toContain('would pass its quota');
    client.destroy();
  });
});
