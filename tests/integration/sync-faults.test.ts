import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_SHUTTING_DOWN } from '../../shared/protocol/sync';
import { captureClip } from '../../shared/workspace';
import { mintInvite } from '../../sync-server/auth/tokens';
import { docFromStore } from '../../sync-server/persistence/doc-from-store';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import type { SyncStore } from '../../sync-server/persistence/types';
import { startSyncServer } from '../../sync-server/server';
import { createRandom } from '../lib/random';
import { deterministicContext, randomSourceInput } from '../lib/workspace-ops';
import { connectClient, eventually } from './helpers/sync-clients';

// Fault injection needs a hand on the store, so this server runs in the test's process (the real
// SQLite store, wrapped); everything else about it is as in production.
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const hasClip = (doc: Y.Doc, text: string) => JSON.stringify(doc.getMap('evidence').toJSON()).includes(text);

it("a failed append reaches no peer: the room's sockets close with 4503, and on reconnect the write is stored and synced", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-faults-'));
  const real = openSqliteStore(join(dir, 'evident.sqlite'));
  let failAppends = false;
  const store: SyncStore = {
    ...real,
    appendUpdate(workspace, update) {
      if (failAppends) throw new Error('disk full (injected)');
      return real.appendUpdate(workspace, update);
    },
  };
  const server = await startSyncServer({ host: '127.0.0.1', port: 0, dbPath: ':unused:', store, logLevel: 'silent' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => real.close(), () => server.close());

  const connect = async () => {
    const { token } = await mintInvite(real.secret(), { workspace: 'faults', role: 'editor', expiresInSeconds: 600 });
    const client = connectClient(server.url, 'faults', token);
    cleanups.push(() => client.destroy());
    await client.synced;
    return client;
  };
  const writer = await connect();
  const reader = await connect();
  const closeCodes: number[] = [];
  reader.provider.on('connection-close', (event) => event && closeCodes.push(event.code));

  failAppends = true;
  const saved = captureClip(writer.doc, deterministicContext(createRandom(1), 'w'), {
    source: randomSourceInput(createRandom(2)),
    evidence: {
      anchor: {
        quote: { type: 'TextQuoteSelector', exact: 'written while the disk was full', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 0, end: 31 },
        paragraph: null,
      },
      contextBefore: '',
      contextAfter: '',
    },
  });
  expect(saved.ok).toBe(true);
  await eventually(() => closeCodes.includes(CLOSE_SHUTTING_DOWN), 5000, 'the reader to be closed with 4503');
  expect(hasClip(reader.doc, 'written while the disk was full')).toBe(false);

  failAppends = false;
  // Both reconnect by themselves (4503 is "retry"); the writer's step 2 carries the clip again.
  await eventually(() => hasClip(reader.doc, 'written while the disk was full'), 10_000, 'the clip at the reader after reconnecting');
  expect(hasClip(docFromStore(real, 'faults'), 'written while the disk was full')).toBe(true);
});
