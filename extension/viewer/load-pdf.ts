import type { PDFDocumentProxy } from 'pdfjs-dist';
import * as pdfjsLib from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { browser } from 'wxt/browser';
import { err, ok, type Result } from '../../shared/result';

// The worker is bundled with the extension (no remote code; MV3 CSP).
pdfjsLib.GlobalWorkerOptions.workerSrc = workerUrl;

export interface LoadedPdf {
  url: string;
  bytes: Uint8Array;
  doc: PDFDocumentProxy;
  sha256: string;
}

const MAX_PDF_BYTES = 200 * 1024 * 1024;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a PDF could not be loaded; `needsPermission` when the site has not been granted to Evident. */
export interface LoadProblem {
  message: string;
  needsPermission?: string;
}

async function download(url: string): Promise<Result<ArrayBuffer, LoadProblem>> {
  // A file on this computer: readable (file:///* is in the manifest) only once the user allows it.
  if (url.startsWith('file:') && !(await browser.extension.isAllowedFileSchemeAccess())) {
    return err({ message: 'Evident cannot read files on this computer until you allow it: Extensions → Evident → Details → "Allow access to file URLs".' });
  }
  let response: Response;
  try {
    // Without the reader's cookies first: the viewer opens whatever address it is given (a page may
    // link to it), and Ofsted's and modern.gov's published PDFs need none. Only a site that answers
    // that it needs them (401/403, or a login page instead of a PDF) gets them, on a second request.
    response = await fetch(url, { credentials: 'omit' });
    if (!url.startsWith('file:') && needsCredentials(response)) {
      void response.body?.cancel().catch(() => undefined);
      response = await fetch(url, { credentials: 'include' });
    }
  } catch {
    if (url.startsWith('file:')) return err({ message: 'This file could not be read: it may have been moved or deleted.' });
    // Outside *.gov.uk and enabled sites the browser withholds the file until the reader allows it.
    return err({ message: `Evident needs your permission to read PDFs from ${new URL(url).host}.`, needsPermission: `${new URL(url).origin}/*` });
  }
  if (!response.ok) return err({ message: `The PDF could not be downloaded: the server answered ${response.status}.` });
  return ok(await response.arrayBuffer());
}

/** Whether an answer to a request without cookies says the site wants them. */
function needsCredentials(response: Response): boolean {
  if (response.status === 401 || response.status === 403) return true;
  if (!response.ok) return false;
  // A sign-in page served in the PDF's place (often after a redirect): an HTML answer, not a PDF.
  return /^text\/html\b/i.test(response.headers.get('content-type') ?? '') && response.redirected;
}

/** Fetches a PDF (or reads a local one) and opens it with pdf.js; problems come back as sentences for the reader. */
export async function loadPdf(url: string): Promise<Result<LoadedPdf, LoadProblem>> {
  const downloaded = await download(url);
  if (!downloaded.ok) return downloaded;
  const bytes = new Uint8Array(downloaded.value);
  if (bytes.length > MAX_PDF_BYTES) return err({ message: 'This PDF is larger than 200 MB.' });
  if (bytes.length < 5 || new TextDecoder().decode(bytes.subarray(0, 5)) !== '%PDF-') {
    return err({ message: 'This address does not hold a PDF.' });
  }
  const sha256 = await sha256Hex(bytes);
  try {
    // pdf.js may transfer the buffer to its worker: give it a copy, keep ours for identity.
    const doc = await pdfjsLib.getDocument({ data: bytes.slice() }).promise;
    return ok({ url, bytes, doc, sha256 });
  } catch (e) {
    return err({ message: `This PDF could not be opened (${(e as Error).message}).` });
  }
}
