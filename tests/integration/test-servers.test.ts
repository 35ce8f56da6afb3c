import { createConnection } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './helpers/postgres-server';
import { startRedis } from './helpers/redis-server';

/** One RESP command over a raw socket: the harness is checked without the client library under test. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => {
      resolve(data.toString().trim());
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('the test servers', () => {
  it('start a real PostgreSQL and a real Redis on loopback, and remove them after', async () => {
    const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    console.info(`PostgreSQL: initdb ${postgres.startupMs.initdb} ms, start ${postgres.startupMs.start} ms; Redis: start ${redis.startupMs} ms`);
    try {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      expect((await client.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
      await client.end();
      expect(await redisCommand(redis.port, 'PING')).toBe('+PONG');

      // A Redis restarted on its port comes back empty (nothing is persisted).
      expect(await redisCommand(redis.port, 'SET k v')).toBe('+OK');
      await redis.stopServer('SIGKILL');
      await redis.startServer();
      expect(await redisCommand(redis.port, 'GET k')).toBe('$-1');
    } finally {
      await Promise.all([postgres.dispose(), redis.dispose()]);
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(postgres.dataDir)).toBe(false);
    await expect(redisCommand(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fail loudly, with the reason, when PostgreSQL cannot start', async () => {
    await expect(startPostgres({ settings: { shared_buffers: "'plenty'" } })).rejects.toThrow(/pg_ctl .* start failed[\s\S]*shared_buffers/);
  });

  it('fail loudly, naming the package, when Redis is not installed', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server' })).rejects.toThrow(/cannot run \/nonexistent\/redis-server .*install Debian's redis-server/);
  });
});
