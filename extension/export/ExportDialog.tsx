import { useId, useRef, useState } from 'react';
import { ASSESSMENT_KEYS, type AssessmentKey } from '../../shared/coverage/types';
import { ASSESSMENT_LABELS } from '../../shared/labels';
import { EVERYTHING, PACK_FORMATS, type PackFormat, type PackSelection } from '../../shared/pack/types';
import type { TagRow } from '../../shared/workspace/rows';
import { askBackground } from '../messaging';
import { defaultPlan, type PlansData } from '../ui/data/use-plans';
import { downloadBlob } from '../ui/download';
import { packFilename } from './export-protocol';
import { runExport, type RunningExport } from './run-export';
import { UkDateInput } from '../ui/components/UkDateInput';

const FORMAT_LABELS: Record<PackFormat, string> = {
  html: 'Evidence pack (HTML, opens offline in any browser)',
  docx: 'Word document (.docx)',
  csv: 'Spreadsheet (CSV, one row per clip and action)',
  qdc: 'REFI-QDA codebook (.qdc: tags and assessments)',
  qdpx: 'REFI-QDA project (.qdpx: for NVivo, ATLAS.ti, MAXQDA, QualCoder)',
};

type Progress = { stage: string; fraction: number } | null;

/** Adds or removes one id of an optional set: an empty set means "no narrowing" (null). */
const toggled = <T,>(list: T[] | null, item: T, on: boolean): T[] | null => {
  const next = new Set(list ?? []);
  if (on) next.add(item);
  else next.delete(item);
  return next.size ? [...next] : null;
};

/**
 * "Export pack": what goes in (everything or the current view; recommendations, dates, approved only,
 * tags, assessments), which format, then a progress bar while the worker writes the file. Cancel
 * stops the worker. The file downloads as evident-pack-<workspace>-<date>.<format>.
 */
export function ExportDialog({ plans, tags, viewIds }: { plans: PlansData; tags: TagRow[]; viewIds: () => string[] }) {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const running = useRef<RunningExport | null>(null);
  const cancelled = useRef(false);
  const [selection, setSelection] = useState<PackSelection>(EVERYTHING);
  const [onlyView, setOnlyView] = useState(false);
  const [format, setFormat] = useState<PackFormat>('html');
  const [staleMonths, setStaleMonths] = useState(6);
  const [progress, setProgress] = useState<Progress>(null);
  const [message, setMessage] = useState('');
  const plan = plans.plans.find((p) => p.id === selection.planId) ?? defaultPlan(plans.plans);
  const recommendations = plans.recommendations.filter((r) => r.planId === plan?.id && !r.archived);
  const set = (patch: Partial<PackSelection>) => setSelection({ ...selection, ...patch });

  function cancel() {
    cancelled.current = true;
    running.current?.cancel();
  }

  async function start() {
    setMessage('');
    cancelled.current = false;
    setProgress({ stage: 'Getting the workspace ready', fraction: 0 });
    const prepared = await askBackground({ type: 'pack-export-prepare' });
    if (!prepared.ok || cancelled.current) {
      setProgress(null);
      return setMessage(prepared.ok ? 'Export cancelled: nothing was saved.' : `Export failed: ${prepared.error}`);
    }
    const now = new Date();
    const request = {
      workspaceId: prepared.value.workspaceId,
      selection: { ...selection, planId: plan?.id ?? null, evidenceIds: onlyView ? viewIds() : null },
      options: { generatedAt: now.toISOString(), generatedBy: prepared.value.generatedBy, staleAfterMonths: staleMonths },
      format,
    };
    running.current = runExport(request, (stage, fraction) => setProgress({ stage, fraction }));
    try {
      const file = await running.current.result;
      if (!file) return setMessage('Export cancelled: nothing was saved.');
      const filename = packFilename(prepared.value.workspaceId, format, now);
      downloadBlob(filename, file.data, file.mime);
      setMessage(`Saved ${filename}`);
    } catch (error) {
      setMessage(`Export failed: ${(error as Error).message}`);
    } finally {
      running.current = null;
      setProgress(null);
    }
  }

  const busy = progress !== null;
  return (
    <>
      <button type="button" data-testid="export-pack" onClick={() => dialog.current?.showModal()}>
        Export pack
      </button>
      <dialog ref={dialog} className="export-dialog" aria-labelledby={`${ids}-title`} onCancel={(e) => busy && e.preventDefault()}>
        <form method="dialog" onSubmit={(e) => { e.preventDefault(); void start(); }}>
          <h2 id={`${ids}-title`}>Export an evidence pack</h2>
          <fieldset disabled={busy}>
            <legend>Which clips</legend>
            <label className="inline"><input type="radio" name="scope" checked={!onlyView} onChange={() => setOnlyView(false)} /> Everything</label>
            <label className="inline">
              <input type="radio" name="scope" data-testid="export-scope-view" checked={onlyView} onChange={() => setOnlyView(true)} /> Only the clips in the evidence list's current view
            </label>
            {plans.plans.length > 1 && (
              <>
                <label htmlFor={`${ids}-plan`}>Plan</label>
                <select id={`${ids}-plan`} value={plan?.id ?? ''} onChange={(e) => set({ planId: e.target.value || null, recommendationIds: null })}>
                  {plans.plans.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.status})</option>)}
                </select>
              </>
            )}
            {recommendations.length > 0 && (
              <fieldset>
                <legend>Recommendations (none ticked: all)</legend>
                {recommendations.map((r) => (
                  <label key={r.id} className="inline">
                    <input type="checkbox" data-testid="export-recommendation" value={r.id} checked={selection.recommendationIds?.includes(r.id) ?? false}
                      onChange={(e) => set({ recommendationIds: toggled(selection.recommendationIds, r.id, e.target.checked) })} />
                    {' '}{r.reference} {r.text.length > 90 ? `${r.text.slice(0, 90)}…` : r.text}
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset>
              <legend>Evidence dated (the document's date)</legend>
              <label htmlFor={`${ids}-from`}>From</label>
              <UkDateInput id={`${ids}-from`} testid="export-from" value={selection.dateFrom ?? ''} onChange={(iso) => set({ dateFrom: iso || null })} />
              <label htmlFor={`${ids}-to`}>To</label>
              <UkDateInput id={`${ids}-to`} testid="export-to" value={selection.dateTo ?? ''} onChange={(iso) => set({ dateTo: iso || null })} />
            </fieldset>
            <label className="inline">
              <input type="checkbox" data-testid="export-approved" checked={selection.approvedOnly} onChange={(e) => set({ approvedOnly: e.target.checked })} /> Approved evidence only
            </label>
            {tags.length > 0 && (
              <fieldset>
                <legend>Tags (none ticked: any)</legend>
                {tags.map((t) => (
                  <label key={t.id} className="inline">
                    <input type="checkbox" data-testid="export-tag" value={t.id} checked={selection.tagIds?.includes(t.id) ?? false}
                      onChange={(e) => set({ tagIds: toggled(selection.tagIds, t.id, e.target.checked) })} /> {t.name}
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset>
              <legend>Assessments (none ticked: any)</legend>
              {ASSESSMENT_KEYS.map((a: AssessmentKey) => (
                <label key={a} className="inline">
                  <input type="checkbox" data-testid="export-assessment" value={a} checked={selection.assessments?.includes(a) ?? false}
                    onChange={(e) => set({ assessments: toggled(selection.assessments, a, e.target.checked) })} /> {ASSESSMENT_LABELS[a]}
                </label>
              ))}
            </fieldset>
            <label htmlFor={`${ids}-stale`}>Stale after (months)</label>
            <input id={`${ids}-stale`} type="number" min={0} max={120} value={staleMonths} onChange={(e) => setStaleMonths(Math.max(0, Math.min(120, Number(e.target.value) || 0)))} />
            <label htmlFor={`${ids}-format`}>Format</label>
            <select id={`${ids}-format`} data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as PackFormat)}>
              {PACK_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}</option>)}
            </select>
          </fieldset>
          {busy && (
            <div className="export-progress">
              <label htmlFor={`${ids}-progress`}>{progress.stage}</label>
              <progress id={`${ids}-progress`} data-testid="export-progress" max={1} value={progress.fraction} />
            </div>
          )}
          <p role="status" className="message" data-testid="export-message">{message}</p>
          <div className="form-buttons">
            <button type="submit" className="primary" data-testid="export-confirm" disabled={busy}>Export</button>
            {busy
              ? <button type="button" data-testid="export-cancel" onClick={cancel}>Cancel export</button>
              : <button type="button" onClick={() => dialog.current?.close()}>Close</button>}
          </div>
        </form>
      </dialog>
    </>
  );
}
