import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import * as Y from 'yjs';
import type { Role } from '../../../shared/protocol/sync';
import { mintInvite } from '../../../sync-server/auth/tokens';
import { openPgStore } from '../../../sync-server/persistence/pg/pg-store';
import { afterAll, beforeAll } from 'vitest';
import { usePostgresServer } from './pg-test-database';
import { startRedis, type RedisServer } from './redis-server';
import { startServerProcess, type ServerProcess } from './server-process';
import { useCleanups } from './test-cleanups';

const CLI = resolve(import.meta.dirname, '../../../sync-server/bin/evident-sync.mjs');

/** Several `evident-sync serve` processes on one PostgreSQL database and one Redis, as an operator runs them. */
export interface ScaleOutServers {
  instances: ServerProcess[];
  /** An invite any instance accepts (they share EVIDENT_SECRET). */
  mint(workspace: string, role: Role): Promise<{ token: string; jti: string }>;
  /** The workspace as PostgreSQL holds it now (snapshot + log), read from the test's process. */
  storedDoc(workspace: string): Promise<Y.Doc>;
  /** Kills every instance and removes their folders. */
  dispose(): Promise<void>;
}

export interface ScaleOutSettings {
  databaseUrl: string;
  /** null: PostgreSQL only (one instance). */
  redisUrl: string | null;
  /** More EVIDENT_* settings for every instance. */
  env?: Record<string, string>;
}

export async function startScaleOutServers(count: number, { databaseUrl, redisUrl, env = {} }: ScaleOutSettings): Promise<ScaleOutServers> {
  const secret = `test-secret-${randomBytes(24).toString('hex')}`;
  const shared = { EVIDENT_DATABASE_URL: databaseUrl, ...(redisUrl ? { EVIDENT_REDIS_URL: redisUrl } : {}), EVIDENT_SECRET: secret, ...env };
  const instances: ServerProcess[] = [];
  try {
    // One after the other: the first creates the schema (the others would wait on its lock anyway).
    for (let i = 0; i < count; i++) instances.push(await startServerProcess(shared));
  } catch (e) {
    await Promise.all(instances.map((instance) => instance.dispose()));
    throw e;
  }
  // As both stores derive the signing key from EVIDENT_SECRET.
  const key = new Uint8Array(createHash('sha256').update(secret, 'utf8').digest());
  return {
    instances,
    async mint(workspace, role) {
      const { token, claims } = await mintInvite(key, { workspace, role, expiresInSeconds: 3600 });
      return { token, jti: claims.jti };
    },
    async storedDoc(workspace) {
      const store = await openPgStore(databaseUrl, { max: 1 });
      try {
        const { snapshot, updates } = await store.loadDoc(workspace);
        const doc = new Y.Doc();
        doc.transact(() => {
          if (snapshot) Y.applyUpdate(doc, snapshot);
          for (const update of updates) Y.applyUpdate(doc, update);
        });
        return doc;
      } finally {
        await store.close();
      }
    },
    dispose: async () => {
      await Promise.all(instances.map((instance) => instance.dispose()));
    },
  };
}

/** Runs `evident-sync <args>` with exactly these EVIDENT_* settings added (none inherited from the test's environment). */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('EVIDENT_')));
  return new Promise((done) =>
    execFile(process.execPath, [CLI, ...args], { env: { ...clean, EVIDENT_LOG_LEVEL: 'warn', ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/**
 * What every scale-out test file sets up: one PostgreSQL and one Redis server for the file (started
 * before its tests, removed after; a server that cannot start fails the file with the reason), and
 * the cleanups each test pushes (servers, clients), run after it, newest first.
 */
export function useScaleOutInfrastructure() {
  const postgres = usePostgresServer();
  let redisServer: RedisServer | null = null;
  beforeAll(async () => {
    redisServer = await startRedis();
  }, 30_000);
  afterAll(() => redisServer?.dispose());
  const cleanups = useCleanups();
  const redis = () => {
    if (!redisServer) throw new Error('the Redis test server is not running (see the beforeAll failure above)');
    return redisServer;
  };
  return { postgres, redis, cleanups };
}
