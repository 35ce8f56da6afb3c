import { afterEach } from 'vitest';
import * as Y from 'yjs';
import type { Role } from '../../../shared/protocol/sync';
import { startServerProcess, type ServerProcess } from './server-process';
import { connectClient, type SyncClient } from './sync-clients';

/** The cleanups each test of a file pushes (servers, clients), run after it, newest first. */
export function useCleanups(): Array<() => unknown> {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

/** `evident-sync serve` as its own process, killed after the test. */
export async function startServerFor(cleanups: Array<() => unknown>, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  cleanups.push(() => server.dispose());
  return server;
}

/**
 * A y-websocket editor on `workspace` through `server` (one process, or one instance of several),
 * synced; it reconnects within 300 ms of a server coming back, and is destroyed after the test.
 */
export async function joinAsEditor(
  server: { url: string; mint: (workspace: string, role: Role) => Promise<{ token: string }> },
  workspace: string,
  cleanups: Array<() => unknown>,
): Promise<SyncClient> {
  const client = connectClient(server.url, workspace, (await server.mint(workspace, 'editor')).token, new Y.Doc(), { maxBackoffTime: 300 });
  cleanups.push(() => client.destroy());
  await client.synced;
  return client;
}
