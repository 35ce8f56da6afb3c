/**
 * Hocuspocus 4.7 as the sync-server benchmark runs it, in its own process: `@hocuspocus/server` on
 * its defaults (no authentication hook, so any token is accepted; 2 s store debounce, 10 s at most;
 * a socket that has sent nothing for 60 s is closed, so the benchmark's clients send the keep-alive
 * its provider would: lib/sync-wire.ts) with SQLite persistence (lib/hocuspocus-sqlite.ts). `PORT`, `HOCUSPOCUS_DB`; prints
 * `hocuspocus listening on <port>` once it accepts connections.
 */
import { Server } from '@hocuspocus/server';
import { sqlitePersistence } from './hocuspocus-sqlite';

const dbPath = process.env.HOCUSPOCUS_DB;
if (!dbPath) throw new Error('HOCUSPOCUS_DB: the SQLite file to store documents in is not set');
const server = new Server({
  address: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
  extensions: [sqlitePersistence(dbPath)],
});
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);
