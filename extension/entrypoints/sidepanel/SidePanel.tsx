import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { askTab } from '../../messaging';
import { Citation } from '../../ui/components/Citation';
import { LinkEditor } from '../../ui/components/LinkEditor';
import { TagChips } from '../../ui/components/TagChips';
import { useActivePage } from '../../ui/data/use-active-page';
import { usePlans } from '../../ui/data/use-plans';
import { useProjectionDb } from '../../ui/data/use-projection-db';
import { useTags } from '../../ui/data/use-tags';
import { useWorkspace } from '../../ui/data/use-workspace';
import { CanEditProvider } from '../../ui/data/can-edit';
import { Presence } from '../../ui/components/Presence';
import { FirstRun } from '../../ui/components/FirstRun';

/** This page's clips, each with "show in page"; clips that no longer anchor are marked, never hidden. */
export function SidePanel() {
  const db = useProjectionDb();
  const page = useActivePage();
  const tags = useTags(db);
  const plans = usePlans(db);
  const workspace = useWorkspace();
  const [message, setMessage] = useState('');
  const [chosenId, setChosenId] = useState<string | null>(null);
  const sourceId = page.state?.sourceId;
  const clips = useLiveQuery(
    async () => (db && sourceId ? (await db.evidence.where('sourceId').equals(sourceId).toArray()).filter((r) => !r.deleted) : []),
    [db, sourceId],
  );
  const notFound = new Set(page.state?.notFound ?? []);
  // The current clip: the one last shown in the page, else the newest. Its actions are offered below it.
  const newest = [...(clips ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const currentId = clips?.some((c) => c.id === chosenId) ? chosenId : (newest?.id ?? null);

  async function show(id: string) {
    setChosenId(id);
    if (page.tabId === null) return;
    const shown = await askTab(page.tabId, { type: 'show-clip', evidenceId: id });
    setMessage(shown.ok && shown.value.found ? '' : 'That passage was not found on this page.');
  }

  return (
    <CanEditProvider canEdit={workspace.canEdit}>
    <main className="panel">
      <FirstRun />
      <Presence workspaceId={workspace.active.id} />
      <h1>This page</h1>
      {page.problem && <p className="message">{page.problem}</p>}
      {clips && page.state && (
        <p data-testid="page-clip-count">
          {clips.length === 0 ? 'No clips from this page yet.' : `${clips.length} clip${clips.length === 1 ? '' : 's'} from this page`}
        </p>
      )}
      <h2 className="govuk-heading-s">Clips from this page</h2>
      <ul className="clips" aria-label="Clips from this page">
        {(clips ?? []).map((row) => (
          <li key={row.id} className="clip" data-testid="sidepanel-clip" data-evidence-id={row.id}>
            <blockquote className="quote">{row.quote}</blockquote>
            <Citation row={row} />
            <TagChips tagIds={row.tagIds} tags={tags} />
            {notFound.has(row.id) ? (
              <p className="not-found" data-testid="clip-not-found">
                Not found on this page (the page may have changed)
              </p>
            ) : (
              <button type="button" data-testid="show-in-page" onClick={() => void show(row.id)}>
                Show in page
              </button>
            )}
            {row.id === currentId ? (
              <LinkEditor row={row} plans={plans} />
            ) : workspace.canEdit && (
              <button type="button" className="link" onClick={() => setChosenId(row.id)}>
                Link to plan actions{row.actionIds.length ? ` (${row.actionIds.length} linked)` : ''}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="message">
        {message}
      </p>
    </main>
    </CanEditProvider>
  );
}
