/**
 * One instance of Hocuspocus 4.7 as the scale-out benchmark runs two of them: `@hocuspocus/server` on
 * its defaults, `@hocuspocus/extension-redis` 4.7.0 on its defaults (pub/sub between instances:
 * at most once; its documentation says every instance handles every message, so it spreads
 * connections, not CPU: https://tiptap.dev/docs/hocuspocus/server/extensions/redis) and
 * PostgreSQL persistence (lib/hocuspocus-postgres.ts). `PORT`,
 * `HOCUSPOCUS_DATABASE_URL`, `HOCUSPOCUS_REDIS_PORT`; prints `hocuspocus listening on <port>` once
 * it accepts connections.
 */
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import { postgresPersistence } from './hocuspocus-postgres';

const databaseUrl = process.env.HOCUSPOCUS_DATABASE_URL;
const redisPort = Number(process.env.HOCUSPOCUS_REDIS_PORT);
if (!databaseUrl || !redisPort) throw new Error('HOCUSPOCUS_DATABASE_URL and HOCUSPOCUS_REDIS_PORT must be set');
const server = new Server({
  address: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  quiet: true,
  extensions: [new Redis({ host: '127.0.0.1', port: redisPort }), await postgresPersistence(databaseUrl)],
});
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);
