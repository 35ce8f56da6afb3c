import { gzipSync } from 'node:zlib';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackModel } from '../../shared/pack';
import { renderPackHtml } from '../../shared/pack/html/render-html';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { err, ok, type Result } from '../../shared/result';
import { docFromStoredState } from '../persistence/doc-from-store';
import { packCspHeader } from './csp';

/** Where the pack's doc is read from: SQLite's store (a call) or PostgreSQL's (a round trip). */
export interface PackDocStore {
  loadDoc(workspace: string): { snapshot: Uint8Array | null; updates: Uint8Array[] } | Promise<{ snapshot: Uint8Array | null; updates: Uint8Array[] }>;
}

/** Coverage's default: evidence older than six calendar months is stale. */
const STALE_AFTER_MONTHS = 6;

export interface StoredPack {
  /** The HTML, gzipped when asked. A buffer of its own (it is transferred between threads). */
  body: Uint8Array;
  encoding: 'gzip' | null;
  /** The Content-Security-Policy header for it (csp.ts). */
  csp: string;
  htmlBytes: number;
  /** Milliseconds: the model (load from the store, build), the HTML, and gzip. */
  timings: { build: number; render: number; compress: number };
}

/** A buffer that owns all of its ArrayBuffer, so transferring it hands over nothing else. */
const owned = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

/** The pack's model of what the store holds; the doc is dropped on return, before the (large) HTML is made. */
async function storedPackModel(store: PackDocStore, workspace: string, now: Date): Promise<Result<PackModel, string>> {
  const doc = docFromStoredState(await store.loadDoc(workspace));
  try {
    // In memory only, as `evident-sync export` does: an older layout is upgraded, a newer one refused.
    const layout = migrateWorkspaceDoc(doc, workspace);
    if (!layout.ok) return err(layout.error);
    const options = { generatedAt: now.toISOString(), generatedBy: null, staleAfterMonths: STALE_AFTER_MONTHS };
    return ok(await buildPackModel(packWorkspaceFromDoc(doc, workspace), EVERYTHING, options));
  } finally {
    doc.destroy();
  }
}

/**
 * The whole-workspace evidence pack (shared/pack, everything selected) of what the store holds for
 * `workspace`: every committed update, which is everything any client has been sent (the server
 * broadcasts an update only once it is committed). Level 1 gzip when asked: about five times
 * smaller, for about a tenth of the render's time (sync-server/README.md, "Reviewers' live pack").
 */
export async function renderStoredPack(
  store: PackDocStore,
  workspace: string,
  { now = new Date(), gzip = false }: { now?: Date; gzip?: boolean } = {},
): Promise<Result<StoredPack, string>> {
  const started = performance.now();
  const model = await storedPackModel(store, workspace, now);
  if (!model.ok) return model;
  const built = performance.now();
  const html = await renderPackHtml(model.value);
  const csp = packCspHeader(html);
  const bytes = new TextEncoder().encode(html);
  const rendered = performance.now();
  const body = gzip ? owned(gzipSync(bytes, { level: 1 })) : bytes;
  const timings = { build: built - started, render: rendered - built, compress: performance.now() - rendered };
  return ok({ body, encoding: gzip ? 'gzip' : null, csp, htmlBytes: bytes.byteLength, timings });
}
