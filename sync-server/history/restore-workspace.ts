import { userInfo } from 'node:os';
import type * as Y from 'yjs';
import type { Actor } from '../../shared/schema/actor';
import { err, ok, type Result } from '../../shared/result';
import { createMutationContext, migrateWorkspaceDoc, restoreWorkspaceContent, type RestoreSummary } from '../../shared/workspace';
import type { Applied, WorkspaceChanger } from './apply-change';

export interface RestoreRequest {
  /** What the workspace is to hold again (a rebuilt past, or a backup's newest state). */
  past: Y.Doc;
  /** The workspace `past` was read from (its doc's meta names it). */
  source: string;
  /** The workspace to write: `source` itself, or a new one (`--as`). */
  target: string;
  /** The moment `past` shows, ISO 8601, and where it came from, for the activity line. */
  at: string;
  from: string;
  actor: Actor;
}

/** Who restores, as the activity line names them: `--by`, else the operating-system user running the command. */
export function administrator(name: string | undefined): Actor {
  const who = name?.trim() || userInfo().username;
  return { id: `server-admin:${who}`, name: `${who} (server administrator)` };
}

/**
 * Brings `target` to what `past` holds by one new update (shared/workspace/restore.ts), written by
 * `apply` (apply-change.ts: on SQLite through the running server when there is one; on PostgreSQL
 * into the shared log). `target` other than `source` must be new.
 */
export async function restoreWorkspace(apply: WorkspaceChanger, request: RestoreRequest): Promise<Result<Applied<RestoreSummary>, string>> {
  const { past, source, target } = request;
  // Refuses a past written by a newer Evident rather than restoring what this version cannot read.
  const layout = migrateWorkspaceDoc(past, source);
  if (!layout.ok) return err(layout.error);
  const ctx = createMutationContext(request.actor);
  const applied = await apply(
    target,
    (doc) => {
      let summary!: RestoreSummary;
      // One transaction: a new workspace's layout and its content reach the log as one update.
      doc.transact(() => {
        const current = migrateWorkspaceDoc(doc, target);
        if (!current.ok) throw new Error(current.error);
        summary = restoreWorkspaceContent(doc, past, ctx, { workspaceId: target, at: request.at, from: request.from });
      });
      return summary;
    },
    { mustBeNew: target !== source },
  );
  return applied.ok ? ok(applied.value) : applied;
}

/** "12 clips back, 3 removed, 2 changed; 4 other records; 1 activity line put back", for the command's output. */
export function describeSummary({ collections, activityRestored }: RestoreSummary): string {
  const clips = collections.evidence;
  const others = Object.entries(collections)
    .filter(([name]) => name !== 'evidence')
    .map(([name, c]) => [name, c.restored + c.removed + c.changed] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`);
  return [
    `clips: ${clips.restored} back, ${clips.removed} removed, ${clips.changed} changed`,
    others.length ? `other records restored: ${others.join(', ')}` : '',
    activityRestored ? `${activityRestored} activity lines put back` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
