import { createServer } from 'node:net';

/**
 * A loopback TCP port nobody listens on right now. Another process may take it before the caller
 * binds it, so the servers started with one (postgres-server.ts, redis-server.ts) try again with a
 * new port when theirs turns out to be taken.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the kernel gave no loopback port'))));
    });
  });
}
