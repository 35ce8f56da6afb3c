import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Random } from '../../lib/random';

/** Per frame, in either direction, while chaos is on. */
export interface ChaosSettings {
  /** Cut the connection (both sides, as a network failure: no close frame) instead of forwarding. */
  cutChance: number;
  /** Forward nothing and say nothing: only a reconnect's sync step 1/2 brings it back. */
  dropChance: number;
  /** Hold the frame 1..maxDelayMs: later frames, and other clients' frames, overtake it. */
  delayChance: number;
  maxDelayMs: number;
}

export const DEFAULT_CHAOS: ChaosSettings = { cutChance: 0.006, dropChance: 0.03, delayChance: 0.3, maxDelayMs: 40 };

export interface ChaosFigures {
  connections: number;
  frames: number;
  delayed: number;
  dropped: number;
  cuts: number;
}

export interface ChaosProxy {
  /** Give this to clients in place of the server's URL. */
  url: string;
  readonly figures: ChaosFigures;
  /** Off: frames pass at once and in order, as TCP would carry them. */
  setChaos(isOn: boolean): void;
  /** Cuts every open connection; clients reconnect through the proxy. */
  cutAll(): void;
  close(): Promise<void>;
}

interface Pair {
  client: WebSocket;
  upstream: WebSocket;
}

/** Close codes a peer may put in a close frame (RFC 6455 7.4; 1005 and 1006 are only ever reported). */
const isSendableCloseCode = (code: number) => (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999);

/**
 * A WebSocket proxy in the test's process between y-websocket clients and the real server:
 * each client connection gets its own upstream connection to `target()` + the same path and query
 * (so the token goes through). While chaos is on, each frame is, per `random`, cut, dropped,
 * delayed or forwarded. Close codes from either side are passed on (a cut passes none).
 */
export async function startChaosProxy(target: () => string, random: Random, settings: ChaosSettings = DEFAULT_CHAOS): Promise<ChaosProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const pairs = new Set<Pair>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const figures: ChaosFigures = { connections: 0, frames: 0, delayed: 0, dropped: 0, cuts: 0 };
  let isChaotic = false;

  const cut = (pair: Pair) => {
    if (!pairs.delete(pair)) return;
    pair.client.terminate();
    pair.upstream.terminate();
  };

  wss.on('connection', (client, req) => {
    figures.connections++;
    const upstream = new WebSocket(`${target()}${req.url ?? '/'}`, { perMessageDeflate: false });
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    const waitingForUpstream: Array<{ data: RawData; isBinary: boolean }> = [];

    const deliver = (to: WebSocket, data: RawData, isBinary: boolean) => {
      if (to.readyState === WebSocket.OPEN) to.send(data, { binary: isBinary });
      else if (to === upstream && to.readyState === WebSocket.CONNECTING) waitingForUpstream.push({ data, isBinary });
      // else: that side has gone, and the frame with it
    };
    const relay = (to: WebSocket) => (data: RawData, isBinary: boolean) => {
      figures.frames++;
      if (!isChaotic) return deliver(to, data, isBinary);
      if (random.chance(settings.cutChance)) {
        figures.cuts++;
        return cut(pair);
      }
      if (random.chance(settings.dropChance)) {
        figures.dropped++;
        return;
      }
      if (random.chance(settings.delayChance)) {
        figures.delayed++;
        const timer = setTimeout(() => {
          timers.delete(timer);
          deliver(to, data, isBinary);
        }, random.int(1, settings.maxDelayMs));
        timers.add(timer);
        return;
      }
      deliver(to, data, isBinary);
    };
    const passClose = (to: WebSocket) => (code: number, reason: Buffer) => {
      pairs.delete(pair);
      if (isSendableCloseCode(code)) to.close(code, reason);
      else to.terminate();
    };

    client.on('message', relay(upstream));
    upstream.on('message', relay(client));
    upstream.on('open', () => {
      for (const { data, isBinary } of waitingForUpstream.splice(0)) upstream.send(data, { binary: isBinary });
    });
    client.on('close', passClose(upstream));
    upstream.on('close', passClose(client));
    // A refused or reset upstream (the server is down or restarting) ends as a cut: 'close' follows.
    client.on('error', () => cut(pair));
    upstream.on('error', () => cut(pair));
  });

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    figures,
    setChaos: (isOn) => (isChaotic = isOn),
    cutAll: () => {
      for (const pair of [...pairs]) cut(pair);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const pair of [...pairs]) cut(pair);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
