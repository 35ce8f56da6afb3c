import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { clipsDestroyedBy, protectedItemsDeletedBy, type DecodedUpdate } from '../../shared/workspace/evidence-removal';

type DeleteRanges = Map<number, Array<{ clock: number; len: number }>>;

export interface RebuiltReplica {
  /** The whole rebuilt doc, as one update: the server's state plus what of ours could be kept. */
  update: Uint8Array;
  /** Whether this browser's edits the server did not have were kept (false: only the server's state). */
  keptLocalEdits: boolean;
  /** How many clips this browser's copy had removed that the rebuilt copy holds again. */
  clipsBack: number;
}

/** A delete set as Yjs writes it in a v1 update (`writeDeleteSet` with DSEncoderV1): clients in descending order. */
function encodeDeleteSetV1(ranges: DeleteRanges): Uint8Array {
  const encoder = encoding.createEncoder();
  const clients = [...ranges].filter(([, list]) => list.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, list] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const { clock, len } of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** `ranges` without the clocks `[clock, clock + len)` of `client`. */
function withoutRange(ranges: DeleteRanges, client: number, clock: number, len: number): void {
  const list = ranges.get(client);
  if (!list) return;
  const end = clock + len;
  ranges.set(
    client,
    list.flatMap((r) => {
      const rEnd = r.clock + r.len;
      if (rEnd <= clock || r.clock >= end) return [r];
      const kept = [];
      if (r.clock < clock) kept.push({ clock: r.clock, len: clock - r.clock });
      if (rEnd > end) kept.push({ clock: end, len: rEnd - end });
      return kept;
    }),
  );
}

/**
 * The items inside a clip's entry, as the server holds them now: removing the entry deleted all of
 * them too (Yjs deletes a type's content with it), so keeping the clip means keeping them. A field
 * this browser deleted on purpose before is kept as well: where the two cannot be told apart, the
 * server's copy wins.
 */
function* itemsInside(item: Y.Item): Generator<Y.Item> {
  if (!(item.content instanceof Y.ContentType)) return;
  const type = item.content.type;
  for (const child of type._map.values()) {
    if (child.deleted) continue;
    yield child;
    yield* itemsInside(child);
  }
  for (let child = type._start; child !== null; child = child.right) {
    if (child.deleted) continue;
    yield child;
    yield* itemsInside(child);
  }
}

const endsWith = (bytes: Uint8Array, suffix: Uint8Array) =>
  bytes.length >= suffix.length && suffix.every((b, i) => bytes[bytes.length - suffix.length + i] === b);

/**
 * What this browser's copy has that the server does not, minus its removals of clips the server
 * still holds: the structs the server lacks, and the local delete set without those removals. Null
 * when the update Yjs writes does not end with the delete set as expected (a doc holding updates it
 * could not apply yet): then nothing of ours can be separated safely.
 */
function localEditsWithoutClipRemovals(local: Y.Doc, server: Y.Doc): { update: Uint8Array; clipsBack: number } | null {
  const update = Y.encodeStateAsUpdate(local, Y.encodeStateVector(server));
  const deleteSet = Y.createDeleteSetFromStructStore(local.store) as DecodedUpdate['ds'];
  const ranges: DeleteRanges = new Map([...deleteSet.clients].map(([client, list]) => [client, list.map(({ clock, len }) => ({ clock, len }))]));
  const written = encodeDeleteSetV1(ranges);
  if (!endsWith(update, written)) return null;
  const removals = protectedItemsDeletedBy(server, deleteSet);
  for (const { item } of removals) {
    for (const kept of [item, ...itemsInside(item)]) withoutRange(ranges, kept.id.client, kept.id.clock, kept.length);
  }
  const structs = update.subarray(0, update.length - written.length);
  const kept = encodeDeleteSetV1(ranges);
  const out = new Uint8Array(structs.length + kept.length);
  out.set(structs);
  out.set(kept, structs.length);
  return { update: out, clipsBack: new Set(removals.map((r) => r.evidenceId)).size };
}

/**
 * A new replica for a browser whose update the server refused for destroying clips: the server's
 * state (so nothing it stored is lost), plus this browser's edits the server never had, except the
 * removal of clips the server holds. If what is left would still destroy a clip (a clip replaced
 * rather than removed), or cannot be separated, the server's state alone: a refused change must not
 * come back on the next sync. `server` is consumed (the rebuilt state is written into it).
 */
export function rebuildReplica(local: Y.Doc, server: Y.Doc): RebuiltReplica {
  const ours = localEditsWithoutClipRemovals(local, server);
  const isSafe = ours !== null && clipsDestroyedBy(server, Y.decodeUpdate(ours.update)).size === 0;
  if (ours && isSafe) Y.applyUpdate(server, ours.update);
  return { update: Y.encodeStateAsUpdate(server), keptLocalEdits: isSafe, clipsBack: isSafe ? ours.clipsBack : 0 };
}
