import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectionOf, project } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { saveClip } from './helpers/clips';
import { activityKinds, evidenceOf, fillWorkspace, sameAs } from './helpers/restore-fixture';
import { runCli, startScaleOutServers, useScaleOutInfrastructure, type ScaleOutServers } from './helpers/scale-out-servers';
import { eventually } from './helpers/sync-clients';
import { joinAsEditor } from './helpers/test-cleanups';

/**
 * `history` and `restore` with EVIDENT_DATABASE_URL set: they read the retention window PostgreSQL
 * keeps, and a restore is one new update committed to the shared log, announced over Redis, so the
 * clients of every instance follow it; with one instance and no Redis, the instance finds it by
 * comparing heads.
 */
const { postgres, redis, cleanups } = useScaleOutInfrastructure();

const join = (servers: ScaleOutServers, instance: number, workspace: string) =>
  joinAsEditor({ url: servers.instances[instance]!.url, mint: servers.mint }, workspace, cleanups);

/** The moment between two commits, by this machine's clock (the instances' and PostgreSQL's). */
async function momentNow(): Promise<string> {
  await sleep(20);
  const at = new Date().toISOString();
  await sleep(20);
  return at;
}

describe('evident-sync history and restore on PostgreSQL', () => {
  it('an editor clears the evidence map; a restore brings back every clip, link, tag and note on both instances\u2019 clients at once, and in PostgreSQL', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(2, { databaseUrl, redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    const workspace = 'pg-ilacs';
    const alice = await join(servers, 0, workspace);
    const bob = await join(servers, 1, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(7), 'alice'));
    const before = evidenceOf(alice.doc);
    expect(project(alice.doc).evidence).toHaveLength(4);
    await eventually(async () => sameAs(before)(bob.doc) && sameAs(before)(await servers.storedDoc(workspace)), 10_000, 'the clips at bob and in PostgreSQL');
    const beforeTheClear = await momentNow();

    // A buggy or hostile editor on the other instance empties the evidence map: a raw Y.Map.clear().
    collectionOf(bob.doc, 'evidence').clear();
    await eventually(async () => project(alice.doc).evidence.length === 0 && project(await servers.storedDoc(workspace)).evidence.length === 0, 10_000, 'the clear everywhere');

    const env = { EVIDENT_DATABASE_URL: databaseUrl, EVIDENT_REDIS_URL: redis().url };
    const listed = await runCli(['history', '--workspace', workspace, '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const history = JSON.parse(listed.stdout) as { database: string; points: Array<{ at: string; clips: number }> };
    expect(history.database).toMatch(/^postgres:\/\//);
    expect(history.points.at(-1)!.clips).toBe(0);
    expect(history.points.some((p) => p.clips === 4)).toBe(true);
    const table = await runCli(['history', '--workspace', workspace], env);
    expect(table.stdout).toMatch(/restorable to any moment from \S+ to now/);

    const restored = await runCli(['restore', '--workspace', workspace, '--at', beforeTheClear, '--by', 'Sam Admin'], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('announced to the server instances over Redis');
    expect(restored.stdout).toContain('clips: 4 back, 0 removed, 0 changed');
    // Announced: the instances apply it from the stream, not at their next head comparison (5 s).
    await eventually(() => sameAs(before)(alice.doc) && sameAs(before)(bob.doc), 4_000, 'the clips back at both clients, from the stream');

    const line = project(bob.doc).activity.find((a) => a.kind === 'workspace.restored');
    expect(line).toMatchObject({ actor: { id: 'server-admin:Sam Admin' }, entityId: workspace });
    expect(line!.summary).toContain(`as it was at ${beforeTheClear}`);
    expect(activityKinds(bob.doc).filter((k) => k === 'evidence.created')).toHaveLength(4);
    expect(evidenceOf(await servers.storedDoc(workspace))).toBe(before);

    // Editing goes on after the restore, on both instances, in one sequence.
    saveClip(bob.doc, 'Written after the restore.', deterministicContext(createRandom(8), 'bob'));
    await eventually(() => project(alice.doc).evidence.length === 5, 10_000, 'an edit after the restore reaching the other instance');
  }, 60_000);

  it('restores --as a new workspace, and refuses bad input without writing anything', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(1, { databaseUrl, redisUrl: redis().url });
    cleanups.push(() => servers.dispose());
    const alice = await join(servers, 0, 'pg-source');
    fillWorkspace(alice.doc, 'pg-source', deterministicContext(createRandom(9), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(async () => sameAs(before)(await servers.storedDoc('pg-source')), 10_000, 'the clips in PostgreSQL');
    const moment = await momentNow();
    collectionOf(alice.doc, 'evidence').clear();
    await eventually(async () => project(await servers.storedDoc('pg-source')).evidence.length === 0, 10_000, 'the clear stored');

    const env = { EVIDENT_DATABASE_URL: databaseUrl, EVIDENT_REDIS_URL: redis().url };
    const copy = await runCli(['restore', '--workspace', 'pg-source', '--at', moment, '--as', 'pg-copy'], env);
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toContain('as workspace pg-copy');
    expect(evidenceOf(await servers.storedDoc('pg-copy'))).toBe(before);
    expect(project(await servers.storedDoc('pg-source')).evidence).toHaveLength(0);

    // [arguments, exit code (2: the command line itself is wrong), why]
    const refusals: Array<[string[], number, RegExp]> = [
      [['--workspace', 'nobody', '--at', moment], 1, /no workspace nobody in postgres:\/\/\S+ \(it holds pg-copy, pg-source\)/],
      [['--workspace', 'pg-source', '--at', 'yesterday-ish'], 2, /--at "yesterday-ish"/],
      [['--workspace', 'pg-source', '--at', '2001-01-01T00:00:00Z'], 1, /outside the history kept for workspace pg-source/],
      [['--workspace', 'pg-source', '--at', moment, '--as', 'pg-copy'], 1, /workspace pg-copy already exists/],
    ];
    for (const [args, code, why] of refusals) {
      const seqBefore = (await runCli(['list'], env)).stdout;
      const refused = await runCli(['restore', ...args], env);
      expect(refused.code, refused.stderr).toBe(code);
      expect(refused.stderr).toMatch(why);
      expect((await runCli(['list'], env)).stdout).toBe(seqBefore);
    }
  }, 60_000);

  it('with one instance and no Redis, a restore reaches the connected client at the instance\u2019s next comparison of heads', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const servers = await startScaleOutServers(1, { databaseUrl, redisUrl: null });
    cleanups.push(() => servers.dispose());
    const workspace = 'pg-alone';
    const alice = await join(servers, 0, workspace);
    fillWorkspace(alice.doc, workspace, deterministicContext(createRandom(10), 'alice'));
    const before = evidenceOf(alice.doc);
    await eventually(async () => sameAs(before)(await servers.storedDoc(workspace)), 10_000, 'the clips in PostgreSQL');
    const moment = await momentNow();
    collectionOf(alice.doc, 'evidence').clear();
    await eventually(async () => project(await servers.storedDoc(workspace)).evidence.length === 0, 10_000, 'the clear stored');

    const restored = await runCli(['restore', '--workspace', workspace, '--at', moment], { EVIDENT_DATABASE_URL: databaseUrl });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('server instances with the workspace open send it to their clients within about 10 s');
    // Heads are compared every 5 s; a document behind one seen a round earlier catches up: two rounds at most.
    await eventually(() => sameAs(before)(alice.doc), 15_000, 'the clips back at the connected client');
    // The instance's own next commit numbers after the restore's row: nothing is overwritten or skipped.
    saveClip(alice.doc, 'Written after the restore.', deterministicContext(createRandom(11), 'alice'));
    await eventually(async () => project(await servers.storedDoc(workspace)).evidence.length === 5, 10_000, 'the next edit stored after the restore');
  }, 60_000);
});
