import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_UNAUTHORIZED } from '../../shared/protocol/sync';
import { docFromStore } from '../../sync-server/persistence/doc-from-store';
import { saveClip, hasClip } from './helpers/clips';
import { startServerProcess, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

// A short sweep interval, so a test waits a tenth of a second rather than the default five.
const SWEEP_MS = 100;
let server: ServerProcess;
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startServerProcess({ EVIDENT_REVOCATION_CHECK_MS: String(SWEEP_MS) });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => server?.dispose());

async function join(workspace: string, token: string): Promise<SyncClient> {
  const client = connectClient(server.url, workspace, token);
  clients.push(client);
  await client.synced;
  return client;
}

/** Close codes the server sent this client, in order. */
function closeCodesOf(client: SyncClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => event && codes.push(event.code));
  return codes;
}

describe('an invite revoked or expired while its sockets are open', () => {
  it('revoked with `evident-sync revoke`: its connection is closed with 4401 "invite revoked", another invite\'s stays and syncs', async () => {
    const workspace = 'revoke-cli';
    const leaverInvite = await server.mint(workspace, 'editor');
    const leaver = await join(workspace, leaverInvite.token);
    const stayer = await join(workspace, (await server.mint(workspace, 'editor')).token);
    const stayerCloses = closeCodesOf(stayer);
    saveClip(leaver.doc, 'written before the revocation');
    await eventually(() => hasClip(stayer.doc, 'written before the revocation'), 5000, 'the clip at the other editor');

    const revoked = await server.cli(['revoke', '--id', leaverInvite.jti, '--reason', 'left the team']);
    expect(revoked.code, revoked.stderr).toBe(0);

    expect(await leaver.closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'invite revoked' });
    saveClip(stayer.doc, 'written after the revocation');
    const newcomer = await join(workspace, (await server.mint(workspace, 'reviewer')).token);
    await eventually(() => hasClip(newcomer.doc, 'written after the revocation'), 5000, "the other editor's later clip at a newcomer");
    expect(stayer.provider.wsconnected).toBe(true);
    expect(stayerCloses).toEqual([]);
  });

  it('revoked in the database: every socket that token opened is closed (a reviewer on two devices), and only those', async () => {
    const workspace = 'revoke-store';
    const reviewerInvite = await server.mint(workspace, 'reviewer');
    const laptop = await join(workspace, reviewerInvite.token);
    const phone = await join(workspace, reviewerInvite.token);
    const editor = await join(workspace, (await server.mint(workspace, 'editor')).token);
    const editorCloses = closeCodesOf(editor);

    const store = server.openStore();
    store.revoke(reviewerInvite.jti, 'review finished');
    store.close();

    expect(await laptop.closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'invite revoked' });
    expect(await phone.closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'invite revoked' });
    saveClip(editor.doc, 'the editor carries on');
    await eventually(() => {
      const stored = server.openStore();
      try {
        return hasClip(docFromStore(stored, workspace), 'the editor carries on');
      } finally {
        stored.close();
      }
    }, 5000, "the editor's clip stored");
    expect(editorCloses).toEqual([]);
  });

  it('expired while connected: the connection is closed with 4401 "invite expired"', async () => {
    const workspace = 'expire-open';
    // Issued 58 s ago for 60 s: valid at the upgrade, expired within the next two seconds.
    const expiring = await server.mint(workspace, 'editor', { expiresInSeconds: 60, now: new Date(Date.now() - 58_000) });
    const client = await join(workspace, expiring.token);
    const openedAt = Date.now();
    const lasting = await join(workspace, (await server.mint(workspace, 'editor')).token);
    const lastingCloses = closeCodesOf(lasting);

    expect(await client.closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'invite expired' });
    expect(Date.now() - openedAt).toBeLessThan(2000 + 2 * SWEEP_MS + 1000);
    expect(lasting.provider.wsconnected).toBe(true);
    expect(lastingCloses).toEqual([]);
  });
});
