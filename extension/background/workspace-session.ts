import * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { err, ok, type Result } from '../../shared/result';
import type { CaptureOutcome } from '../../shared/protocol/messages';
import { captureClip, type ClipInput } from '../../shared/workspace/capture';
import { createMutationContext, type MutationContext } from '../../shared/workspace/context';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { sourceIdFor, upsertSource } from '../../shared/workspace/sources';
import { ProjectionDb } from '../db/projection-db';
import { Projector } from '../db/projector';
import { captureWithoutDoc } from './cold-capture';
import { docStoreConnection, loadDocPersistence, whenUpdatesCommitted } from './doc-store';
import { findDuplicate } from './duplicates';
import { currentActor } from './identity';

/** Transaction origin of edits made by this browser's user. */
export const LOCAL_ORIGIN = Symbol('evident-local');

type Mutation<T> = (doc: Y.Doc, ctx: MutationContext) => Result<T, string>;

/**
 * One workspace as the background holds it: the Y.Doc with its IndexedDB persistence, and the Dexie
 * projection kept in step. Loading a large doc takes a while, so captures do not wait for it: until
 * it is loaded they go through `captureWithoutDoc`.
 */
export class WorkspaceSession {
  readonly db: ProjectionDb;
  private doc: Y.Doc | null = null;
  private persistence: IndexeddbPersistence | null = null;
  private projector: Projector | null = null;
  private loading: Promise<Result<Y.Doc, string>> | null = null;
  /** How long the last load took: doc read and applied, then projection caught up (ms). */
  loadTimings: { docLoadedMs: number; projectionReadyMs: number } | null = null;
  /** Updates written by the fast path, applied to the doc once it is loaded. */
  private readonly coldUpdates: Uint8Array[] = [];
  private readonly afterLoad: Array<(doc: Y.Doc) => void> = [];
  /** Captures run one at a time, so a double click cannot save the same passage twice. */
  private captureQueue: Promise<unknown> = Promise.resolve();
  /**
   * A reviewer's workspace: nothing here may change it. The server drops a reviewer's writes anyway;
   * refusing them here too means the local copy never disagrees with the team's.
   */
  readOnly = false;

  constructor(readonly workspaceId: string) {
    this.db = new ProjectionDb(workspaceId);
  }

  private refuseIfReadOnly(): Result<never, string> | null {
    return this.readOnly ? err('This workspace is read-only: your invite is for a reviewer.') : null;
  }

  get isLoaded(): boolean {
    return this.doc !== null;
  }

  /** Starts loading the doc (once) and resolves when it and its projection are ready. */
  load(): Promise<Result<Y.Doc, string>> {
    this.loading ??= this.loadDoc();
    return this.loading;
  }

  private async loadDoc(): Promise<Result<Y.Doc, string>> {
    const started = performance.now();
    const doc = new Y.Doc();
    const persistence = await loadDocPersistence(this.workspaceId, doc);
    const docLoadedMs = performance.now() - started;
    const migrated = migrateWorkspaceDoc(doc, this.workspaceId, LOCAL_ORIGIN);
    if (!migrated.ok) {
      await persistence.destroy();
      return err(migrated.error);
    }
    const projector = new Projector(doc, this.db);
    await projector.attach();
    this.loadTimings = { docLoadedMs, projectionReadyMs: performance.now() - started };
    // Updates the fast path wrote while the doc loaded may have been read already: applying an update
    // twice changes nothing. The persistence origin keeps y-indexeddb from storing them again.
    Y.transact(doc, () => this.coldUpdates.forEach((u) => Y.applyUpdate(doc, u)), persistence);
    this.coldUpdates.length = 0;
    this.doc = doc;
    this.persistence = persistence;
    this.projector = projector;
    for (const task of this.afterLoad.splice(0)) task(doc);
    await this.flush();
    return ok(doc);
  }

  /** Applies a mutation to the loaded doc and resolves once it is committed to IndexedDB. */
  async commit<T>(mutation: Mutation<T>): Promise<Result<T, string>> {
    const refused = this.refuseIfReadOnly();
    if (refused) return refused;
    const loaded = await this.load();
    if (!loaded.ok) return loaded;
    const result = mutation(loaded.value, createMutationContext(await currentActor(), LOCAL_ORIGIN));
    await this.flush();
    return result;
  }

  /**
   * Resolves once everything this session has accepted is in the doc's IndexedDB store: captures in
   * flight, local edits and updates from teammates. A reader of the store (the export worker) then
   * sees what the pages show.
   */
  async whenStored(): Promise<void> {
    await this.captureQueue;
    await this.flush();
  }

  /** Waits until the doc's updates are on disk and the projection shows them. */
  private async flush(): Promise<void> {
    if (this.persistence) await whenUpdatesCommitted(this.persistence);
    if (this.projector) await this.projector.whenIdle();
  }

  /**
   * Gets ready for a capture without loading the doc: opens the projection and the doc's store, reads
   * who the user is. Content scripts ask for this as soon as text is selected, so a service worker
   * woken by the selection is ready by the time the clip button is pressed.
   */
  async prepareCapture(): Promise<void> {
    await Promise.all([this.db.open(), docStoreConnection(this.workspaceId), currentActor()]);
  }

  /** Saves a clip, or recognises it as one already saved. */
  captureClip(clip: ClipInput): Promise<Result<CaptureOutcome, string>> {
    const run = this.captureQueue.then(() => this.captureOne(clip));
    this.captureQueue = run.catch(() => undefined);
    return run;
  }

  private async captureOne(clip: ClipInput): Promise<Result<CaptureOutcome, string>> {
    const refused = this.refuseIfReadOnly();
    if (refused) return refused;
    const sourceId = sourceIdFor(clip.source);
    if (this.projector) await this.projector.whenIdle();
    const duplicate = await findDuplicate(this.db, sourceId, clip);
    if (duplicate) return ok({ status: 'duplicate', evidenceId: duplicate.id, sourceId });
    const actor = await currentActor();
    if (!this.doc) {
      const saved = await captureWithoutDoc(this.workspaceId, this.db, clip, actor);
      if (!saved.ok) return saved;
      if (this.doc) {
        // The doc finished loading meanwhile; it may not have read this update from disk.
        Y.applyUpdate(this.doc, saved.value.update, this.persistence);
      } else this.coldUpdates.push(saved.value.update);
      if (saved.value.sourceSkipped) {
        // The fast path does not touch an existing source; refresh what was read off the page later.
        // A source clipped before snapshots were kept gets this clip's text then.
        this.afterLoad.push((doc) => upsertSource(doc, createMutationContext(actor, LOCAL_ORIGIN), clip.source, clip.snapshot));
      }
      return ok({ status: 'saved', evidenceId: saved.value.evidenceId, sourceId });
    }
    const result = await this.commit((doc, ctx) => captureClip(doc, ctx, clip));
    return result.ok ? ok({ status: 'saved', ...result.value }) : result;
  }

  /** The loaded doc, for read-only work such as export. */
  async readDoc(): Promise<Result<Y.Doc, string>> {
    return this.load();
  }

  /** Lets go of the doc and the projection (the workspace was left); what is stored stays stored. */
  async close(): Promise<void> {
    await this.captureQueue;
    this.projector?.detach();
    await this.persistence?.destroy();
    this.doc?.destroy();
    this.db.close();
  }
}
