import type { PackClip, PackModel, PackSource } from '../types';
import { codePointLength, codePointOffsets } from './code-points';
import { guidFor } from './guid';

/** A clip's place in a text, in code points, end exclusive: [...text].slice(start, end) is the passage. */
export interface PlacedClip {
  clip: PackClip;
  start: number;
  end: number;
}

/** One TextSource of the project: its text file and the clips coded in it. */
export interface QdaTextSource {
  guid: string;
  name: string;
  text: string;
  /** The document it stands for; null for clips whose source the workspace no longer has. */
  source: PackSource | null;
  /**
   * 'snapshot': the text Evident kept when the document was first clipped, as it is.
   * 'quotes': a text made of the clips' quotes, one paragraph each, for clips that cannot be placed in
   * a kept text (the document has none, or the passage is not in it).
   */
  kind: 'snapshot' | 'quotes';
  clips: PlacedClip[];
}

const QUOTE_SEPARATOR = '\n\n';

/**
 * Each source's text and where its clips sit in it. A clip with a checked span (PackClip.snapshotSpan)
 * is placed there; one without is looked for by its exact quote. Clips that cannot be placed in a kept
 * text are not dropped and the kept text is not altered (its SHA-256 vouches for it): they go in a
 * second, made-up text of quotes beside it, named as such.
 */
export function textSourcesOf(model: PackModel): QdaTextSource[] {
  const clipsBySource = new Map<string, PackClip[]>();
  for (const clip of model.clips) {
    const list = clipsBySource.get(clip.sourceId);
    if (list) list.push(clip);
    else clipsBySource.set(clip.sourceId, [clip]);
  }
  const texts: QdaTextSource[] = [];
  for (const source of model.sources) {
    const clips = clipsBySource.get(source.id) ?? [];
    clipsBySource.delete(source.id);
    if (source.snapshot) {
      const { placed, unplaced } = placeInSnapshot(source.snapshot.text, clips);
      texts.push({ guid: guidFor('source', source.id), name: source.title || source.id, text: source.snapshot.text, source, kind: 'snapshot', clips: placed });
      if (unplaced.length) {
        texts.push(quotesText(guidFor('source-quotes', source.id), `${source.title || source.id} (clipped passages not found in the kept text)`, source, unplaced));
      }
    } else if (clips.length) {
      // Evident kept no text of this document (clipped before snapshots were kept, or a peer's client
      // kept none): its text in the project is made of its clips' quotes, so each is still coded.
      texts.push(quotesText(guidFor('source', source.id), `${source.title || source.id} (clipped passages only)`, source, clips));
    }
  }
  for (const [sourceId, clips] of clipsBySource) {
    texts.push(quotesText(guidFor('source', sourceId), `Clipped passages from a document no longer in the workspace (${sourceId})`, null, clips));
  }
  return texts;
}

function placeInSnapshot(text: string, clips: PackClip[]): { placed: PlacedClip[]; unplaced: PackClip[] } {
  const spans: Array<{ clip: PackClip; start: number; end: number }> = [];
  const unplaced: PackClip[] = [];
  for (const clip of clips) {
    const span = spanOf(text, clip);
    if (span) spans.push({ clip, ...span });
    else unplaced.push(clip);
  }
  const offsets = codePointOffsets(text, spans.flatMap((s) => [s.start, s.end]));
  const placed = spans.map(({ clip, start, end }) => ({ clip, start: offsets.get(start)!, end: offsets.get(end)! }));
  return { placed, unplaced };
}

/** The clip's UTF-16 span in the text: its checked span, else its quote found verbatim, else null. */
function spanOf(text: string, clip: PackClip): { start: number; end: number } | null {
  const span = clip.snapshotSpan;
  if (span && span.start >= 0 && span.start < span.end && span.end <= text.length) return span;
  // PDF text is kept normalised with NFKC (ligatures as letters), so a quote is looked for both ways.
  for (const quote of new Set([clip.quote, clip.quote.normalize('NFKC')])) {
    const start = quote ? text.indexOf(quote) : -1;
    if (start >= 0) return { start, end: start + quote.length };
  }
  return null;
}

function quotesText(guid: string, name: string, source: PackSource | null, clips: PackClip[]): QdaTextSource {
  const parts: string[] = [];
  const placed: PlacedClip[] = [];
  let at = 0;
  for (const clip of clips) {
    if (parts.length) {
      parts.push(QUOTE_SEPARATOR);
      at += QUOTE_SEPARATOR.length;
    }
    const length = codePointLength(clip.quote);
    parts.push(clip.quote);
    placed.push({ clip, start: at, end: at + length });
    at += length;
  }
  return { guid, name, text: parts.join(''), source, kind: 'quotes', clips: placed };
}
