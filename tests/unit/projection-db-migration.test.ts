import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROJECTED_TABLES, ProjectionDb, projectionDbName } from '../../extension/db/projection-db';
import { Projector } from '../../extension/db/projector';
import { migrateWorkspaceDoc, project } from '../../shared/workspace';

/** The projection database as version 1 of Evident declared it (before plans), for a workspace. */
function openVersion1(workspaceId: string): Dexie {
  const db = new Dexie(projectionDbName(workspaceId));
  db.version(1).stores({
    evidence: 'id, sourceId, sourceUrl, quoteKey, council, documentType, documentDate, createdAt, status, deleted, seq, *tagIds, *actionIds',
    sources: 'id, url, council, documentType, documentDate',
    tags: 'id, name',
    recommendations: 'id, planId, order',
    actions: 'id, planId, recommendationId, order',
    activity: 'id, at, entityId, kind',
    meta: 'key',
  });
  return db;
}

async function contents(db: ProjectionDb) {
  const out: Record<string, unknown[]> = {};
  for (const t of PROJECTED_TABLES) {
    out[t] = ((await db[t].toArray()) as Array<{ id: string; seq?: number }>).map(({ seq: _s, ...row }) => row).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return out;
}

describe('the local projection database, upgraded from version 1 with data in it', () => {
  it('opens at the current version, drops the stale checkpoint, and is rebuilt to equal the doc\'s projection', async () => {
    const workspace = 'dexie-v1';
    const doc = new Y.Doc();
    Y.applyUpdate(doc, readFileSync(new URL('../fixtures/workspaces/workspace-v1.yjs', import.meta.url)));
    migrateWorkspaceDoc(doc, workspace);

    // What version 1 held: its rows (without plans or any field added since) and a checkpoint.
    const old = openVersion1(workspace);
    await old.open();
    const v1Rows = project(doc);
    await old.table('evidence').bulkPut(v1Rows.evidence.map(({ snapshotSpan: _s, uncertainFields: _u, ...row }) => ({ ...row, v: 1, seq: 1 })));
    await old.table('sources').bulkPut(v1Rows.sources.map(({ sha256: _h, snapshotAt: _a, fieldSources: _f, corrections: _c, ...row }) => ({ ...row, v: 1, seq: 1 })));
    await old.table('meta').put({ key: 'checkpoint', value: Y.encodeSnapshotV2(Y.snapshot(doc)) });
    expect(old.verno).toBe(1);
    old.close();

    const db = new ProjectionDb(workspace);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.meta.get('checkpoint')).toBeUndefined(); // rows of an older shape are not trusted
    expect(await db.evidence.count()).toBe(2); // the data is still there until the rebuild
    expect(await db.plans.count()).toBe(0); // a table version 1 did not have

    const projector = new Projector(doc, db);
    await projector.attach();
    const { problems, ...expected } = project(doc);
    expect(problems).toEqual([]);
    expect(await contents(db)).toEqual(expected);
    expect((await db.sources.toArray()).every((s) => s.v === 3)).toBe(true);
    projector.detach();
    db.close();
  });
});
