import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CLOSE_BAD_MESSAGE,
  CLOSE_FORBIDDEN,
  CLOSE_TOO_LARGE,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNAUTHORIZED,
  MESSAGE_AWARENESS,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from '../../shared/protocol/sync';
import { mintInvite } from '../../sync-server/auth/tokens';
import { docFromStore } from '../../sync-server/persistence/doc-from-store';
import { httpGet, metricValue, startServerProcess, type ServerProcess } from './helpers/server-process';
import { saveClip } from './helpers/clips';
import { barrier, connectClient, eventually, openRawSocket, syncFrame, updateFrame, type RawSocket, type SyncClient } from './helpers/sync-clients';

const clients: SyncClient[] = [];
const sockets: RawSocket[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.ws.terminate();
});

async function join(server: ServerProcess, workspace: string, role: 'editor' | 'reviewer' = 'editor'): Promise<SyncClient> {
  const { token } = await server.mint(workspace, role);
  const client = connectClient(server.url, workspace, token);
  clients.push(client);
  await client.synced;
  return client;
}

function raw(server: ServerProcess, path: string, token?: string, headers?: Record<string, string>): RawSocket {
  const socket = openRawSocket(server.url, path, token, headers);
  sockets.push(socket);
  return socket;
}


/** Whether a clip quoting `text` is among the doc's evidence (a root read from an update has no Y.Map until asked for). */
const hasText = (doc: Y.Doc, text: string) => JSON.stringify(doc.getMap('evidence').toJSON()).includes(text);

describe('upgrades the server refuses, before any doc loads', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ EVIDENT_PREAUTH_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => server?.dispose());

  const expectRefusal = async (socket: RawSocket, code: number, reason: RegExp) => {
    await socket.opened; // the handshake completes, so a browser client sees the code
    const closed = await socket.closed;
    expect(closed.code).toBe(code);
    expect(closed.reason).toMatch(reason);
  };

  it.each([
    ['no token', async () => undefined, /no invite token/],
    ['an expired token', async () => (await server.mint('ws-a', 'editor', { expiresInSeconds: 60, now: new Date(Date.now() - 3_600_000) })).token, /expired/],
    [
      'a token with a tampered signature',
      async () => {
        const { token } = await server.mint('ws-a', 'editor');
        const [header, payload, signature] = token.split('.');
        const flipped = signature!.slice(0, 5) + (signature![5] === 'A' ? 'B' : 'A') + signature!.slice(6);
        return `${header}.${payload}.${flipped}`;
      },
      /not valid/,
    ],
    ['a token signed with another secret', async () => (await mintInvite(randomBytes(32), { workspace: 'ws-a', role: 'editor', expiresInSeconds: 3600 })).token, /not valid/],
    [
      'a revoked token',
      async () => {
        const { token, jti } = await server.mint('ws-a', 'editor');
        const store = server.openStore();
        store.revoke(jti, 'left the team');
        store.close();
        return token;
      },
      /revoked/,
    ],
    ['garbage for a token', async () => 'not.a.jwt', /not valid/],
  ])('refuses %s with 4401', async (_name, tokenFor, reason) => {
    await expectRefusal(raw(server, 'ws-a', await tokenFor()), CLOSE_UNAUTHORIZED, reason);
  });

  it("refuses workspace A's token on workspace B with 4403", async () => {
    const { token } = await server.mint('ws-a', 'editor');
    await expectRefusal(raw(server, 'ws-b', token), CLOSE_FORBIDDEN, /another workspace/);
  });

  it('refuses a path that is not a workspace with 4403', async () => {
    const { token } = await server.mint('ws-a', 'editor');
    await expectRefusal(raw(server, 'ws-a/extra', token), CLOSE_FORBIDDEN, /not a workspace/);
  });

  it('refuses a disallowed Origin with 4403, even with a valid token', async () => {
    const { token } = await server.mint('ws-a', 'editor');
    await expectRefusal(raw(server, 'ws-a', token, { Origin: 'https://evil.example' }), CLOSE_FORBIDDEN, /origin/);
  });

  it('loaded no doc for any refused upgrade, and counted each refusal by reason', async () => {
    expect(await metricValue(server, 'evident_sync_loaded_docs')).toBe(0);
    for (const reason of ['missing', 'expired', 'bad-signature', 'revoked', 'malformed', 'wrong-workspace', 'bad-path', 'origin']) {
      expect(await metricValue(server, 'evident_sync_upgrades_refused_total', { reason }), reason).toBeGreaterThanOrEqual(1);
    }
    const store = server.openStore();
    expect(store.workspaces()).toEqual([]);
    store.close();
    expect(server.output()).not.toMatch(/eyJ[\w-]+\.eyJ/); // no token in the log
  });

  it('drops a connection that sends nothing, or stalls in its headers, after the pre-auth timeout', async () => {
    const started = Date.now();
    const closedAfter = (write?: string) =>
      new Promise<number>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => write && socket.write(write));
        socket.on('error', () => {});
        socket.on('close', () => resolve(Date.now() - started));
      });
    const [silent, stalled] = await Promise.all([closedAfter(), closedAfter('GET /ws-a HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n')]);
    expect(silent).toBeLessThan(4000);
    expect(stalled).toBeLessThan(4000);
  });
});

describe('a reviewer', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => server?.dispose());

  it('receives the doc and live updates', async () => {
    const editor = await join(server, 'review');
    saveClip(editor.doc, 'before the reviewer came');
    const reviewer = await join(server, 'review', 'reviewer');
    await eventually(() => hasText(reviewer.doc, 'before the reviewer came'), 5000, 'the existing clip at the reviewer');
    saveClip(editor.doc, 'while the reviewer watched');
    await eventually(() => hasText(reviewer.doc, 'while the reviewer watched'), 5000, 'the live clip at the reviewer');
  });

  it('changes nothing with crafted update frames: not on the server, in the database or at peers; its socket stays open', async () => {
    const workspace = 'review-writes';
    const editor = await join(server, workspace);
    saveClip(editor.doc, 'the editor clip');
    const droppedBefore = await metricValue(server, 'evident_sync_reviewer_writes_dropped_total');

    // Its own client's edits (a y-websocket client sends them as updates)…
    const reviewer = await join(server, workspace, 'reviewer');
    await eventually(() => hasText(reviewer.doc, 'the editor clip'), 5000, 'the clip at the reviewer');
    saveClip(reviewer.doc, 'reviewer wrote this through its client');
    reviewer.doc.getMap('evidence').clear();
    // …and valid Yjs updates sent raw, as update and as sync step 2.
    const crafted = new Y.Doc();
    saveClip(crafted, 'reviewer wrote this raw');
    const { token } = await server.mint(workspace, 'reviewer');
    const socket = raw(server, workspace, token);
    await socket.opened;
    socket.send(updateFrame(Y.encodeStateAsUpdate(crafted)));
    socket.send(syncFrame(SYNC_STEP_2, Y.encodeStateAsUpdate(crafted)));
    await barrier(socket);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);

    // A later editor change arrives after anything the server would have sent before it.
    const other = await join(server, workspace);
    saveClip(other.doc, 'a later editor clip');
    await eventually(() => hasText(editor.doc, 'a later editor clip'), 5000, 'the later clip at the editor');
    for (const doc of [editor.doc, other.doc]) {
      expect(hasText(doc, 'reviewer wrote this')).toBe(false);
      expect(hasText(doc, 'the editor clip')).toBe(true);
    }
    expect(await metricValue(server, 'evident_sync_reviewer_writes_dropped_total')).toBeGreaterThanOrEqual(droppedBefore + 3);

    const store = server.openStore();
    try {
      const stored = docFromStore(store, workspace);
      expect(hasText(stored, 'reviewer wrote this')).toBe(false);
      expect(hasText(stored, 'the editor clip')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('has working awareness, and no socket can speak for another client id', async () => {
    const workspace = 'review-awareness';
    const editor = await join(server, workspace);
    const watcher = await join(server, workspace);
    const reviewer = await join(server, workspace, 'reviewer');
    editor.provider.awareness.setLocalStateField('user', { name: 'Ed' });
    reviewer.provider.awareness.setLocalStateField('user', { name: 'Rita' });
    // (A client's first state, `{}` at clock 0, is not sent on by y-protocols: each sets a field.)
    watcher.provider.awareness.setLocalStateField('user', { name: 'Wanda' });
    const stateAt = (client: SyncClient, id: number) => client.provider.awareness.getStates().get(id) as { user?: { name: string } } | undefined;
    await eventually(() => stateAt(editor, reviewer.doc.clientID)?.user?.name === 'Rita', 5000, "the reviewer's presence at the editor");
    await eventually(() => stateAt(watcher, editor.doc.clientID)?.user?.name === 'Ed', 5000, "the editor's presence at the watcher");
    await eventually(() => stateAt(editor, watcher.doc.clientID)?.user?.name === 'Wanda', 5000, "the watcher's presence at the editor");

    const { token } = await server.mint(workspace, 'reviewer');
    const spoofer = raw(server, workspace, token);
    await spoofer.opened;
    const ownId = 424242;
    const entries: Array<[number, number, string]> = [
      [editor.doc.clientID, 999, JSON.stringify({ user: { name: 'Mallory' } })], // held by the editor's socket
      [ownId, 1, JSON.stringify({ user: { name: 'Spoofer' } })], // its own (the first free one it used)
      [watcher.doc.clientID, 999, 'null'], // trying to sign the watcher out
    ];
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, entries.length);
    for (const [id, clock, state] of entries) {
      encoding.writeVarUint(update, id);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, state);
    }
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
    spoofer.send(encoding.toUint8Array(message));
    await barrier(spoofer);

    await eventually(() => stateAt(watcher, ownId)?.user?.name === 'Spoofer', 5000, "the spoofer's own presence");
    expect(stateAt(watcher, editor.doc.clientID)?.user?.name).toBe('Ed');
    expect(stateAt(editor, watcher.doc.clientID)?.user?.name).toBe('Wanda');
    expect(await metricValue(server, 'evident_sync_awareness_entries_dropped_total')).toBeGreaterThanOrEqual(2);

    // Its state goes for everyone when its socket closes.
    spoofer.ws.close();
    await eventually(() => stateAt(watcher, ownId) === undefined, 5000, "the spoofer's presence to go");
  });
});

describe('bad frames close that socket only', () => {
  let server: ServerProcess;
  let sameRoom: [SyncClient, SyncClient];
  let otherRoom: [SyncClient, SyncClient];
  let round = 0;
  beforeAll(async () => {
    server = await startServerProcess();
    sameRoom = [await join(server, 'bad-frames'), await join(server, 'bad-frames')];
    otherRoom = [await join(server, 'bystanders'), await join(server, 'bystanders')];
    clients.length = 0; // these live for the whole block, not one test
  });
  afterAll(async () => {
    for (const client of [...sameRoom, ...otherRoom]) client.destroy();
    await server?.dispose();
  });

  const anUpdate = () => {
    const doc = new Y.Doc();
    saveClip(doc, 'a perfectly good clip');
    return Y.encodeStateAsUpdate(doc);
  };
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const garbageUpdate = () => syncFrame(SYNC_UPDATE, bytes(5, 200, 1, 7, 9, 3, 250, 250, 250, 1));

  it.each<[string, (socket: RawSocket) => void, number[]]>([
    ['random bytes', (s) => s.send(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255)), [CLOSE_BAD_MESSAGE]],
    ['a truncated sync message', (s) => s.send(updateFrame(anUpdate()).slice(0, 40)), [CLOSE_BAD_MESSAGE]],
    ['an oversized varint', (s) => s.send(bytes(0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)), [CLOSE_BAD_MESSAGE]],
    ['an unknown message type', (s) => s.send(bytes(7, 0)), [CLOSE_BAD_MESSAGE]],
    ['a well-framed update that is not a Yjs update', (s) => s.send(garbageUpdate()), [CLOSE_BAD_MESSAGE]],
    ['a text frame', (s) => s.ws.send('hello'), [CLOSE_BAD_MESSAGE]],
    ['a frame over maxFrameBytes', (s) => s.send(new Uint8Array(32 * 1024 * 1024 + 1)), [1009, CLOSE_TOO_LARGE]],
  ])('%s', async (_name, sendBad, codes) => {
    const { token } = await server.mint('bad-frames', 'editor');
    const socket = raw(server, 'bad-frames', token);
    await socket.opened;
    sendBad(socket);
    expect(codes).toContain((await socket.closed).code);

    round++;
    saveClip(sameRoom[0].doc, `same room still syncing ${round}`);
    saveClip(otherRoom[0].doc, `other room still syncing ${round}`);
    await eventually(() => hasText(sameRoom[1].doc, `same room still syncing ${round}`), 5000, 'sync in the same room');
    await eventually(() => hasText(otherRoom[1].doc, `other room still syncing ${round}`), 5000, 'sync in another room');
    expect(sameRoom.every((c) => c.provider.wsconnected)).toBe(true);
  });

  it('kept the process up and counted the closes', async () => {
    expect(await httpGet(server, '/healthz')).toMatchObject({ status: 200 });
    expect(await metricValue(server, 'evident_sync_sockets_closed_by_server_total', { code: String(CLOSE_BAD_MESSAGE) })).toBeGreaterThanOrEqual(6);
  });
});

describe('the loaded-doc cap', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ EVIDENT_MAX_LOADED_DOCS: '2' });
  });
  afterAll(async () => server?.dispose());

  it('refuses a new workspace with 1013 (try again later) while every loaded one is in use, and unloads an idle one to make room', async () => {
    const a = await join(server, 'cap-a');
    await join(server, 'cap-b');
    const refused = raw(server, 'cap-c', (await server.mint('cap-c', 'editor')).token);
    expect(await refused.closed).toEqual({ code: CLOSE_TRY_AGAIN_LATER, reason: 'server busy' });
    expect(await metricValue(server, 'evident_sync_upgrades_refused_total', { reason: 'full' })).toBe(1);

    saveClip(a.doc, 'kept in cap-a');
    await eventually(async () => (await metricValue(server, 'evident_sync_log_entries', { workspace: 'cap-a' })) > 0, 5000, 'the clip stored');
    a.destroy();
    await eventually(async () => (await metricValue(server, 'evident_sync_connections')) === 1, 5000, 'cap-a to be idle');
    await join(server, 'cap-c');
    expect(await metricValue(server, 'evident_sync_loaded_docs')).toBe(2);

    // cap-a was unloaded, not lost: its clip is in the database. Both loaded rooms are in use, so it
    // cannot load again until one of them idles.
    const again = raw(server, 'cap-a', (await server.mint('cap-a', 'editor')).token);
    expect((await again.closed).code).toBe(CLOSE_TRY_AGAIN_LATER);
    const store = server.openStore();
    expect(hasText(docFromStore(store, 'cap-a'), 'kept in cap-a')).toBe(true);
    store.close();
  });
});

describe('allowed origins', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => server?.dispose());

  it.each(['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0b7a6c1e-54c4-4f4f-9c2e-3f1a2b3c4d5e'])('accepts %s', async (origin) => {
    const socket = raw(server, 'origins', (await server.mint('origins', 'editor')).token, { Origin: origin });
    await socket.opened;
    await barrier(socket);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});
