import { DEFAULT_LOADERS, type Loaders } from './loaders';

/**
 * An HTML file as a Document, as the content script sees a page: parsed by jsdom from its bytes
 * (so a `<meta charset>` is honoured), at `url`, with no script run and nothing fetched.
 */
export async function readHtmlDocument(data: Uint8Array, url: string, load: Loaders['jsdom'] = DEFAULT_LOADERS.jsdom): Promise<{ doc: Document; close(): void }> {
  const { JSDOM } = await load();
  const dom = new JSDOM(Buffer.from(data), { url, contentType: 'text/html' });
  return { doc: dom.window.document, close: () => dom.window.close() };
}
