import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

export interface PreAuthGuard {
  /** The socket is past authentication (upgraded, or refused with a close code): stop its clock. */
  settle(socket: Duplex): void;
}

/**
 * Every TCP connection must send a request and, for an upgrade, get through authentication within
 * `timeoutMs`, or it is destroyed: a client that opens sockets and sends nothing (or one byte a
 * second) must not hold them open. Node's `headersTimeout`/`requestTimeout` (set where the server
 * is created) cover slow headers of ordinary requests; this covers the whole upgrade.
 */
export function guardPreAuth(server: Server, timeoutMs: number): PreAuthGuard {
  const timers = new WeakMap<Duplex, ReturnType<typeof setTimeout>>();
  const settle = (socket: Duplex) => {
    clearTimeout(timers.get(socket));
    timers.delete(socket);
  };
  server.on('connection', (socket) => {
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    timers.set(socket, timer);
    socket.once('close', () => settle(socket));
  });
  // An ordinary request (health, metrics) is Node's to time: requestTimeout, then keepAliveTimeout.
  server.on('request', (req) => settle(req.socket));
  return { settle };
}

/** The options for `http.createServer` that bound how long a request's headers and body may take. */
export const httpTimeouts = (timeoutMs: number) => ({
  headersTimeout: timeoutMs,
  requestTimeout: timeoutMs,
  // Node checks these timeouts on this interval (30 s by default), which would dwarf a 5 s limit.
  connectionsCheckingInterval: Math.min(1000, timeoutMs),
});
