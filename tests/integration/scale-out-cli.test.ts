import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportWorkspace, migrateWorkspaceDoc, project } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { runCli, startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * The operator's commands with EVIDENT_DATABASE_URL set, each as its own process: export, import and
 * list work on PostgreSQL (an import reaches the clients of a running instance); backup and
 * restore-backup refuse, naming PostgreSQL's own tools instead (history and restore:
 * scale-out-restore.test.ts).
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-pg-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A workspace export of 150 random edits, written to a file. */
function exportFile(workspace: string, seed: number): { file: string; original: ReturnType<typeof exportWorkspace> } {
  const random = createRandom(seed);
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, workspace);
  const ctx = deterministicContext(random);
  for (let i = 0; i < 150; i++) applyRandomMutation(doc, ctx, random);
  const original = exportWorkspace(doc, workspace, '2026-01-01T00:00:00.000Z');
  const file = join(dir, `${workspace}-${seed}.json`);
  writeFileSync(file, JSON.stringify(original));
  return { file, original };
}

describe('export, import and list on PostgreSQL', () => {
  it('round-trips a workspace export through PostgreSQL; a second import is refused; list shows the workspace and invites', async () => {
    const env = { EVIDENT_DATABASE_URL: await postgres.freshDatabase(), EVIDENT_SECRET: 'a-test-secret-of-at-least-32-bytes-long' };
    const { file, original } = exportFile('pg-cyps', 20260102);
    expect(original.evidence.length).toBeGreaterThan(5);

    const imported = await runCli(['import', '--workspace', 'pg-cyps', '--file', file], env);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Imported \d+ records from .* into workspace pg-cyps \(\d+ bytes, postgres:\/\//);
    const exported = await runCli(['export', '--workspace', 'pg-cyps'], env);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect({ ...JSON.parse(exported.stdout), exportedAt: original.exportedAt }).toEqual(original);

    const again = await runCli(['import', '--workspace', 'pg-cyps', '--file', file], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/workspace pg-cyps is not empty in postgres:\/\/.* \(1 updates stored\)/);
    const nothing = await runCli(['export', '--workspace', 'nobody-here'], env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/workspace nobody-here has nothing stored in postgres:\/\//);

    const invited = await runCli(['invite', '--workspace', 'pg-cyps', '--role', 'reviewer'], env);
    expect(invited.code).toBe(0);
    const listed = await runCli(['list'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(/Workspaces in postgres:\/\/[^\n]*: 1\n {2}pg-cyps\s+log 1 update \([\d.]+ kB\), last seq 1; no snapshot/);
    expect(listed.stdout).toMatch(/Invites: 1\n {2}\S+ {2}pg-cyps {2}reviewer {2}expires \S+ {2}active/);
  });

  it('an import while two instances serve reaches a client already in the (empty) workspace on either instance', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    const waiting: SyncClient[] = [];
    for (const instance of servers.instances) {
      const client = connectClient(instance.url, 'pg-live', (await servers.mint('pg-live', 'editor')).token);
      cleanups.push(() => client.destroy());
      waiting.push(client);
    }
    await Promise.all(waiting.map((client) => client.synced));

    const { file, original } = exportFile('pg-live', 20260103);
    const imported = await runCli(['import', '--workspace', 'pg-live', '--file', file], { EVIDENT_DATABASE_URL: databaseUrl, EVIDENT_REDIS_URL: redis().url });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain('announced to the server instances over Redis');
    for (const [i, client] of waiting.entries()) {
      // Announced on the document's stream: the instances apply it at once, not at their next comparison of heads (5 s).
      await eventually(() => project(client.doc).evidence.length === original.evidence.length, 3_000, `the client on instance ${i} to hold the import`);
    }
    const exported = await runCli(['export', '--workspace', 'pg-live'], { EVIDENT_DATABASE_URL: databaseUrl });
    expect({ ...JSON.parse(exported.stdout), exportedAt: original.exportedAt }).toEqual(original);
  }, 60_000);
});

describe('backups on PostgreSQL', () => {
  it.each([
    ['backup', [], /pg_dump --format=custom/],
    ['restore-backup', ['--from', '/nonexistent.sqlite'], /pg_restore .* evident-sync import/],
  ])('%s refuses with EVIDENT_DATABASE_URL set, naming what to use instead', async (command, args, alternative) => {
    const result = await runCli([command, ...args], { EVIDENT_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/unused' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^evident-sync ${command}: ${command} works on a SQLite database \\(--db\\) only, and EVIDENT_DATABASE_URL is set`));
    expect(result.stderr).toMatch(alternative);
    expect(result.stderr).toContain(`To ${command} a SQLite file, run it without EVIDENT_DATABASE_URL.`);
  });
});
