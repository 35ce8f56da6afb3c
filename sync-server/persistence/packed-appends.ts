/**
 * Updates on their way to the committer thread, packed into one buffer. Posting an array of
 * `{ workspace, update }` objects makes structured clone walk every object and copy every update
 * into an ArrayBuffer of its own: at a few thousand updates a second that was 7 % of the main
 * thread. Packed, a batch is one copy here and three transferred buffers, whatever its length.
 */
export interface PackedAppends {
  /** Each workspace named once. */
  workspaces: string[];
  /** Per update: its workspace's index in `workspaces`. */
  workspaceOf: Uint32Array;
  /** Per update: where it ends in `bytes` (it starts where the one before ends). */
  ends: Uint32Array;
  bytes: Uint8Array;
}

export interface Append {
  workspace: string;
  update: Uint8Array;
}

export function packAppends(appends: readonly Append[]): PackedAppends {
  const workspaces: string[] = [];
  const indexOf = new Map<string, number>();
  const workspaceOf = new Uint32Array(appends.length);
  const ends = new Uint32Array(appends.length);
  let total = 0;
  appends.forEach(({ workspace, update }, i) => {
    let index = indexOf.get(workspace);
    if (index === undefined) {
      index = workspaces.push(workspace) - 1;
      indexOf.set(workspace, index);
    }
    workspaceOf[i] = index;
    total += update.byteLength;
    ends[i] = total;
  });
  const bytes = new Uint8Array(total);
  appends.forEach(({ update }, i) => bytes.set(update, i === 0 ? 0 : ends[i - 1]));
  return { workspaces, workspaceOf, ends, bytes };
}

/** The buffers to transfer (not copy) with a posted batch. */
export const packedBuffers = (packed: PackedAppends): ArrayBuffer[] => [packed.workspaceOf.buffer, packed.ends.buffer, packed.bytes.buffer] as ArrayBuffer[];

/** The updates as views into the packed bytes (no copy), in order. */
export function unpackAppends({ workspaces, workspaceOf, ends, bytes }: PackedAppends): Append[] {
  return Array.from(ends, (end, i) => ({ workspace: workspaces[workspaceOf[i]!]!, update: bytes.subarray(i === 0 ? 0 : ends[i - 1], end) }));
}
