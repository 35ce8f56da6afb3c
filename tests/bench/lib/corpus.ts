import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { textOf } from '../../../shared/anchoring';
import { extractPageMetadata } from '../../../shared/extract';
import type { PageMetadata } from '../../../shared/schema/page-metadata';
import type { ClipInput } from '../../../shared/workspace/capture';
import type { Random } from '../../lib/random';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

export interface FixtureDocument {
  file: string;
  url: string;
  text: string;
  words: string[];
  metadata: PageMetadata;
}

/** The HTML fixtures' text and metadata: the raw material for generated workspaces. */
export function loadFixtureDocuments(): FixtureDocument[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.html'))
    .map((file) => {
      const url = `http://democracy.example.gov.uk/documents/${file}`;
      const dom = new JSDOM(readFileSync(path.join(FIXTURES, file), 'utf8'), { url });
      const text = textOf(dom.window.document.body).text.replace(/\s+/g, ' ').trim();
      return { file, url, text, words: text.split(' '), metadata: extractPageMetadata(dom.window.document, url) };
    });
}

/** A random passage of a fixture as a clip (15–60 words), with its document's real metadata. */
export function generateClip(documents: FixtureDocument[], random: Random, variant: number): ClipInput {
  const doc = random.pick(documents);
  const length = random.int(15, 60);
  const start = random.int(0, Math.max(0, doc.words.length - length));
  const exact = doc.words.slice(start, start + length).join(' ');
  const before = doc.words.slice(Math.max(0, start - 6), start).join(' ');
  const after = doc.words.slice(start + length, start + length + 6).join(' ');
  return {
    source: {
      kind: 'web',
      // Spread clips over many "documents" of each kind, as a real workspace has.
      url: `${doc.url}?copy=${variant % 500}`,
      canonicalUrl: null,
      pageTitle: doc.metadata.title ?? doc.file,
      metadata: doc.metadata,
    },
    evidence: {
      anchor: {
        quote: { type: 'TextQuoteSelector', exact, prefix: before.slice(-32), suffix: after.slice(0, 32) },
        position: { type: 'TextPositionSelector', start: start * 7, end: start * 7 + exact.length },
        paragraph: random.next() < 0.6 ? `${random.int(1, 11)}.${random.int(1, 20)}` : null,
      },
      contextBefore: before,
      contextAfter: after,
    },
  };
}
