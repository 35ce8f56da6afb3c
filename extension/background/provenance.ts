import { sha256Hex } from '../../shared/anchoring/pdf-identity';
import type { ClipMessage } from '../../shared/protocol/messages';
import type { ClipInput } from '../../shared/workspace/capture';

const utf8 = new TextEncoder();

/**
 * A clip as the workspace records it, with its snapshot's SHA-256: a web page's text is hashed here,
 * never taken on the page's word; a PDF's snapshot carries the hash of the file's bytes the viewer
 * read. A snapshot of the wrong kind for its source is dropped rather than trusted.
 */
export async function withProvenance(clip: ClipMessage): Promise<ClipInput> {
  const { snapshot, ...rest } = clip;
  if (!snapshot || snapshot.kind !== clip.source.kind) return rest;
  if (snapshot.kind === 'pdf') {
    const sha256 = clip.source.pdf?.sha256;
    return sha256 ? { ...rest, snapshot: { ...snapshot, sha256 } } : rest;
  }
  return { ...rest, snapshot: { ...snapshot, pageStarts: null, sha256: await sha256Hex(utf8.encode(snapshot.text)) } };
}
