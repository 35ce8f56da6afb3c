import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packAppends, packedBuffers, unpackAppends } from '../../sync-server/persistence/packed-appends';

describe('updates packed for the committer thread', () => {
  it('unpack to the same workspaces and bytes, in order, for any batch (empty updates and empty batches too)', () => {
    const append = fc.record({ workspace: fc.constantFrom('wsx-a', 'wsx-b', 'wsx-ilacs'), update: fc.uint8Array({ maxLength: 40 }) });
    fc.assert(
      fc.property(fc.array(append, { maxLength: 30 }), (appends) => {
        const packed = packAppends(appends);
        const unpacked = unpackAppends(structuredClone(packed, { transfer: packedBuffers(packed) }));
        expect(unpacked.map((a) => ({ workspace: a.workspace, update: Array.from(a.update) }))).toEqual(
          appends.map((a) => ({ workspace: a.workspace, update: Array.from(a.update) })),
        );
      }),
    );
  });

  it('names each workspace once', () => {
    const update = new Uint8Array([1, 2, 3]);
    const packed = packAppends([{ workspace: 'wsx-a', update }, { workspace: 'wsx-b', update }, { workspace: 'wsx-a', update }]);
    expect(packed.workspaces).toEqual(['wsx-a', 'wsx-b']);
    expect(Array.from(packed.workspaceOf)).toEqual([0, 1, 0]);
  });
});
