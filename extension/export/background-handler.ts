import type { BackgroundRequest, BackgroundResponses } from '../../shared/protocol/messages';
import { ok, type Result } from '../../shared/result';
import { currentActor } from '../background/identity';
import { activeSession } from '../background/sessions';

type Handler = (request: Extract<BackgroundRequest, { type: 'pack-export-prepare' }>) => Promise<Result<BackgroundResponses['pack-export-prepare'], string>>;

/**
 * The background's part of an export: make the doc's store current, then say which workspace and who.
 * The export itself runs in a worker of the dashboard (MV3 service workers cannot start workers, and
 * a large pack must not hold up captures), which reads the doc straight from IndexedDB.
 */
export const packExportHandlers: { 'pack-export-prepare': Handler } = {
  'pack-export-prepare': async () => {
    const session = await activeSession();
    await session.whenStored();
    return ok({ workspaceId: session.workspaceId, generatedBy: (await currentActor()).name });
  },
};
