import type { Browser } from 'wxt/browser';
import { parseEnvelope, BackgroundRequest, type BackgroundResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { deleteEvidence, restoreEvidence, setEvidenceStatus } from '../../shared/workspace/evidence';
import { setEvidenceNote, tagEvidence, untagEvidence } from '../../shared/workspace/evidence-edits';
import { exportWorkspace } from '../../shared/workspace/export';
import { correctSourceField } from '../../shared/workspace/source-corrections';
import { createTag, deleteTag, renameTag } from '../../shared/workspace/tags';
import { clipActiveTab } from '../features/clip-active-tab';
import { openInContext, takeFocusFor } from '../features/open-in-context';
import { openActiveTabInViewer } from '../features/open-in-viewer';
import { linkContextHandlers } from './link-contexts';
import { packExportHandlers } from '../export/background-handler';
import { planHandlers } from './plan-handlers';
import { toolbarHandlers } from './toolbar-handlers';
import { withProvenance } from './provenance';
import { workspaceHandlers } from './workspace-handlers';
import { checkSender, hostOf, isExtensionPage } from './sender';
import { activeSession } from './sessions';

type Handler<T extends BackgroundRequest['type']> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: Browser.runtime.MessageSender,
) => Promise<Result<BackgroundResponses[T], string>>;

const handlers: { [T in BackgroundRequest['type']]: Handler<T> } = {
  'capture-clip': async ({ clip }) => (await activeSession()).captureClip(await withProvenance(clip)),
  'prepare-capture': async () => {
    await (await activeSession()).prepareCapture();
    return ok(undefined);
  },
  'page-clips': async ({ sourceId }, sender) => {
    const session = await activeSession();
    const rows = await session.db.evidence.where('sourceId').equals(sourceId).toArray();
    // A page is told only about clips of its own site, whatever source id it asks for.
    const pageHost = isExtensionPage(sender) ? null : hostOf(sender.url);
    const clips = rows
      .filter((r) => !r.deleted && (pageHost === null || hostOf(r.sourceUrl ?? undefined) === pageHost))
      .map((r) => ({ id: r.id, anchor: r.anchor }));
    const focusEvidenceId = sender.tab?.id === undefined ? null : await takeFocusFor(sender.tab.id);
    return ok({ clips, focusEvidenceId });
  },
  'evidence-set-note': async ({ id, note }) => (await activeSession()).commit((d, c) => setEvidenceNote(d, c, id, note)),
  'evidence-tag': async ({ id, tagId }) => (await activeSession()).commit((d, c) => tagEvidence(d, c, id, tagId)),
  'evidence-untag': async ({ id, tagId }) => (await activeSession()).commit((d, c) => untagEvidence(d, c, id, tagId)),
  'evidence-delete': async ({ id }) => (await activeSession()).commit((d, c) => deleteEvidence(d, c, id)),
  'evidence-restore': async ({ id }) => (await activeSession()).commit((d, c) => restoreEvidence(d, c, id)),
  'evidence-set-status': async ({ id, status }) =>
    (await activeSession()).commit((d, c) => setEvidenceStatus(d, c, id, status)),
  'tag-create': async ({ name, colour }) => {
    const result = await (await activeSession()).commit((d, c) => createTag(d, c, { name, colour }));
    return result.ok ? ok({ id: result.value }) : result;
  },
  'tag-rename': async ({ id, name }) => (await activeSession()).commit((d, c) => renameTag(d, c, id, name)),
  'tag-delete': async ({ id }) => (await activeSession()).commit((d, c) => deleteTag(d, c, id)),
  'source-correct': async ({ sourceId, field, value, revert }) =>
    (await activeSession()).commit((d, c) => correctSourceField(d, c, sourceId, field, revert ? undefined : value)),
  'workspace-export': async () => {
    const session = await activeSession();
    const doc = await session.readDoc();
    if (!doc.ok) return doc;
    const now = new Date();
    const json = JSON.stringify(exportWorkspace(doc.value, session.workspaceId, now.toISOString()), null, 2);
    return ok({ json, filename: `evident-workspace-${session.workspaceId}-${now.toISOString().slice(0, 10)}.json` });
  },
  'workspace-info': async ({ load }) => {
    const session = await activeSession();
    // An open Evident page is about to edit: load the doc now rather than on the first click.
    if (load === 'now') await session.load();
    else if (load === 'background') void session.load();
    return ok({
      workspaceId: session.workspaceId,
      evidenceCount: await session.db.evidence.where('deleted').equals(0).count(),
      loaded: session.isLoaded,
      loadTimings: session.loadTimings,
    });
  },
  'open-in-context': async ({ evidenceId }) => openInContext(await activeSession(), evidenceId),
  'clip-active-tab': async ({ tabId }) => clipActiveTab(tabId),
  ...planHandlers,
  ...toolbarHandlers,
  ...workspaceHandlers,
  ...linkContextHandlers,
  ...packExportHandlers,
  'open-tab-in-viewer': async ({ tabId }) => {
    const problem = await openActiveTabInViewer(tabId);
    return problem ? err(problem) : ok(undefined);
  },
};

/**
 * The one place background requests are validated and dispatched; errors become values the caller
 * shows, and unexpected exceptions are logged here with the request type (catch at the edges: one place logs).
 */
export async function routeBackgroundRequest(
  raw: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Result<unknown, string>> {
  const parsed = parseEnvelope(BackgroundRequest, raw);
  if (!parsed.ok) return err(parsed.error);
  const request = parsed.value;
  const refused = checkSender(request, sender);
  if (refused) return err(refused);
  try {
    return await (handlers[request.type] as Handler<typeof request.type>)(request as never, sender);
  } catch (error) {
    console.error(`[evident] ${request.type} failed`, error);
    return err(`${request.type} failed: ${(error as Error).message}`);
  }
}
