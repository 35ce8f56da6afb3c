import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceDateOf } from '../../shared/coverage/evidence-date';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackModel, type PackSelection, type PackWorkspace } from '../../shared/pack';
import { project } from '../../shared/workspace';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const OPTIONS = { generatedAt: '2026-12-03T10:00:00.000Z', generatedBy: 'Team lead', staleAfterMonths: 6 };

let fixture: FixtureWorkspace;
let workspace: PackWorkspace;
const packOf = (selection: Partial<PackSelection>) => buildPackModel(workspace, { ...EVERYTHING, ...selection }, OPTIONS);
const clipIdsOf = (model: PackModel) => new Set(model.clips.map((c) => c.id));
const linkedIds = (model: PackModel) => new Set(model.recommendations.flatMap((r) => r.actions.flatMap((a) => a.links.map((l) => l.clipId))));

describe('the evidence pack model: what goes in and how it is counted', () => {
  beforeAll(async () => {
    fixture = await buildFixtureWorkspace(deterministicContext(createRandom(11), 'lead'));
    workspace = packWorkspaceFromDoc(fixture.doc, fixture.workspaceId);
  });

  it('puts every live clip in a pack of everything: linked ones under their actions, the rest after the plan', async () => {
    const model = await packOf({});
    const live = project(fixture.doc).evidence.filter((e) => !e.deleted);
    expect(model.clips).toHaveLength(live.length);
    expect(model.totals.clips).toBe(live.length);
    const linked = live.filter((e) => e.links.length > 0).map((e) => e.id);
    expect(linkedIds(model)).toEqual(new Set(linked));
    expect(new Set(model.unlinkedClipIds)).toEqual(new Set(live.filter((e) => e.links.length === 0).map((e) => e.id)));
    expect(model.selectionSummary).toEqual(['Everything']);
    expect(model.title).toBe('Evidence pack: St Helens ILACS Action Plan');
  });

  it('counts each action\'s distinct clips and links as the workspace has them, impact first', async () => {
    const model = await packOf({});
    const rows = project(fixture.doc).evidence;
    for (const action of model.recommendations.flatMap((r) => r.actions)) {
      const expected = rows.filter((e) => !e.deleted && e.links.some((l) => l.actionId === action.id));
      expect(action.evidenceCount, action.reference).toBe(expected.length);
      expect(action.links.map((l) => l.clipId).sort()).toEqual(expected.map((e) => e.id).sort());
      const order = action.links.map((l) => ['impact', 'delivery', 'concern', 'context', null].indexOf(l.assessment));
      expect(order, action.reference).toEqual([...order].sort((a, b) => a - b));
      expect(action.flag).toBe(expected.length === 0 ? 'none' : 'stale'); // the fixture's documents are from 2019–2022
    }
  });

  it.each<[string, Partial<PackSelection>, (model: PackModel) => void]>([
    ['approved evidence only', { approvedOnly: true }, (m) => expect(m.clips.every((c) => c.status === 'approved')).toBe(true)],
    ['impact only', { assessments: ['impact'] }, (m) => {
      expect(m.recommendations.flatMap((r) => r.actions.flatMap((a) => a.links)).every((l) => l.assessment === 'impact')).toBe(true);
      expect(m.unlinkedClipIds).toEqual([]);
    }],
    ['evidence dated in 2019', { dateFrom: '2019-01-01', dateTo: '2019-12-31' }, (m) => {
      expect(m.clips.length).toBeGreaterThan(0);
      expect(m.clips.every((c) => c.evidenceDate >= '2019-01-01' && c.evidenceDate <= '2019-12-31')).toBe(true);
    }],
  ])('narrows to %s', async (_what, selection, check) => {
    const model = await packOf(selection);
    expect(model.clips.length).toBeLessThanOrEqual(fixture.clipIds.length);
    check(model);
    expect(model.selectionSummary).not.toEqual(['Everything']);
  });

  it('narrows to clips with a chosen tag, to chosen recommendations, and to the dashboard\'s current view', async () => {
    const [tag] = fixture.tagIds;
    const tagged = await packOf({ tagIds: [tag!] });
    expect(tagged.clips.length).toBeGreaterThan(0);
    expect(tagged.clips.every((c) => c.tagIds.includes(tag!))).toBe(true);
    expect(tagged.selectionSummary).toEqual(['Tagged: Care leavers']);

    const first = (await packOf({})).recommendations[0]!;
    const one = await packOf({ recommendationIds: [first.id] });
    expect(one.recommendations.map((r) => r.id)).toEqual([first.id]);
    expect(clipIdsOf(one)).toEqual(new Set(first.actions.flatMap((a) => a.links.map((l) => l.clipId))));

    const view = fixture.clipIds.slice(0, 3);
    expect(clipIdsOf(await packOf({ evidenceIds: view }))).toEqual(new Set(view));
  });

  it('cites each clip and dates it by its document, and finds its quote in its source\'s snapshot', async () => {
    const model = await packOf({});
    const rows = new Map(project(fixture.doc).evidence.map((e) => [e.id, e]));
    for (const clip of model.clips) {
      const row = rows.get(clip.id)!;
      expect(clip.evidenceDate).toBe(evidenceDateOf(row));
      const source = model.sources.find((s) => s.id === clip.sourceId)!;
      expect(source.snapshot).not.toBeNull();
      const words = (t: string) => t.normalize('NFKC').replace(/\s+/g, ' ').trim();
      expect(words(source.snapshot!.text.slice(clip.snapshotSpan!.start, clip.snapshotSpan!.end))).toBe(words(clip.quote));
      expect(clip.citation).toContain(source.documentTypeLabel);
      if (clip.page) expect(clip.citation).toMatch(new RegExp(`page ${clip.page}$`));
    }
    for (const source of model.sources) {
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(source.snapshotIntact).toBe(source.kind === 'web' ? true : null);
    }
  });
});
