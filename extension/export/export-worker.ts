import { z } from 'zod';
import { buildPackModel } from '../../shared/pack/build-model';
import { packWorkspaceFromDoc } from '../../shared/pack/pack-workspace';
import type { ExportMessage, ExportRequest } from './export-protocol';
import { readWorkspaceDoc } from './read-workspace-doc';
import { renderPack } from './render-pack';

// Every entry point turns zod's JIT off: the extension's CSP forbids `new Function` (README, "Pins").
z.config({ jitless: true });

const post = (message: ExportMessage, transfer: Transferable[] = []) => postMessage(message, { transfer });

/**
 * The export worker: reads the workspace from the local replica, works out the pack and writes it in
 * the chosen format, off the dashboard's main thread so a large pack never freezes the page. The
 * dashboard cancels by terminating it.
 */
addEventListener('message', (event: MessageEvent<ExportRequest>) => {
  void exportPack(event.data).catch((error: unknown) => post({ type: 'failed', message: (error as Error).message ?? String(error) }));
});

async function exportPack({ workspaceId, selection, options, format }: ExportRequest): Promise<void> {
  post({ type: 'progress', stage: 'Reading the workspace', fraction: 0.05 });
  const doc = await readWorkspaceDoc(workspaceId);
  if (!doc.ok) return post({ type: 'failed', message: doc.error });
  post({ type: 'progress', stage: 'Gathering the evidence', fraction: 0.3 });
  const workspace = packWorkspaceFromDoc(doc.value, workspaceId);
  doc.value.destroy();
  post({ type: 'progress', stage: 'Working out coverage', fraction: 0.45 });
  const model = await buildPackModel(workspace, selection, options);
  post({ type: 'progress', stage: `Writing the ${format.toUpperCase()} file (${model.totals.clips} clips)`, fraction: 0.6 });
  const file = await renderPack(model, format);
  post({ type: 'done', ...file }, typeof file.data === 'string' ? [] : [file.data.buffer as ArrayBuffer]);
}
