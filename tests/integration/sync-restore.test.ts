import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectionOf, project } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { saveClip } from './helpers/clips';
import { replicaState, storedDoc } from './helpers/replica-state';
import type { ServerProcess } from './helpers/server-process';
import { joinAsEditor, startServerFor, useCleanups } from './helpers/test-cleanups';
import { eventually } from './helpers/sync-clients';
import { activityKinds, evidenceOf, fillWorkspace, sameAs } from './helpers/restore-fixture';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';

const cleanups = useCleanups();
const startServer = (env: Record<string, string> = {}) => startServerFor(cleanups, env);
/** A y-websocket client on `workspace`, synced; it reconnects within 300 ms of a server coming back. */
const join = (server: ServerProcess, workspace: string) => joinAsEditor(server, workspace, cleanups);

describe('evident-sync restore', () => {
  it('an editor clears the evidence map; a restore to a moment before brings back every clip, link, tag and note on every connected client, and after a reload from the database', async () => {
    const server = await startServer();
    const workspace = 'wsx-ilacs';
    const alice = await join(server, workspace);
    const bob = await join(server, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(1), 'alice'));
    const before = evidenceOf(alice.doc);
    expect(project(alice.doc).evidence).toHaveLength(4);
    await eventually(() => sameAs(before)(bob.doc) && sameAs(before)(storedDoc(server, workspace)), 10_000, 'the clips at bob and stored');
    await sleep(20);
    const beforeTheClear = new Date().toISOString(); // the server's clock: it runs on this machine
    await sleep(20);

    // A buggy or hostile editor empties the evidence map: a raw Y.Map.clear(), no activity line.
    collectionOf(bob.doc, 'evidence').clear();
    await eventually(() => project(alice.doc).evidence.length === 0 && project(storedDoc(server, workspace)).evidence.length === 0, 10_000, 'the clear everywhere');

    const listed = await server.cli(['history', '--workspace', workspace, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const points = JSON.parse(listed.stdout).points as Array<{ at: string; clips: number }>;
    expect(points.at(-1)!.clips).toBe(0);
    expect(points.some((p) => p.clips === 4)).toBe(true);

    const restored = await server.cli(['restore', '--workspace', workspace, '--at', beforeTheClear, '--by', 'Sam Admin']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('through the running server');
    expect(restored.stdout).toContain('clips: 4 back, 0 removed, 0 changed');

    await eventually(() => sameAs(before)(alice.doc) && sameAs(before)(bob.doc), 10_000, 'the clips back at both clients');
    const line = project(alice.doc).activity.find((a) => a.kind === 'workspace.restored');
    expect(line).toMatchObject({ actor: { id: 'server-admin:Sam Admin' }, entityId: workspace });
    expect(line!.summary).toContain(`as it was at ${beforeTheClear}`);
    expect(line!.summary).toContain('4 clips back');
    // The audit trail is append-only: every line from before is still there, and the restore's after them.
    expect(activityKinds(alice.doc).filter((k) => k === 'evidence.created')).toHaveLength(4);

    // From the database, and through a fresh client after the server restarts.
    expect(evidenceOf(storedDoc(server, workspace))).toBe(before);
    await server.restart();
    const carol = await join(server, workspace);
    expect(evidenceOf(carol.doc)).toBe(before);
    await eventually(() => replicaState(alice.doc).stateVector === replicaState(carol.doc).stateVector, 10_000, 'alice back in step');
  });

  it("takes out more clips at once than the guard rail lets a member: the restore is the administrator's, which that guard rail does not stop", async () => {
    const server = await startServer();
    const workspace = 'big-import';
    const alice = await join(server, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(2), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(() => sameAs(before)(storedDoc(server, workspace)), 10_000, 'the clips stored');
    await sleep(20);
    const beforeTheImport = new Date().toISOString();
    await sleep(20);
    // A large import the team regrets: 60 clips, over the 50 a member may take out at once.
    const ctx = deterministicContext(createRandom(3), 'alice');
    alice.doc.transact(() => {
      for (let i = 0; i < 60; i++) saveClip(alice.doc, `Imported passage ${i}.`, ctx);
    });
    await eventually(() => project(storedDoc(server, workspace)).evidence.length === 64, 10_000, 'the import stored');

    const restored = await server.cli(['restore', '--workspace', workspace, '--at', beforeTheImport, '--by', 'Sam Admin']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('through the running server');
    expect(restored.stdout).toContain('60 removed');
    await eventually(() => sameAs(before)(alice.doc), 10_000, 'the workspace as it was, at the connected client');
    expect(evidenceOf(storedDoc(server, workspace))).toBe(before);
    expect(server.output()).not.toContain('at most 50');
  });

  it('restores --as a new workspace, leaving the original as it is; refuses bad input and writes nothing', async () => {
    const server = await startServer({ EVIDENT_HISTORY_DAYS: '0.0001' }); // 8.64 s of history
    const workspace = 'st-helens';
    const alice = await join(server, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(2), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(() => sameAs(before)(storedDoc(server, workspace)), 10_000, 'the clips stored');
    const moment = new Date().toISOString();
    collectionOf(alice.doc, 'evidence').clear();
    await eventually(() => project(storedDoc(server, workspace)).evidence.length === 0, 10_000, 'the clear stored');
    const copy = await server.cli(['restore', '--workspace', workspace, '--at', moment, '--as', 'st-helens-copy']);
    expect(copy.code, copy.stderr).toBe(0);
    expect(evidenceOf(storedDoc(server, 'st-helens-copy'))).toBe(before);
    const reader = await join(server, 'st-helens-copy');
    expect(evidenceOf(reader.doc)).toBe(before);
    const restoredLine = project(reader.doc).activity.find((a) => a.kind === 'workspace.restored');
    expect(restoredLine).toMatchObject({ entityId: 'st-helens-copy' });
    expect(restoredLine!.summary).toContain('from the history of workspace st-helens');

    const stored = server.openStore();
    const seqBefore = stored.logInfo(workspace).lastSeq;
    const copySeq = stored.logInfo('st-helens-copy').lastSeq;

    const failures: Array<[string[], number, RegExp]> = [
      [['--workspace', 'nowhere', '--at', moment], 1, /no workspace nowhere in .* \(it holds st-helens, st-helens-copy\)/],
      [['--workspace', workspace, '--at', 'yesterday-ish'], 2, /--at "yesterday-ish" is not a time/],
      [['--workspace', workspace, '--at', '2020-01-01T00:00:00Z'], 1, /--at 2020-01-01T00:00:00.000Z is outside the history kept for workspace st-helens: it can be restored to any moment from /],
      [['--workspace', workspace, '--at', '1h ago'], 1, /is outside the history kept/],
      [['--workspace', workspace, '--at', moment, '--as', workspace.toUpperCase()], 2, /--as "ST-HELENS" is not a workspace id/],
      [['--workspace', workspace, '--at', moment, '--as', 'st-helens-copy'], 1, /--as st-helens-copy: workspace st-helens-copy already exists/],
    ];
    for (const [args, code, message] of failures) {
      const result = await server.cli(['restore', ...args]);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toMatch(message);
    }
    expect(stored.logInfo(workspace).lastSeq).toBe(seqBefore);
    expect(stored.logInfo('st-helens-copy').lastSeq).toBe(copySeq);
    expect(stored.workspaces()).toEqual([workspace, 'st-helens-copy']);
    expect(project(storedDoc(server, workspace)).evidence).toHaveLength(0);

    // Once the window has passed, that moment is out of reach, and saying so changes nothing.
    await sleep(9000);
    const late = await server.cli(['restore', '--workspace', workspace, '--at', moment]);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/is outside the history kept for workspace st-helens/);
    expect(stored.logInfo(workspace).lastSeq).toBe(seqBefore);
    stored.close();
  }, 30_000);

  it('with no server running, writes the restore into the database, where the next server start finds it', async () => {
    const server = await startServer();
    const workspace = 'wsx-ilacs';
    const alice = await join(server, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(3), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(() => sameAs(before)(storedDoc(server, workspace)), 10_000, 'the clips stored');
    const moment = new Date().toISOString();
    collectionOf(alice.doc, 'evidence').clear();
    await eventually(() => project(storedDoc(server, workspace)).evidence.length === 0, 10_000, 'the clear stored');
    alice.destroy();
    await server.kill('SIGKILL'); // leaves its "running server" record behind: a dead pid, seen as such

    const restored = await server.cli(['restore', '--workspace', workspace, '--at', moment]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('into the database (no server running)');
    await server.restart();
    const bob = await join(server, workspace);
    expect(evidenceOf(bob.doc)).toBe(before);
  });
});

describe('evident-sync import while the server runs', () => {
  it('goes through the server: a client already in the empty workspace receives the import at once', async () => {
    const server = await startServer();
    const alice = await join(server, 'wsx-ilacs');
    fillWorkspace(alice.doc, 'wsx-ilacs', deterministicContext(createRandom(7), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(() => sameAs(before)(storedDoc(server, 'wsx-ilacs')), 10_000, 'the clips stored');
    const exported = await server.cli(['export', '--workspace', 'wsx-ilacs']);
    expect(exported.code, exported.stderr).toBe(0);
    const dir = mkdtempSync(joinPath(tmpdir(), 'evident-import-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = joinPath(dir, 'export.json');
    writeFileSync(file, exported.stdout);

    const carol = await join(server, 'wsx-ilacs-copy');
    const imported = await server.cli(['import', '--workspace', 'wsx-ilacs-copy', '--file', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('through the running server');
    await eventually(() => project(carol.doc).evidence.length === 4, 10_000, 'the import at carol');
    expect(evidenceOf(carol.doc)).toBe(evidenceOf(storedDoc(server, 'wsx-ilacs-copy')));
    const again = await server.cli(['import', '--workspace', 'wsx-ilacs-copy', '--file', file]);
    expect(again.stderr).toMatch(/workspace wsx-ilacs-copy is not empty/);
  });
});

describe('evident-sync backup and restore-backup', () => {
  it('backs up while clients write, and restores one workspace or all while clients are connected; into no database the backup becomes it', async () => {
    const server = await startServer();
    const dir = mkdtempSync(joinPath(tmpdir(), 'evident-backups-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const alice = await join(server, 'wsx-ilacs');
    const bob = await join(server, 'st-helens');
    fillWorkspace(alice.doc, 'wsx-ilacs', deterministicContext(createRandom(4), 'alice'));
    fillWorkspace(bob.doc, 'st-helens', deterministicContext(createRandom(5), 'bob'));
    const ilacs = evidenceOf(alice.doc);
    const helens = evidenceOf(bob.doc);
    await eventually(() => sameAs(ilacs)(storedDoc(server, 'wsx-ilacs')) && sameAs(helens)(storedDoc(server, 'st-helens')), 10_000, 'both stored');

    // Backups taken while alice keeps writing: each one a consistent copy.
    const ctx = deterministicContext(createRandom(6), 'alice');
    let writing = true;
    const writer = (async () => {
      // At most 20, so clearing them all later stays under the server's mass-delete refusal.
      for (let i = 0; writing && i < 20; i++) {
        saveClip(alice.doc, `Written during the backup, ${i}.`, ctx);
        await sleep(50);
      }
    })();
    const all = joinPath(dir, 'all.sqlite');
    const one = joinPath(dir, 'st-helens.sqlite');
    const whole = await server.cli(['backup', '--out', all]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout.trimEnd().split('\n').at(-1)).toBe(all);
    const single = await server.cli(['backup', '--workspace', 'st-helens', '--out', one]);
    expect(single.code, single.stderr).toBe(0);
    writing = false;
    await writer;
    expect((await server.cli(['backup', '--out', all])).stderr).toMatch(/already exists: a backup is written to a new file/);
    expect((await server.cli(['backup', '--workspace', 'nowhere', '--out', joinPath(dir, 'x.sqlite')])).stderr).toMatch(/no workspace nowhere/);
    expect(existsSync(joinPath(dir, 'x.sqlite'))).toBe(false);

    // Both workspaces emptied; the whole backup brings back each, through the server, to its clients.
    collectionOf(alice.doc, 'evidence').clear();
    collectionOf(bob.doc, 'evidence').clear();
    await eventually(() => project(storedDoc(server, 'wsx-ilacs')).evidence.length === 0 && project(storedDoc(server, 'st-helens')).evidence.length === 0, 10_000, 'the clears stored');
    const back = await server.cli(['restore-backup', '--from', all]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('2 workspaces restored');
    await eventually(() => sameAs(helens)(bob.doc), 10_000, 'st-helens back at bob');
    await eventually(() => project(alice.doc).evidence.length >= 4, 10_000, 'wsx-ilacs back at alice');
    const backedUp = evidenceOf(alice.doc);
    expect(JSON.parse(backedUp).filter((clip: { quote: string }) => !clip.quote.startsWith('Written during')).length).toBe(4);
    expect(evidenceOf(storedDoc(server, 'wsx-ilacs'))).toBe(backedUp);
    const restoredLine = project(bob.doc).activity.find((a) => a.kind === 'workspace.restored');
    expect(restoredLine!.summary).toContain('from backup all.sqlite taken ');

    // One workspace from its own backup, as a new one; an existing target is refused.
    const asNew = await server.cli(['restore-backup', '--from', one, '--workspace', 'st-helens', '--as', 'st-helens-2024']);
    expect(asNew.code, asNew.stderr).toBe(0);
    expect(evidenceOf(storedDoc(server, 'st-helens-2024'))).toBe(helens);
    const clash = await server.cli(['restore-backup', '--from', one, '--workspace', 'st-helens', '--as', 'wsx-ilacs']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/--as wsx-ilacs: workspace wsx-ilacs already exists/);
    expect((await server.cli(['restore-backup', '--from', one, '--workspace', 'wsx-ilacs'])).stderr).toMatch(/holds no workspace wsx-ilacs \(it holds st-helens\)/);
    expect((await server.cli(['restore-backup', '--from', joinPath(dir, 'missing.sqlite')])).stderr).toMatch(/no backup at/);

    // Disaster: the database is gone. Into no database, the whole backup becomes it, secret included.
    const fresh = joinPath(dir, 'fresh', 'evident.sqlite');
    const installed = await cliOn(fresh, ['restore-backup', '--from', all]);
    expect(installed.code, installed.stderr).toBe(0);
    const db = openSqliteStore(fresh);
    expect(db.workspaces()).toEqual(['st-helens', 'wsx-ilacs']);
    expect(db.runningServer()).toBeNull();
    expect(evidenceOf(docOfStore(db, 'st-helens'))).toBe(helens);
    db.close();
  }, 60_000);
});

function docOfStore(store: { loadDoc(workspace: string): { snapshot: Uint8Array | null; updates: Uint8Array[] } }, workspace: string): Y.Doc {
  const { snapshot, updates } = store.loadDoc(workspace);
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** `evident-sync <args> --db <db>` as its own process, on a database no server runs on. */
function cliOn(db: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = resolve(import.meta.dirname, '../../sync-server/bin/evident-sync.mjs');
  return new Promise((done) =>
    execFile(process.execPath, [bin, ...args, '--db', db], (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })),
  );
}
