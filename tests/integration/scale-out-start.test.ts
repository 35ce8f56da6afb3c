import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { httpGet, metricValue } from './helpers/server-process';
import { queryRows } from './helpers/pg-test-database';
import { runCli, startScaleOutServers, type ScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { openPgStore } from '../../sync-server/persistence/pg/pg-store';
import { barrier, connectClient, eventually, openRawSocket, updateFrame, type SyncClient } from './helpers/sync-clients';

/**
 * `evident-sync serve` on PostgreSQL and Redis, chosen by EVIDENT_DATABASE_URL / EVIDENT_REDIS_URL,
 * checked at start; `evident-sync migrate`. Real servers: PostgreSQL and Redis started by the
 * harness, the sync server as its own processes.
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();

async function startServers(count: number, env: Record<string, string> = {}, { withRedis = true } = {}): Promise<ScaleOutServers> {
  const servers = await startScaleOutServers(count, { databaseUrl: await postgres.freshDatabase(), redisUrl: withRedis ? redis().url : null, env });
  cleanups.push(() => servers.dispose());
  return servers;
}

function connect(url: string, workspace: string, token: string): SyncClient {
  const client = connectClient(url, workspace, token, new Y.Doc(), { maxBackoffTime: 300 });
  cleanups.push(() => client.destroy());
  return client;
}

const clipsOf = (doc: Y.Doc) => doc.getMap<string>('clips').toJSON();

describe('serve on PostgreSQL and Redis', () => {
  it('two instances: an edit through one reaches the clients of the other, and PostgreSQL holds it', async () => {
    const servers = await startServers(2);
    const [a, b] = servers.instances as [typeof servers.instances[0], typeof servers.instances[0]];
    expect(a.output()).toMatch(/database PostgreSQL postgres:\/\/.*, Redis redis:\/\//);
    const ws = 'two-instances';
    const onA = connect(a.url, ws, (await servers.mint(ws, 'editor')).token);
    const onB = connect(b.url, ws, (await servers.mint(ws, 'editor')).token);
    await Promise.all([onA.synced, onB.synced]);
    for (let i = 0; i < 20; i++) (i % 2 ? onA : onB).doc.getMap<string>('clips').set(`clip-${i}`, `from ${i % 2 ? 'a' : 'b'}`);
    await eventually(() => Object.keys(clipsOf(onA.doc)).length === 20 && Object.keys(clipsOf(onB.doc)).length === 20, 10_000, 'both clients to hold all 20 clips');
    expect(clipsOf(onA.doc)).toEqual(clipsOf(onB.doc));
    await eventually(async () => Object.keys(clipsOf(await servers.storedDoc(ws))).length === 20, 5_000, 'PostgreSQL to hold all 20');
    expect(clipsOf(await servers.storedDoc(ws))).toEqual(clipsOf(onA.doc));
    // A client joining either instance later gets it all from that instance's room.
    const late = connect(b.url, ws, (await servers.mint(ws, 'reviewer')).token);
    await late.synced;
    expect(clipsOf(late.doc)).toEqual(clipsOf(onA.doc));
    expect((await httpGet(a, '/readyz')).status).toBe(200);
    // Per instance: commit latency, and the lag of the other's commits through the stream (each took some of the other's).
    for (const instance of [a, b]) {
      expect(await metricValue(instance, 'evident_sync_commit_seconds_count')).toBeGreaterThan(0);
      expect(await metricValue(instance, 'evident_sync_stream_lag_seconds_count')).toBeGreaterThan(0);
      expect(await metricValue(instance, 'evident_sync_database_up')).toBe(1);
    }
    await eventually(async () => (await metricValue(a, 'evident_sync_fanout_streaming')) === 1, 3_000, 'the streaming gauge');
    expect(await metricValue(a, 'evident_sync_replayed_updates_total')).toBe(0);
  }, 60_000);

  it('a write built on a commit this instance has not applied yet is stored, and sent on, once that commit arrives', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    const [a, b] = servers.instances as [typeof servers.instances[0], typeof servers.instances[0]];
    const ws = 'built-on-unseen';
    const onA = connect(a.url, ws, (await servers.mint(ws, 'editor')).token);
    const rawOnB = openRawSocket(b.url, ws, (await servers.mint(ws, 'editor')).token);
    cleanups.push(() => rawOnB.ws.terminate());
    await Promise.all([onA.synced, rawOnB.opened]);
    await barrier(rawOnB); // b's room is loaded
    // One writer's two updates: the second continues the first's clock, so Yjs cannot apply it alone.
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    writer.getMap<string>('clips').set('base', 'first');
    writer.getMap<string>('clips').set('built-on', 'second');
    // The first is committed as another instance would, but no instance is told (no XADD) ...
    const store = await openPgStore(databaseUrl, { max: 1 });
    await store.appendUpdate(ws, updates[0]!);
    await store.close();
    // ... and the second reaches b, which holds it back for the first.
    rawOnB.send(updateFrame(updates[1]!));
    await barrier(rawOnB);
    expect(clipsOf(await servers.storedDoc(ws))['built-on']).toBeUndefined();
    // A commit through a shows b the gap: b reads the first from PostgreSQL, which releases the second.
    onA.doc.getMap<string>('clips').set('trigger', 'x');
    await eventually(async () => clipsOf(await servers.storedDoc(ws))['built-on'] === 'second', 5_000, 'the released write in PostgreSQL');
    await eventually(() => clipsOf(onA.doc)['built-on'] === 'second', 5_000, 'the released write at a\'s client');
    expect(clipsOf(onA.doc)).toEqual({ base: 'first', 'built-on': 'second', trigger: 'x' });
  }, 60_000);

  it('one instance on PostgreSQL with no Redis keeps what it acknowledged across a restart', async () => {
    const servers = await startServers(1, {}, { withRedis: false });
    const [server] = servers.instances as [typeof servers.instances[0]];
    expect(server.output()).toMatch(/no Redis \(one instance\)/);
    const ws = 'pg-only';
    const token = (await servers.mint(ws, 'editor')).token;
    const writer = connect(server.url, ws, token);
    await writer.synced;
    writer.doc.getMap<string>('clips').set('kept', 'yes');
    await eventually(async () => clipsOf(await servers.storedDoc(ws)).kept === 'yes', 5_000, 'the clip in PostgreSQL');
    writer.destroy();
    await server.restart();
    const reader = connect(server.url, ws, token);
    await reader.synced;
    expect(clipsOf(reader.doc)).toEqual({ kept: 'yes' });
  }, 60_000);
});

describe('settings checked at start', () => {
  it.each([
    [{ EVIDENT_DATABASE_URL: 'not a url' }, /EVIDENT_DATABASE_URL is not a URL/],
    [{ EVIDENT_DATABASE_URL: 'mysql://h/db' }, /EVIDENT_DATABASE_URL \(mysql:\/\/h\/db\) is not a PostgreSQL URL/],
    [{ EVIDENT_DATABASE_URL: 'postgres://u:hunter2@h:5432' }, /EVIDENT_DATABASE_URL \(postgres:\/\/u:\*\*\*@h:5432\) names no database/],
    [{ EVIDENT_DATABASE_URL: 'postgres://127.0.0.1:1/evident' }, /EVIDENT_DATABASE_URL \(postgres:\/\/127\.0\.0\.1:1\/evident\): cannot connect: .*ECONNREFUSED/],
    [{ EVIDENT_REDIS_URL: 'redis://127.0.0.1:6379' }, /EVIDENT_REDIS_URL is set but EVIDENT_DATABASE_URL is not/],
    [{ EVIDENT_DATABASE_URL: 'postgres://h/db', EVIDENT_REDIS_URL: 'http://h:6379' }, /EVIDENT_REDIS_URL \(http:\/\/h:6379\/?\) is not a Redis URL/],
  ])('%j stops serve with a message naming the setting', async (env, message) => {
    const { code, stderr } = await runCli(['serve', '--port', '0'], { EVIDENT_METRICS_PORT: 'off', ...env });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('hunter2');
  }, 30_000);

  it('a database that refuses the login names the URL without its password', async () => {
    const url = new URL(postgres.server().url);
    url.username = 'nobody';
    url.password = 'hunter2';
    const { code, stderr } = await runCli(['serve', '--port', '0'], { EVIDENT_METRICS_PORT: 'off', EVIDENT_DATABASE_URL: url.href });
    expect(code).toBe(1);
    expect(stderr).toMatch(/EVIDENT_DATABASE_URL \(postgres:\/\/nobody:\*\*\*@.*\): cannot connect/);
    expect(stderr).not.toContain('hunter2');
  }, 30_000);

  it('Redis unreachable at start is not fatal: the instance serves, stores, and says why it polls', async () => {
    const servers = await startScaleOutServers(1, { databaseUrl: await postgres.freshDatabase(), redisUrl: 'redis://127.0.0.1:1', env: { EVIDENT_LOG_LEVEL: 'warn' } });
    cleanups.push(() => servers.dispose());
    const [server] = servers.instances as [typeof servers.instances[0]];
    const ws = 'no-redis-yet';
    const client = connect(server.url, ws, (await servers.mint(ws, 'editor')).token);
    await client.synced;
    client.doc.getMap<string>('clips').set('stored', 'anyway');
    await eventually(async () => clipsOf(await servers.storedDoc(ws)).stored === 'anyway', 5_000, 'the clip in PostgreSQL');
    await eventually(() => server.output().includes('Redis unreachable'), 5_000, 'the warning');
  }, 30_000);
});

describe('invites across instances', () => {
  it('an invite minted with evident-sync invite opens either instance; revoked, its sockets on both close with 4401 within the sweep', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url, env: { EVIDENT_REVOCATION_CHECK_MS: '500' } });
    cleanups.push(() => servers.dispose());
    const [a, b] = servers.instances as [typeof servers.instances[0], typeof servers.instances[0]];
    const ws = 'revoked-across';
    // The servers' own settings (EVIDENT_SECRET among them), as an operator's shell beside them would have.
    const minted = await a.cli(['invite', '--workspace', ws, '--role', 'editor']);
    expect(minted.code, minted.stderr).toBe(0);
    expect(minted.stdout).toContain('(postgres://');
    const token = minted.stdout.trim().split('\n').at(-1)!;
    const onA = connect(a.url, ws, token);
    const onB = connect(b.url, ws, token);
    await Promise.all([onA.synced, onB.synced]);
    const revokedAt = Date.now();
    const revoked = await b.cli(['revoke', '--token', token]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`Revoked invite \\w+ \\(workspace ${ws}, editor\\)`));
    const [closedA, closedB] = await Promise.all([onA.closed, onB.closed]);
    expect([closedA.code, closedB.code]).toEqual([4401, 4401]);
    expect(Date.now() - revokedAt).toBeLessThan(2_000);
    // And no instance lets it in again.
    const again = connectClient(b.url, ws, token);
    cleanups.push(() => again.destroy());
    expect((await again.closed).code).toBe(4401);
  }, 60_000);
});

describe('evident-sync migrate', () => {
  it('brings a new database to the current schema once, then says it is up to date', async () => {
    const url = await postgres.freshDatabase();
    const first = await runCli(['migrate'], { EVIDENT_DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const version = Number(/migrated from version 0 to (\d+)/.exec(first.stdout)?.[1]);
    expect(version).toBeGreaterThan(0);
    const tables = await queryRows<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['documents', 'updates', 'snapshots', 'schema_migrations']));
    const second = await runCli(['migrate'], { EVIDENT_DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`already at version ${version}`);
  }, 30_000);

  it('without EVIDENT_DATABASE_URL, or with a newer schema, fails naming why', async () => {
    const unset = await runCli(['migrate'], {});
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/EVIDENT_DATABASE_URL is not set/);
    const url = await postgres.freshDatabase();
    await runCli(['migrate'], { EVIDENT_DATABASE_URL: url });
    await queryRows(url, 'INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)');
    const newer = await runCli(['migrate'], { EVIDENT_DATABASE_URL: url });
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/schema version 999 is newer than this evident-sync understands/);
  }, 30_000);
});

// Redis is reachable for the fan-out tests: a sanity check of the harness's server.
it('the test Redis answers', async () => {
  const client = new Redis(redis().url, { lazyConnect: true });
  await client.connect();
  expect(await client.ping()).toBe('PONG');
  client.disconnect();
});
