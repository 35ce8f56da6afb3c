import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_BAD_MESSAGE, CLOSE_SHUTTING_DOWN, CLOSE_TOO_LARGE, MESSAGE_SYNC, SYNC_STEP_2 } from '../../shared/protocol/sync';
import { DEFAULT_SYNC_SERVER_CONFIG } from '../../sync-server/config';
import { storedDoc } from './helpers/replica-state';
import { metricValue, startServerProcess, type ServerProcess } from './helpers/server-process';
import { barrier, connectClient, eventually, openRawSocket, step1Frame, syncFrame, type RawSocket, type SyncClient } from './helpers/sync-clients';

// Every client here is the stock y-websocket 3.1 provider with its own reconnection rule (it gives
// up for good on any close code 4400–4499), against the server as its own process on its shipped
// defaults: what a new user runs. A client sending faster than its share must be slowed, not closed.

const clients: SyncClient[] = [];
const sockets: RawSocket[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.ws.terminate();
});

interface Watched extends SyncClient {
  /** Close codes of every connection the server closed (a close the client made itself has none). */
  closeCodes: number[];
}

async function join(server: ServerProcess, workspace: string): Promise<Watched> {
  const { token } = await server.mint(workspace, 'editor');
  const client = connectClient(server.url, workspace, token) as Watched;
  client.closeCodes = [];
  client.provider.on('connection-close', (event) => event && client.closeCodes.push(event.code));
  clients.push(client);
  await client.synced;
  return client;
}

const isFinalForYWebsocket = (code: number) => code >= 4400 && code < 4500;
const clipsIn = (doc: Y.Doc) => doc.getMap<string>('clips');
const clip = (n: number) => JSON.stringify({ quote: `Passage ${n} of the inspection report.`, page: n % 40, tags: ['send', 'attendance'] });

/** Writes `count` updates (one map key each, one transaction each), `burst` at a time with a timer tick between bursts. */
async function writeInBursts(client: SyncClient, prefix: string, count: number, burst: number): Promise<void> {
  const clips = clipsIn(client.doc);
  for (let n = 0; n < count; n += burst) {
    for (let i = n; i < Math.min(count, n + burst); i++) clips.set(`${prefix}${i}`, clip(i));
    await sleep(1);
  }
}

const { burst, refillPerSecond } = DEFAULT_SYNC_SERVER_CONFIG.messagesPerSecond;

describe('on the shipped defaults, a client that sends faster than its share is slowed, never closed', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => server?.dispose());

  it('one writer sending 1,000 updates in bursts of 10, far past the rate: every update reaches another client, and both stay connected', async () => {
    const workspace = 'fast-writer';
    const writer = await join(server, workspace);
    const reader = await join(server, workspace);
    const started = Date.now();
    await writeInBursts(writer, 'w', 1000, 10);
    const sentWithin = Date.now() - started;
    await eventually(() => clipsIn(reader.doc).size === 1000, 30_000, 'all 1,000 updates at the reader');
    const deliveredWithin = Date.now() - started;

    // Far past the per-socket rate for unstored messages; an editor's updates are paced by the
    // commits instead, so they arrive faster than that rate would let them.
    expect(sentWithin, 'the writer sent far faster than the rate').toBeLessThan(((1000 - burst) / refillPerSecond) * 1000 * 0.5);
    expect(deliveredWithin, 'paced by the commits, not by the per-socket rate').toBeLessThan(((1000 - burst) / refillPerSecond) * 1000);
    for (const client of [writer, reader]) {
      expect(client.provider.wsconnected).toBe(true);
      expect(client.closeCodes, 'connections the server closed').toEqual([]);
    }
    expect(clipsIn(storedDoc(server, workspace)).size, 'updates in the database').toBe(1000);
  });

  it('10 writers × 100 updates as fast as they can, with observers: 100 % delivered to everyone, nobody disconnected', async () => {
    const workspace = 'many-writers';
    const writers = await Promise.all(Array.from({ length: 10 }, () => join(server, workspace)));
    const observers = await Promise.all(Array.from({ length: 4 }, () => join(server, workspace)));
    writers.forEach((writer, w) => {
      const clips = clipsIn(writer.doc);
      for (let i = 0; i < 100; i++) clips.set(`w${w}-${i}`, clip(i));
    });
    const everyone = [...writers, ...observers];
    await eventually(() => everyone.every((c) => clipsIn(c.doc).size === 1000), 30_000, 'all 1,000 updates at every client');
    // The room's bound on what waits for its commit (128 updates) was reached, and sockets waited.
    expect(await metricValue(server, 'evident_sync_reads_paused_total', { reason: 'backlog' })).toBeGreaterThan(0);
    expect(await metricValue(server, 'evident_sync_commit_backlog_updates')).toBe(0);
    for (const client of everyone) {
      expect(client.provider.wsconnected).toBe(true);
      expect(client.closeCodes.filter(isFinalForYWebsocket), 'codes that strand a y-websocket client').toEqual([]);
      expect(client.closeCodes, 'connections the server closed').toEqual([]);
    }
    expect(clipsIn(storedDoc(server, workspace)).size, 'updates in the database').toBe(1000);
  });

  it('a raw flood of messages far past the rate is read at the rate: the socket stays open and every message is answered, later', async () => {
    const { token } = await server.mint('flood', 'editor');
    const socket = openRawSocket(server.url, 'flood', token);
    sockets.push(socket);
    await socket.opened;
    const flood = 2 * burst;
    const started = Date.now();
    for (let i = 0; i < flood; i++) socket.send(step1Frame(new Y.Doc()));
    const isStep2 = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_STEP_2;
    await eventually(() => socket.received.filter(isStep2).length === flood, 20_000, 'an answer to every message');
    expect(Date.now() - started, 'read at the rate, past the burst').toBeGreaterThan(((flood - burst) / refillPerSecond) * 1000 * 0.8);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});

describe('a socket paused for longer than the keepalive', () => {
  it('is not taken for a dead peer: its pong waits unread behind the pause', async () => {
    const server = await startServerProcess({ EVIDENT_KEEPALIVE_MS: '200' });
    try {
      const { token } = await server.mint('slowed', 'editor');
      const socket = openRawSocket(server.url, 'slowed', token);
      sockets.push(socket);
      await socket.opened;
      const flood = burst + refillPerSecond * 2; // two seconds past the burst: ten keepalive intervals
      for (let i = 0; i < flood; i++) socket.send(step1Frame(new Y.Doc()));
      const isStep2 = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_STEP_2;
      await eventually(() => socket.received.filter(isStep2).length === flood, 20_000, 'an answer to every message');
      await sleep(500); // and still answering pings once it is read again
      expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    } finally {
      await server.dispose();
    }
  });
});

describe('a client alone in its room', () => {
  it("hears its own presence back, so y-websocket's 30 s no-message watchdog does not close it while it is idle", async () => {
    const server = await startServerProcess();
    try {
      const alone = await join(server, 'alone');
      const before = alone.provider.wsLastMessageReceived;
      await sleep(1100); // the provider's clock is in whole milliseconds; make any answer visibly later
      // What the provider does every 15 s to renew its presence.
      alone.provider.awareness.setLocalState(alone.provider.awareness.getLocalState());
      await eventually(() => alone.provider.wsLastMessageReceived > before, 5000, 'a message back from the server');
      expect(alone.closeCodes).toEqual([]);
    } finally {
      await server.dispose();
    }
  });
});

describe('what slowing cannot contain still closes that socket only, with a code that says whether to retry', () => {
  let server: ServerProcess;
  let bystanders: [Watched, Watched];
  let round = 0;
  beforeAll(async () => {
    server = await startServerProcess();
    bystanders = [await join(server, 'abuse'), await join(server, 'abuse')];
    clients.length = 0; // they live for the whole block
  });
  afterAll(async () => {
    for (const client of bystanders) client.destroy();
    await server?.dispose();
  });

  it.each<[string, (socket: RawSocket) => void, number[]]>([
    // ws's maxPayload closes with 1009 before the frame is read; the server's own check says 4413.
    ['a frame over the size limit', (s) => s.send(new Uint8Array(DEFAULT_SYNC_SERVER_CONFIG.maxFrameBytes + 1)), [1009, CLOSE_TOO_LARGE]],
    ['an undecodable frame', (s) => s.send(Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])), [CLOSE_BAD_MESSAGE]],
    ['a well-framed update that is not a Yjs update', (s) => s.send(syncFrame(2, Uint8Array.from([5, 200, 1, 7, 9, 3, 250, 250, 250, 1]))), [CLOSE_BAD_MESSAGE]],
  ])('%s', async (_name, sendBad, codes) => {
    const { token } = await server.mint('abuse', 'editor');
    const socket = openRawSocket(server.url, 'abuse', token);
    sockets.push(socket);
    await socket.opened;
    await barrier(socket);
    sendBad(socket);
    expect(codes).toContain((await socket.closed).code);

    round++;
    clipsIn(bystanders[0].doc).set(`after-${round}`, 'still syncing');
    await eventually(() => clipsIn(bystanders[1].doc).has(`after-${round}`), 5000, 'sync in the same room');
    for (const client of bystanders) {
      expect(client.provider.wsconnected).toBe(true);
      expect(client.closeCodes).toEqual([]);
    }
  });
});

describe('a server shutting down', () => {
  it('closes with a retry-later code, which y-websocket retries: the client is back and synced after the restart', async () => {
    const server = await startServerProcess();
    try {
      const client = await join(server, 'restart');
      clipsIn(client.doc).set('before', 'written before the restart');
      await eventually(() => clipsIn(storedDoc(server, 'restart')).has('before'), 5000, 'the write stored');
      await server.restart();
      // (Then 1006 for each attempt while the port was closed.)
      expect(client.closeCodes[0]).toBe(CLOSE_SHUTTING_DOWN);
      expect(client.closeCodes.filter(isFinalForYWebsocket)).toEqual([]);
      await eventually(() => client.provider.synced, 15_000, 'the provider to reconnect by itself');
      clipsIn(client.doc).set('after', 'written after the restart');
      const late = await join(server, 'restart');
      await eventually(() => clipsIn(late.doc).size === 2, 5000, 'both writes at a new client');
    } finally {
      await server.dispose();
    }
  });

  it('closes a socket it has stopped reading at once too, and exits 0', async () => {
    const server = await startServerProcess();
    try {
      const { token } = await server.mint('paused', 'editor');
      const socket = openRawSocket(server.url, 'paused', token);
      sockets.push(socket);
      await socket.opened;
      for (let i = 0; i < 5 * burst; i++) socket.send(step1Frame(new Y.Doc())); // seconds of pausing ahead
      await sleep(300);
      const started = Date.now();
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
      expect((await socket.closed).code).toBe(CLOSE_SHUTTING_DOWN);
      // Not the 2 s the server gives sockets to finish closing: it read this one's close frame.
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await server.dispose();
    }
  });
});
