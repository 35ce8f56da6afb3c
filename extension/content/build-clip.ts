import { describeRange, textOf } from '../../shared/anchoring';
import { extractPageMetadata } from '../../shared/extract';
import type { PageMetadata } from '../../shared/schema/page-metadata';
import type { ClipInput } from '../../shared/workspace/capture';
import { pageIdentity } from './page-identity';

/** How much surrounding text a clip keeps for reading it later (the selectors keep 32 characters). */
const CONTEXT_CHARS = 240;

let cachedMetadata: { url: string; metadata: PageMetadata } | null = null;

/** Metadata is read once per page address: it does not change while the reader selects passages. */
function metadataOf(doc: Document, url: string): PageMetadata {
  if (cachedMetadata?.url !== url) cachedMetadata = { url, metadata: extractPageMetadata(doc, url) };
  return cachedMetadata.metadata;
}

/** Starts reading the page's metadata ahead of the first clip, when the browser is idle. */
export function warmUpMetadata(doc: Document, url: string): void {
  const run = () => metadataOf(doc, url);
  if ('requestIdleCallback' in globalThis) requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 0);
}

/** Cuts context at a word boundary so it never starts or ends mid-word. */
function trimToWords(text: string, side: 'before' | 'after'): string {
  if (side === 'before') {
    const cut = text.search(/\s/);
    return (cut > 0 && cut < 40 ? text.slice(cut) : text).replace(/\s+/g, ' ').trimStart();
  }
  const cut = text.search(/\s\S*$/);
  return (cut > 0 && text.length - cut < 40 ? text.slice(0, cut) : text).replace(/\s+/g, ' ').trimEnd();
}

/** Everything a clip records about a selected range: anchor, context, and what the page is. */
export function buildClip(doc: Document, url: string, range: Range): ClipInput {
  const root = doc.body ?? doc.documentElement;
  const anchor = describeRange(root, range);
  const { text } = textOf(root);
  const identity = pageIdentity(doc, url);
  return {
    source: {
      kind: 'web',
      url,
      canonicalUrl: identity.canonicalUrl,
      pageTitle: doc.title.slice(0, 1000),
      metadata: metadataOf(doc, url),
    },
    evidence: {
      anchor,
      contextBefore: trimToWords(text.slice(Math.max(0, anchor.position.start - CONTEXT_CHARS), anchor.position.start), 'before'),
      contextAfter: trimToWords(text.slice(anchor.position.end, anchor.position.end + CONTEXT_CHARS), 'after'),
    },
  };
}
