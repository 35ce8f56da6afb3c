import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocPersistence } from '../../extension/background/doc-store';

describe('loading the workspace doc from IndexedDB', () => {
  it('loads the stored state, and stores edits made after loading', async () => {
    const first = new Y.Doc();
    const p1 = await loadDocPersistence('load-1', first);
    first.getMap('evidence').set('ev_1', 'stored before');
    await new Promise((r) => setTimeout(r, 50));
    await p1.destroy();

    const second = new Y.Doc();
    let updateEventsDuringLoad = 0;
    second.on('update', () => updateEventsDuringLoad++);
    const p2 = await loadDocPersistence('load-1', second);
    expect(second.getMap('evidence').get('ev_1')).toBe('stored before');
    updateEventsDuringLoad = 0;
    second.getMap('evidence').set('ev_2', 'stored after load');
    await new Promise((r) => setTimeout(r, 50));
    await p2.destroy();
    expect(updateEventsDuringLoad).toBe(1);

    const third = new Y.Doc();
    const p3 = await loadDocPersistence('load-1', third);
    expect(third.getMap('evidence').toJSON()).toEqual({ ev_1: 'stored before', ev_2: 'stored after load' });
    await p3.destroy();
  });
});
