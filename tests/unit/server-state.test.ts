import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesAfter } from '../../extension/background/server-state';
import { createTag, migrateWorkspaceDoc } from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

describe('changes the server has not confirmed, from the state it last said it had', () => {
  it('counts every change when the server never answered, none when it has them all, and those after', () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'ws');
    const ctx = deterministicContext(createRandom(1), 'alex');
    for (const name of ['Care leavers', 'Supervision', 'Workforce']) createTag(doc, ctx, { name });
    expect(changesAfter(doc, null)).toBe(3);
    const serverHas = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect(changesAfter(doc, serverHas)).toBe(0);
    createTag(doc, ctx, { name: 'Audit' });
    createTag(doc, ctx, { name: 'Voice of the child' });
    expect(changesAfter(doc, serverHas)).toBe(2);
  });

  it('counts a teammate\'s changes the server sent as confirmed, and this browser\'s as not', () => {
    const server = new Y.Doc();
    createTag(server, deterministicContext(createRandom(2), 'sam'), { name: 'Governance' });
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(server));
    const serverHas = Y.decodeStateVector(Y.encodeStateVector(server));
    createTag(mine, deterministicContext(createRandom(3), 'alex'), { name: 'Permanence' });
    expect(changesAfter(mine, serverHas)).toBe(1);
  });
});
