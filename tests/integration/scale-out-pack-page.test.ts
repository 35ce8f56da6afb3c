import { expect, it } from 'vitest';
import { migrateWorkspaceDoc } from '../../shared/workspace';
import { hasClip, saveClip } from './helpers/clips';
import { runCli, startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import type { ServerProcess } from './helpers/server-process';
import { connectClient, eventually } from './helpers/sync-clients';

/**
 * The reviewer's live pack on PostgreSQL (its refusals, headers and rendering are specified against
 * SQLite in pack-page.test.ts; what differs here is where the pack is read from and where
 * revocations come from): a clip saved through one instance is in the pack another instance
 * serves, and an invite revoked with `evident-sync revoke` ends its session on that other instance
 * at the next request.
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();

/** One GET, no redirects followed, no cookie jar. */
const get = (server: ServerProcess, path: string, cookie?: string) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

it('a pack served by one instance shows a clip saved through the other; a revoke ends its session at the next request', async () => {
  const databaseUrl = await postgres.freshDatabase();
  const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url });
  cleanups.push(() => servers.dispose());
  const [writeHere, readThere] = servers.instances as [ServerProcess, ServerProcess];
  const workspace = 'pg-board';

  const editor = connectClient(writeHere.url, workspace, (await servers.mint(workspace, 'editor')).token);
  cleanups.push(() => editor.destroy());
  await editor.synced;
  migrateWorkspaceDoc(editor.doc, workspace);
  const quote = 'Leaders have an accurate view of the quality of practice across the service';
  saveClip(editor.doc, quote);
  const check = connectClient(readThere.url, workspace, (await servers.mint(workspace, 'reviewer')).token);
  cleanups.push(() => check.destroy());
  await eventually(() => hasClip(check.doc, quote), 10_000, 'the clip to reach the other instance');

  const { token } = await servers.mint(workspace, 'reviewer');
  const exchanged = await get(readThere, `/w/${workspace}/pack?token=${token}`);
  expect(exchanged.status).toBe(303);
  const cookie = exchanged.headers.get('set-cookie')!.split(';')[0]!;
  const page = await get(readThere, `/w/${workspace}/pack`, cookie);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain(quote);

  const revoked = await runCli(['revoke', '--token', token], { EVIDENT_DATABASE_URL: databaseUrl });
  expect(revoked).toMatchObject({ code: 0, stderr: '' });
  const after = await get(readThere, `/w/${workspace}/pack`, cookie);
  expect(after.status).toBe(401);
  expect(await after.text()).not.toContain(quote);
}, 60_000);
