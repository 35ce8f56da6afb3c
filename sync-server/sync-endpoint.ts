import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_SHUTTING_DOWN, CLOSE_TRY_AGAIN_LATER, EVIDENT_PROTOCOL_PARAM, type InviteClaims } from '../shared/protocol/sync';
import { authenticateUpgrade } from './auth/upgrade';
import { originMatcher, type SyncServerConfig } from './config';
import type { SyncMetrics } from './http/metrics';
import type { PreAuthGuard } from './http/pre-auth-timeout';
import type { Logger } from './log';
import type { SyncStore } from './persistence/types';
import { Connection } from './rooms/connection';
import type { Room } from './rooms/room';
import type { RoomManager } from './rooms/room-manager';

export interface SyncEndpointDeps {
  config: SyncServerConfig;
  /** What an invite is checked against (the signing secret, revocations). */
  store: Pick<SyncStore, 'secret' | 'isRevoked'>;
  rooms: RoomManager;
  metrics: SyncMetrics;
  log: Logger;
  preAuth: PreAuthGuard;
}

/**
 * The WebSocket side of the server: HTTP upgrade → authentication → room. Refusals complete the
 * handshake and close at once with 4401/4403 and a short reason: a browser's WebSocket reports
 * neither the status nor the body of a refused HTTP upgrade, only a close code reaches the client.
 */
export function createSyncEndpoint({ config, store, rooms, metrics, log, preAuth }: SyncEndpointDeps) {
  // perMessageDeflate off: no decompression work for unauthenticated or hostile peers.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false });
  const isOriginAllowed = originMatcher(config.allowedOrigins);
  let isAccepting = true;

  const closeAfterHandshake = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      preAuth.settle(socket);
      ws.close(code, reason);
    });

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy()); // a peer resetting mid-handshake is not our error
    const auth = await authenticateUpgrade(req, { store, isOriginAllowed }).catch((error: unknown) => {
      log.error({ error: String(error) }, 'upgrade authentication failed');
      return null;
    });
    if (auth === null) return void socket.destroy();
    if (!isAccepting) return closeAfterHandshake(req, socket, head, CLOSE_SHUTTING_DOWN, 'server shutting down');
    if (!auth.ok) {
      const { reason, code, message } = auth.error;
      metrics.upgradesRefused.inc({ reason });
      const path = new URL(req.url ?? '/', 'http://x').pathname.slice(0, 80); // never the query: it holds the token
      log.warn({ reason, code, path, origin: req.headers.origin, ip: req.socket.remoteAddress }, 'upgrade refused');
      return closeAfterHandshake(req, socket, head, code, message);
    }
    // The doc loads only now, after authentication, and before the handshake completes: a client
    // sends nothing before the 101, so no frame can arrive while a load from PostgreSQL is awaited.
    const room = await rooms.open(auth.value.workspace);
    if (!isAccepting) return closeAfterHandshake(req, socket, head, CLOSE_SHUTTING_DOWN, 'server shutting down');
    if (!room.ok) {
      metrics.upgradesRefused.inc({ reason: room.error });
      log.warn({ workspace: auth.value.workspace, reason: room.error }, 'upgrade refused');
      // Both may pass (a room idles, the store answers again): a code the client retries.
      return closeAfterHandshake(req, socket, head, CLOSE_TRY_AGAIN_LATER, room.error === 'full' ? 'server busy' : 'workspace failed to load');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      preAuth.settle(socket);
      // Dropped meanwhile (it could not follow another instance's commits): the client retries.
      if (!rooms.holds(room.value)) return void ws.close(CLOSE_SHUTTING_DOWN, 'room reloading');
      attach(ws, socket, room.value, auth.value.claims, readsEvidentMessages(req));
    });
  }

  function attach(ws: WebSocket, socket: Duplex, room: Room, claims: InviteClaims, speaksEvident: boolean): void {
    const conn = new Connection(ws, claims, config, metrics, log, socket, speaksEvident);
    ws.on('error', (error) => log.info({ workspace: room.workspace, error: error.message }, 'socket error')); // e.g. 1009 past maxPayload
    ws.on('close', () => {
      conn.dispose();
      rooms.leave(room, conn);
    });
    conn.listen(room);
    rooms.join(room, conn);
    log.info({ workspace: room.workspace, role: claims.role, jti: claims.jti }, 'connected');
  }

  /** Shutdown: refuse new upgrades, close every socket with 4503, wait (briefly) for them to go. */
  async function closeAll(graceMs = 2000): Promise<void> {
    isAccepting = false;
    const sockets = [...wss.clients];
    // Through their connections first: one paused by flow control is read again, so its close completes.
    for (const conn of rooms.connections()) conn.close(CLOSE_SHUTTING_DOWN, 'server shutting down');
    for (const ws of sockets) ws.close(CLOSE_SHUTTING_DOWN, 'server shutting down');
    const closed = Promise.all(sockets.map((ws) => (ws.readyState === ws.CLOSED ? null : new Promise((resolve) => ws.once('close', resolve)))));
    const timeout = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([closed, timeout]);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  }

  return { handleUpgrade, closeAll };
}

/**
 * Whether the client asked for Evident's own messages (`?evident=1`, any version from 1: a newer
 * client still understands version 1's). A stock y-websocket client does not ask, and gets none.
 */
function readsEvidentMessages(req: IncomingMessage): boolean {
  const version = Number(new URL(req.url ?? '/', 'http://x').searchParams.get(EVIDENT_PROTOCOL_PARAM));
  return Number.isInteger(version) && version >= 1;
}
