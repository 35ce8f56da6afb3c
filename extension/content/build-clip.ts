import { describeRange, textOf } from '../../shared/anchoring';
import { extractPageWithSources, type FieldSources } from '../../shared/extract';
import { mainTextOf } from '../../shared/extract/main-text';
import type { PageMetadata } from '../../shared/schema/page-metadata';
import type { ClipMessage } from '../../shared/protocol/messages';
import { SNAPSHOT_MAX_CHARS } from '../../shared/schema/source-snapshot';
import { pageIdentity } from './page-identity';

/** How much surrounding text a clip keeps for reading it later (the selectors keep 32 characters). */
const CONTEXT_CHARS = 240;

let cachedPage: { url: string; metadata: PageMetadata; fieldSources: FieldSources; mainText: string } | null = null;

/**
 * What the page is (metadata) and its main text (the source's snapshot, kept by the first clip), read
 * once per page address: they do not change while the reader selects passages.
 */
function pageOf(doc: Document, url: string) {
  if (cachedPage?.url !== url) {
    const started = performance.now();
    const { metadata, fields } = extractPageWithSources(doc, url);
    cachedPage = { url, metadata, fieldSources: fields, mainText: mainTextOf(doc) };
    // On the page's timeline, so a benchmark can tell how long reading the page took and when.
    performance.measure('evident-read-page', { start: started, end: performance.now() });
  }
  return cachedPage;
}

/** Starts reading the page ahead of the first clip, when the browser is idle. */
export function warmUpMetadata(doc: Document, url: string): void {
  const run = () => pageOf(doc, url);
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
export function buildClip(doc: Document, url: string, range: Range): ClipMessage {
  const root = doc.body ?? doc.documentElement;
  const anchor = describeRange(root, range);
  const { text } = textOf(root);
  const identity = pageIdentity(doc, url);
  const page = pageOf(doc, url);
  return {
    source: {
      kind: 'web',
      url,
      canonicalUrl: identity.canonicalUrl,
      pageTitle: doc.title.slice(0, 1000),
      metadata: page.metadata,
      fieldSources: page.fieldSources,
    },
    snapshot: { kind: 'web', text: page.mainText.slice(0, SNAPSHOT_MAX_CHARS), pageStarts: null },
    evidence: {
      anchor,
      contextBefore: trimToWords(text.slice(Math.max(0, anchor.position.start - CONTEXT_CHARS), anchor.position.start), 'before'),
      contextAfter: trimToWords(text.slice(anchor.position.end, anchor.position.end + CONTEXT_CHARS), 'after'),
    },
  };
}
