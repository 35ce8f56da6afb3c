/**
 * Which PDF a clip came from. A PDF is named by the SHA-256 of its bytes: pdf.js's
 * fingerprints come from the file's /ID entry, which producers often keep across edits (and some
 * write as constants), so two different files can share them. The fingerprints are kept alongside
 * as metadata (Source.pdf, shared/schema/source.ts) for matching a file opened from elsewhere.
 */
import { sourceIdForPdf } from '../ids';
import type { PdfIdentity } from '../schema/source';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The schema's limits (PdfIdentity): pdf.js gives two, the second null for an unmodified file. */
const MAX_FINGERPRINTS = 4;
const MAX_FINGERPRINT_LENGTH = 64;

/**
 * SHA-256 of `bytes` as 64 lowercase hex digits, through Web Crypto (the extension's pages and
 * worker, and Node). Hash before handing the bytes to pdf.js: `getDocument({ data })` transfers
 * the buffer to its worker and leaves it empty.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The source id of a PDF: from its bytes' SHA-256 only, the same on every replica (shared/ids.ts). */
export function pdfSourceId(pdf: { fingerprints: readonly string[]; sha256: string }): string {
  if (!SHA256_HEX.test(pdf.sha256)) {
    throw new TypeError(`pdfSourceId: sha256 must be 64 lowercase hex digits, got ${JSON.stringify(pdf.sha256)}`);
  }
  return sourceIdForPdf(pdf.sha256);
}

/**
 * A PDF's identity as a Source records it: the bytes' hash, pdf.js's fingerprints
 * (`PDFDocumentProxy.fingerprints`, nulls dropped) and the page count.
 */
export async function readPdfIdentity(
  bytes: Uint8Array,
  fingerprints: ReadonlyArray<string | null>,
  pageCount: number,
): Promise<PdfIdentity> {
  return {
    sha256: await sha256Hex(bytes),
    fingerprints: fingerprints
      .filter((f): f is string => typeof f === 'string' && f.length > 0)
      .map((f) => f.slice(0, MAX_FINGERPRINT_LENGTH))
      .slice(0, MAX_FINGERPRINTS),
    pageCount,
  };
}
