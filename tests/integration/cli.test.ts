import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inviteLink, peekInviteClaims } from '../../shared/protocol/sync';
import { exportWorkspace, migrateWorkspaceDoc } from '../../shared/workspace';
import { verifyInvite } from '../../sync-server/auth/tokens';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { createRandom } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'sync-server/bin/evident-sync.mjs');
let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-cli-'));
  db = join(dir, 'data', 'evident.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command line as its own process, the way an operator would. */
function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const childEnv = { ...process.env, ...env };
    if (!('EVIDENT_SECRET' in env)) delete childEnv.EVIDENT_SECRET;
    execFile(file, args, { cwd: ROOT, env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
const cli = (args: string[], env?: Record<string, string>) => run(process.execPath, [BIN, ...args], env);
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

async function storeSecret(): Promise<{ secret: Uint8Array; isRevoked: (jti: string) => boolean; close(): void }> {
  const store = openSqliteStore(db);
  return { secret: store.secret(), isRevoked: (jti) => store.isRevoked(jti), close: () => store.close() };
}

describe('evident-sync invite', () => {
  it('prints the link form and, as its last line, a token signed with the database secret', async () => {
    const result = await cli(['invite', '--db', db, '--workspace', 'wsx-ilacs', '--role', 'editor', '--expires', '12h']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const token = lastLine(result.stdout);
    expect(result.stdout).toContain(inviteLink('ws://127.0.0.1:1234', token));
    const store = await storeSecret();
    const verified = await verifyInvite(store.secret, token, store.isRevoked);
    store.close();
    expect(verified).toMatchObject({ ok: true, value: { ws: 'wsx-ilacs', role: 'editor' } });
    if (verified.ok) expect(verified.value.exp - verified.value.iat).toBe(12 * 3600);
  });

  it('refuses an EVIDENT_SECRET shorter than 32 bytes, saying how to make one', async () => {
    const result = await cli(['invite', '--db', db, '--workspace', 'st-helens', '--role', 'editor'], { EVIDENT_SECRET: 'password123' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EVIDENT_SECRET is 11 bytes long; it must be at least 32 bytes');
    expect(result.stderr).toContain('openssl rand');
    expect(result.stdout).toBe('');
  });

  it('uses the --server given in the link, and EVIDENT_SECRET as the key when it is set', async () => {
    const env = { EVIDENT_SECRET: 'a secret from the environment, 32 bytes or more' };
    const args = ['invite', '--db', db, '--workspace', 'st-helens', '--role', 'reviewer', '--server', 'wss://sync.example.org'];
    const result = await cli(args, env);
    expect(result.code).toBe(0);
    const token = lastLine(result.stdout);
    expect(result.stdout).toContain(inviteLink('wss://sync.example.org', token));
    const key = new Uint8Array(createHash('sha256').update(env.EVIDENT_SECRET, 'utf8').digest());
    expect(await verifyInvite(key, token, () => false)).toMatchObject({ ok: true, value: { ws: 'st-helens', role: 'reviewer' } });
    const store = await storeSecret();
    expect(await verifyInvite(store.secret, token, store.isRevoked)).toEqual({ ok: false, error: 'bad-signature' });
    store.close();
  });

  it.each([
    ['a role that does not exist', ['--workspace', 'wsx-ilacs', '--role', 'admin'], /--role "admin"/],
    ['a duration it cannot read', ['--workspace', 'wsx-ilacs', '--role', 'editor', '--expires', 'soon'], /--expires: "soon"/],
    ['a workspace id with capitals', ['--workspace', 'WSX_ilacs', '--role', 'editor'], /--workspace "WSX_ilacs" is not a workspace id/],
    ['no workspace', ['--role', 'editor'], /missing --workspace/],
    ['an unknown flag', ['--workspace', 'wsx-ilacs', '--role', 'editor', '--admin'], /Unknown option '--admin'/],
  ])('exits 2 on %s, naming the flag', async (_case, args, message) => {
    const result = await cli(['invite', '--db', db, ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
  });

  it('exits 2 on an unknown command', async () => {
    const result = await cli(['invent', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "invent"/);
  });
});

describe('evident-sync revoke', () => {
  it.each(['--token', '--id'])('revokes by %s: the token no longer verifies', async (flag) => {
    const minted = await cli(['invite', '--db', db, '--workspace', 'wsx-ilacs', '--role', 'reviewer']);
    const token = lastLine(minted.stdout);
    const value = flag === '--token' ? token : peekInviteClaims(token)!.jti;
    const result = await cli(['revoke', '--db', db, flag, value, '--reason', 'left the team']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Revoked invite \w+ \(workspace wsx-ilacs, reviewer\)/);
    const store = await storeSecret();
    expect(await verifyInvite(store.secret, token, store.isRevoked)).toEqual({ ok: false, error: 'revoked' });
    store.close();
    const listed = await cli(['list', '--db', db]);
    expect(listed.stdout).toMatch(new RegExp(`${peekInviteClaims(token)!.jti}\\s+wsx-ilacs\\s+reviewer.*revoked .*\\(left the team\\)`));
  });

  it('exits 2 when given neither --token nor --id', async () => {
    const result = await cli(['revoke', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/one of --token or --id/);
  });
});

describe('evident-sync import and export', () => {
  it('round-trips a workspace export through the database', async () => {
    const random = createRandom(20260101);
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'wsx-cyps');
    const ctx = deterministicContext(random);
    for (let i = 0; i < 150; i++) applyRandomMutation(doc, ctx, random);
    const original = exportWorkspace(doc, 'wsx-cyps', '2026-01-01T00:00:00.000Z');
    expect(original.evidence.length).toBeGreaterThan(5);
    const file = join(dir, 'wsx-cyps.json');
    writeFileSync(file, JSON.stringify(original));

    const imported = await cli(['import', '--db', db, '--workspace', 'wsx-cyps', '--file', file]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    const exported = await cli(['export', '--db', db, '--workspace', 'wsx-cyps']);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const roundTripped = JSON.parse(exported.stdout);
    expect({ ...roundTripped, exportedAt: original.exportedAt }).toEqual(original);

    const again = await cli(['import', '--db', db, '--workspace', 'wsx-cyps', '--file', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/workspace wsx-cyps is not empty/);
    expect((await cli(['list', '--db', db])).stdout).toMatch(/wsx-cyps\s+log 1 update \(/);
  });

  it('fails with exit 1 on a workspace with nothing stored, or a database that does not exist', async () => {
    const empty = await cli(['export', '--db', db, '--workspace', 'nobody-here']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/workspace nobody-here has nothing stored/);
    const missing = await cli(['export', '--db', join(dir, 'missing.sqlite'), '--workspace', 'wsx-cyps']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at .*missing\.sqlite/);
  });
});

describe('the evident-sync bin', () => {
  it.each([
    ['npm run sync-server --', 'npm', ['run', '--silent', 'sync-server', '--', 'help']],
    ['npx evident-sync', 'npx', ['--no-install', 'evident-sync', 'help']],
  ])('runs as `%s`', async (_how, file, args) => {
    const result = await run(file, args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: evident-sync <command>/);
    for (const command of ['serve', 'invite', 'revoke', 'export', 'import', 'list']) expect(result.stdout).toContain(`  ${command}`);
  });

  // server.ts is written separately; this runs once it exists.
  it.each(['SIGTERM', 'SIGINT'] as const)('serve shuts down gracefully on %s and exits 0', async (signal) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'serve', 'evident.sqlite')], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (/serving ws:\/\//.test(stdout)) ready();
      });
      child.on('exit', (code) => fail(new Error(`serve exited ${code} before serving: ${stdout}`)));
    });
    // At once: the CLI listens for signals before it says it is serving.
    child.kill(signal);
    const [code, killedBy] = await new Promise<[number | null, string | null]>((exited) => child.on('exit', (c, s) => exited([c, s])));
    expect({ code, killedBy }, stdout + stderr).toEqual({ code: 0, killedBy: null });
    expect(stderr).toContain(`${signal}, shutting down`);
  });
});
