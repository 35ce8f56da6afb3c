import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractPageWithSources, type Extraction } from '../../shared/extract';
import { extractPdfWithSources } from '../../shared/extract/pdf';
import { err, ok, type Result } from '../../shared/result';
import type { FileToRead } from './args';
import { DEFAULT_LOADERS, type Loaders } from './loaders';
import { readHtmlDocument } from './read-html';
import { readPdfPages } from './read-pdf';

export type DocumentKind = 'pdf' | 'html';

/** How many bytes are looked at to tell a PDF from HTML. */
const SNIFF_BYTES = 1024;

/**
 * What the file is, by its content first: a PDF has "%PDF-" in its first kilobyte (where Adobe's
 * PDF Reference 1.7, appendix H, lets readers find it); HTML starts with a doctype or an <html>,
 * <head> or <body> tag (after a byte-order mark, whitespace or comments), or is named .html or .htm
 * (a saved fragment). Null for anything else.
 */
export function kindOf(data: Uint8Array, path: string): DocumentKind | null {
  const head = Buffer.from(data.subarray(0, SNIFF_BYTES)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  const start = head.replace(/^(?:\xEF\xBB\xBF|\xFE\xFF|\xFF\xFE)/, '').replace(/^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/, '');
  if (/^<(?:!doctype\s+html|html|head|body|meta|title)\b/i.test(start)) return 'html';
  if (head.includes('%PDF-')) return 'pdf';
  return /\.x?html?$/i.test(path) && start.startsWith('<') ? 'html' : null;
}

/** Why a file could not be read, in words for the person who typed its name. */
function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be opened (permission denied)';
  return `cannot be read (${(error as Error).message})`;
}

function pdfFailure(error: unknown): string {
  const name = (error as Error).name;
  if (name === 'PasswordException') return 'is a password-protected PDF; Evident cannot read its text';
  return `is not a PDF Evident can read (${(error as Error).message || name})`;
}

/**
 * The metadata of one HTML or PDF file, with its fields' sources, through the same extraction as
 * the extension: `extractPageWithSources` on the parsed page, `extractPdfWithSources` on the PDF's
 * lines. `url` is the file's original address when given, else its own file:// URL.
 */
export async function extractFile(file: FileToRead, loaders: Loaders = DEFAULT_LOADERS): Promise<Result<Extraction>> {
  let data: Uint8Array;
  try {
    data = await readFile(file.path);
  } catch (error) {
    return err(readFailure(error));
  }
  const url = file.url ?? pathToFileURL(resolve(file.path)).href;
  const kind = kindOf(data, file.path);
  if (kind === 'pdf') {
    let pages;
    try {
      pages = await readPdfPages(data, loaders.pdfjs);
    } catch (error) {
      return err(pdfFailure(error));
    }
    return ok(extractPdfWithSources(pages, url));
  }
  if (kind === 'html') {
    const page = await readHtmlDocument(data, url, loaders.jsdom);
    try {
      return ok(extractPageWithSources(page.doc, url));
    } finally {
      page.close();
    }
  }
  return err(data.length === 0 ? 'is empty' : 'is neither HTML nor PDF');
}
