import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ExportDialog } from '../../export/ExportDialog';
import { askBackground } from '../../messaging';
import { CoverageTab } from '../../ui/components/coverage/CoverageTab';
import { PlanTab } from '../../ui/components/plan/PlanTab';
import { ActivityTab } from '../../ui/components/ActivityTab';
import { FirstRun } from '../../ui/components/FirstRun';
import { TagsTab } from '../../ui/components/TagsTab';
import { WorkspaceBar } from '../../ui/components/WorkspaceBar';
import { CanEditProvider } from '../../ui/data/can-edit';
import { filterEvidence, NO_FILTERS, type EvidenceFilters } from '../../ui/data/filter-evidence';
import { evidenceCountsByAction, useEvidenceRows } from '../../ui/data/use-evidence-rows';
import { usePlans } from '../../ui/data/use-plans';
import { useProjectionDb } from '../../ui/data/use-projection-db';
import { useSearchIndex } from '../../ui/data/use-search';
import { useTags } from '../../ui/data/use-tags';
import { useWorkspace } from '../../ui/data/use-workspace';
import { downloadBlob } from '../../ui/download';
import { EvidenceTab } from './EvidenceTab';

const TABS = [
  ['evidence', 'Evidence'],
  ['plan', 'Plan'],
  ['coverage', 'Coverage'],
  ['tags', 'Tags'],
  ['activity', 'Activity'],
] as const;
type Tab = (typeof TABS)[number][0];

/** A tab's content: the page's main region, scrolled on its own, so it takes keyboard focus to scroll. */
const TabPage = ({ label, children }: { label: string; children: ReactNode }) => (
  <main className="page" tabIndex={0} aria-label={label}>
    {children}
  </main>
);

const tabFromHash = (): Tab => (TABS.find(([id]) => `#${id}` === location.hash)?.[0] ?? 'evidence');

/** The dashboard: evidence, the plan, its coverage and the tags, one tab each (the URL hash says which). */
export function Dashboard() {
  const db = useProjectionDb();
  const evidence = useEvidenceRows(db);
  const index = useSearchIndex(evidence);
  const tags = useTags(db);
  const plans = usePlans(db);
  const workspace = useWorkspace();
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [filters, setFilters] = useState<EvidenceFilters>(NO_FILTERS);
  const [message, setMessage] = useState('');
  // rows change in place; `version` says when
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const evidenceCounts = useMemo(() => evidenceCountsByAction(evidence.rows.values()), [evidence.version]);

  // Have the background load the workspace doc while the reader looks, so the first edit is quick.
  useEffect(() => void askBackground({ type: 'workspace-info', load: 'background' }), [workspace.active.id]);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const go = (next: Tab) => {
    location.hash = next;
    setTab(next);
  };
  const showEvidenceFor = (actionId: string) => {
    setFilters({ ...filters, actionId });
    go('evidence');
  };

  async function exportJson() {
    setMessage('Preparing export…');
    const result = await askBackground({ type: 'workspace-export' });
    if (!result.ok) return setMessage(`Export failed: ${result.error}`);
    downloadBlob(result.value.filename, result.value.json, 'application/json');
    setMessage(`Exported ${result.value.filename}`);
  }

  return (
    <CanEditProvider canEdit={workspace.canEdit}>
    <div className="dashboard">
      <header className="top">
        <h1>Evident</h1>
        <WorkspaceBar workspace={workspace} />
        <nav className="tabs" aria-label="Dashboard">
          {TABS.map(([id, label]) => (
            <a key={id} href={`#${id}`} data-testid={`tab-${id}`} aria-current={tab === id ? 'page' : undefined} onClick={(e) => { e.preventDefault(); go(id); }}>
              {label}
            </a>
          ))}
        </nav>
        <button type="button" data-testid="export-json" onClick={() => void exportJson()}>
          Export JSON
        </button>
        <ExportDialog
          plans={plans}
          tags={[...tags.values()].filter((t) => !t.deleted).sort((a, b) => a.name.localeCompare(b.name))}
          viewIds={() => filterEvidence(evidence.rows, filters, index, Number.MAX_SAFE_INTEGER).items.map((row) => row.id)}
        />
        <p role="status" className="message">{message}</p>
      </header>
      <FirstRun />
      {tab === 'evidence' && <EvidenceTab evidence={evidence} index={index} tags={tags} plans={plans} filters={filters} onFilters={setFilters} />}
      {tab === 'plan' && <TabPage label="Plan"><PlanTab plans={plans} evidenceCounts={evidenceCounts} onShowEvidence={showEvidenceFor} /></TabPage>}
      {tab === 'coverage' && (
        <TabPage label="Coverage">
          <CoverageTab rows={evidence.rows} version={evidence.version} plans={plans} filters={filters} onShowEvidence={showEvidenceFor} />
        </TabPage>
      )}
      {tab === 'tags' && <TabPage label="Tags"><TagsTab tags={tags} rows={evidence.rows} version={evidence.version} /></TabPage>}
      {tab === 'activity' && <TabPage label="Activity"><ActivityTab db={db} /></TabPage>}
    </div>
    </CanEditProvider>
  );
}
