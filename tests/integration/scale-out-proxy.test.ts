import { expect, it } from 'vitest';
import { migrateWorkspaceDoc, project } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { startCaddy } from './helpers/caddy-proxy';
import { saveClip } from './helpers/clips';
import { startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { metricValue } from './helpers/server-process';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * The deployment compose.yaml describes, without Docker: two instances on one PostgreSQL and one
 * Redis, behind Caddy running the deployment's own Caddyfile (TLS with its local CA, least-conn
 * balancing, /readyz health checks, retries on a refused connection). Clients are given only the
 * proxy's wss:// address, as users are.
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();

it('clients given the proxy\u2019s wss:// address are spread over both instances and converge; an instance killed, its clients come back through the proxy and nothing is lost', async () => {
  const servers = await startScaleOutServers(2, { databaseUrl: await postgres.freshDatabase(), redisUrl: redis().url, env: { EVIDENT_TRUST_PROXY: '1' } });
  cleanups.push(() => servers.dispose());
  const proxy = await startCaddy(servers.instances.map((instance) => new URL(instance.url).host));
  cleanups.push(() => proxy.dispose());
  expect(await proxy.get('/readyz'), proxy.log()).toMatchObject({ status: 200 });

  const workspace = 'behind-the-proxy';
  const clients: SyncClient[] = [];
  for (let i = 0; i < 4; i++) {
    const client = connectClient(proxy.wsUrl, workspace, (await servers.mint(workspace, 'editor')).token, undefined, {
      maxBackoffTime: 300,
      WebSocketPolyfill: proxy.TrustingWebSocket,
    });
    cleanups.push(() => client.destroy());
    await client.synced;
    clients.push(client);
  }
  // least_conn: with four clients arriving one after another, each instance gets two.
  const perInstance = await Promise.all(servers.instances.map((instance) => metricValue(instance, 'evident_sync_connections')));
  expect(perInstance).toEqual([2, 2]);

  migrateWorkspaceDoc(clients[0]!.doc, workspace);
  clients.forEach((client, i) => saveClip(client.doc, `Passage clipped by member ${i}.`, deterministicContext(createRandom(i + 1), `u${i}`)));
  const clipsEverywhere = (n: number) => clients.every((client) => project(client.doc).evidence.length === n);
  await eventually(() => clipsEverywhere(4), 10_000, 'every clip at every client, across both instances');

  // Instance 0 dies: Caddy's health check and its retry send its clients' reconnections to instance 1.
  await servers.instances[0]!.kill('SIGKILL');
  clients.forEach((client, i) => saveClip(client.doc, `Written while instance 0 was down, by member ${i}.`, deterministicContext(createRandom(i + 10), `u${i}`)));
  await eventually(() => clipsEverywhere(8), 20_000, 'every clip at every client once the dead instance\u2019s clients reconnected');
  await eventually(async () => (await metricValue(servers.instances[1]!, 'evident_sync_connections')) === 4, 10_000, 'all four clients on instance 1');
  expect(project(await servers.storedDoc(workspace)).evidence).toHaveLength(8);

  // Back up: new connections may go to it again, and it serves the workspace as stored.
  await servers.instances[0]!.restart();
  await eventually(async () => (await proxy.get('/readyz')).status === 200, 10_000, 'the proxy answering /readyz');
  const late = connectClient(proxy.wsUrl, workspace, (await servers.mint(workspace, 'reviewer')).token, undefined, { WebSocketPolyfill: proxy.TrustingWebSocket });
  cleanups.push(() => late.destroy());
  await late.synced;
  expect(project(late.doc).evidence).toHaveLength(8);
}, 90_000);
