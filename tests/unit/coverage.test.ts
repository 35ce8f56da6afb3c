import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareReferences,
  computeCoverage,
  subtractMonths,
  timelineToPath,
  toUtcDay,
  type Assessment,
  type Coverage,
  type CoverageOptions,
} from '../../shared/coverage';
import type { ActionRow, EvidenceRow, RecommendationRow } from '../../shared/workspace/rows';

const ACTOR = { id: 'u_1', name: 'Improvement lead' };
const PLAN = 'plan_1';

function recommendation(id: string, reference: string, extra: Partial<RecommendationRow> = {}): RecommendationRow {
  return {
    v: 1, id, planId: PLAN, reference, text: `Recommendation ${reference}`, ofstedParagraph: null, sourceId: null,
    order: 0, createdAt: '2025-01-01T00:00:00.000Z', createdBy: ACTOR, archivedAt: null, archived: 0, ...extra,
  };
}

function action(id: string, recommendationId: string, reference: string, extra: Partial<ActionRow> = {}): ActionRow {
  return {
    v: 1, id, planId: PLAN, recommendationId, reference, title: `Action ${reference}`, description: '', lead: '',
    dueDate: null, deliveryRag: null, impactRag: null, successMeasures: '', progress: '', extra: {},
    status: 'in_progress', order: 0, createdAt: '2025-01-01T00:00:00.000Z', createdBy: ACTOR, archivedAt: null,
    archived: 0, ...extra,
  };
}

type LinkSpec = [actionId: string, assessment: Assessment | null];

function clip(id: string, links: LinkSpec[], extra: Partial<EvidenceRow> = {}): EvidenceRow {
  return {
    v: 2, id, sourceId: 'src_1', snapshotSpan: null,
    anchor: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 }, paragraph: null },
    contextBefore: '', contextAfter: '', note: '', tagIds: [], status: 'draft', statusChangedAt: null, statusChangedBy: null,
    links: links.map(([actionId, assessment]) => ({ actionId, assessment, linkedAt: '2026-01-01T00:00:00.000Z', linkedBy: ACTOR })),
    createdAt: '2026-01-10T09:00:00.000Z', createdBy: ACTOR, deletedAt: null, deletedBy: null,
    quote: 'x', quoteKey: 'k', paragraph: null, page: null, actionIds: links.map(([a]) => a), deleted: 0,
    sourceUrl: null, sourceTitle: null, council: 'Northshire', publisher: null, documentType: 'committee_report',
    documentDate: '2026-01-05', uncertainFields: [], ...extra,
  };
}

/** Recommendation 1 with actions 1.1 and 1.2; recommendation 2 with action 2.1. */
const PLAN_ROWS = {
  recommendations: [recommendation('rec_1', '1', { order: 1 }), recommendation('rec_2', '2', { order: 2 })],
  actions: [action('act_11', 'rec_1', '1.1', { order: 1 }), action('act_12', 'rec_1', '1.2', { order: 2 }), action('act_21', 'rec_2', '2.1')],
};
const OPTIONS: CoverageOptions = { planId: PLAN, now: '2026-03-31T12:00:00.000Z', staleAfterMonths: 6 };

function coverageOf(evidence: EvidenceRow[], options: Partial<CoverageOptions> = {}, plan = PLAN_ROWS): Coverage {
  return computeCoverage({ ...plan, evidence }, { ...OPTIONS, ...options });
}
const actionOf = (coverage: Coverage, id: string) => coverage.recommendations.flatMap((r) => r.actions).find((a) => a.id === id);
const recommendationOf = (coverage: Coverage, id: string) => coverage.recommendations.find((r) => r.id === id);

describe('computeCoverage: counts', () => {
  it.each<[string, LinkSpec[][], Record<string, number>]>([
    ['one delivery link', [[['act_11', 'delivery']]], { delivery: 1 }],
    ['each assessment counted apart', [[['act_11', 'delivery']], [['act_11', 'impact']], [['act_11', 'concern']], [['act_11', 'context']]], { delivery: 1, impact: 1, concern: 1, context: 1 }],
    ['a link without an assessment is unassessed', [[['act_11', null]], [['act_11', 'impact']]], { impact: 1, unassessed: 1 }],
    ['a second link to the same action in one clip counts once', [[['act_11', 'delivery'], ['act_11', 'impact']]], { delivery: 1 }],
  ])('%s', (_, clips, expected) => {
    const coverage = coverageOf(clips.map((links, i) => clip(`ev_${i}`, links)));
    expect(actionOf(coverage, 'act_11')!.counts).toEqual({ delivery: 0, impact: 0, concern: 0, context: 0, unassessed: 0, ...expected });
  });

  it.each<[string, EvidenceRow, Partial<typeof PLAN_ROWS>]>([
    ['a deleted clip', clip('ev_1', [['act_11', 'delivery']], { deleted: 1 }), {}],
    ['a link to an archived action', clip('ev_1', [['act_99', 'delivery']]), { actions: [...PLAN_ROWS.actions, action('act_99', 'rec_1', '1.9', { archived: 1 })] }],
    ['a link to an action of another plan', clip('ev_1', [['act_99', 'delivery']]), { actions: [...PLAN_ROWS.actions, action('act_99', 'rec_1', '1.9', { planId: 'plan_2' })] }],
    ['a link to an action of an archived recommendation', clip('ev_1', [['act_99', 'delivery']]), { recommendations: [...PLAN_ROWS.recommendations, recommendation('rec_9', '9', { archived: 1 })], actions: [...PLAN_ROWS.actions, action('act_99', 'rec_9', '9.1')] }],
    ['a link to an action nobody knows', clip('ev_1', [['act_404', 'delivery']]), {}],
  ])('ignores %s', (_, evidence, plan) => {
    const coverage = coverageOf([evidence], {}, { ...PLAN_ROWS, ...plan });
    expect(coverage.totals.evidenceCount).toBe(0);
    expect(coverage.recommendations.map((r) => r.id)).toEqual(['rec_1', 'rec_2']);
    expect(coverage.recommendations.flatMap((r) => r.actions.map((a) => a.id))).toEqual(['act_11', 'act_12', 'act_21']);
  });

  it('counts a clip linked to two actions of a recommendation in each action but once in the recommendation', () => {
    const coverage = coverageOf([clip('ev_1', [['act_11', 'delivery'], ['act_12', 'delivery']]), clip('ev_2', [['act_12', 'impact']])]);
    expect(actionOf(coverage, 'act_11')!.evidenceCount).toBe(1);
    expect(actionOf(coverage, 'act_12')!.evidenceIds).toEqual(['ev_1', 'ev_2']);
    const rec = recommendationOf(coverage, 'rec_1')!;
    expect(rec.evidenceCount).toBe(2);
    expect(rec.counts).toEqual({ delivery: 1, impact: 1, concern: 0, context: 0, unassessed: 0 });
    expect(coverage.totals).toMatchObject({ evidenceCount: 2, actionCount: 3, actionsWithoutEvidence: 1, recommendationCount: 2 });
  });

  it('applies the evidence list filters ("filters carry over")', () => {
    const evidence = [clip('ev_1', [['act_11', 'delivery']], { council: 'Northshire' }), clip('ev_2', [['act_11', 'impact']], { council: 'Southshire' })];
    const coverage = coverageOf(evidence, { evidenceFilter: (row) => row.council === 'Southshire' });
    expect(actionOf(coverage, 'act_11')).toMatchObject({ evidenceIds: ['ev_2'], counts: { delivery: 0, impact: 1 } });
  });
});

describe('computeCoverage: dates and flags', () => {
  it.each([
    ['the document date when known', { documentDate: '2025-06-01', createdAt: '2026-01-10T09:00:00.000Z' }, '2025-06-01'],
    ['the clip date when the document has none', { documentDate: null, createdAt: '2026-01-10T09:00:00.000Z' }, '2026-01-10'],
    ['the clip date when the document date is not an ISO date', { documentDate: 'June 2025', createdAt: '2026-01-10T09:00:00.000Z' }, '2026-01-10'],
    ['the clip date in UTC', { documentDate: null, createdAt: '2026-04-01T00:30:00.000+01:00' }, '2026-03-31'],
  ])('dates evidence by %s', (_, dates, latest) => {
    const coverage = coverageOf([clip('ev_1', [['act_11', 'delivery']], dates)]);
    expect(actionOf(coverage, 'act_11')!.latest).toBe(latest);
    expect(recommendationOf(coverage, 'rec_1')!.latest).toBe(latest);
  });

  // Stale means dated before `now` minus N calendar months; exactly N months old is still fresh.
  it.each([
    ['2026-03-31', 6, '2025-09-30', null],
    ['2026-03-31', 6, '2025-09-29', 'stale'],
    ['2026-08-31', 6, '2026-02-28', null], // no 31 February: the cutoff is the month's end
    ['2026-08-31', 6, '2026-02-27', 'stale'],
    ['2024-08-31T23:59:59Z', 6, '2024-02-29', null],
    ['2026-03-15T10:00:00Z', 1, '2026-02-15', null],
    ['2026-03-15T10:00:00Z', 1, '2026-02-14', 'stale'],
    ['2026-03-15', 0, '2026-03-15', null],
    ['2026-03-15', 0, '2026-03-14', 'stale'],
  ] as const)('now %s, stale after %i months: evidence of %s is flagged %s', (now, months, date, flag) => {
    const coverage = coverageOf([clip('ev_1', [['act_11', 'delivery']], { documentDate: date })], { now, staleAfterMonths: months });
    expect(actionOf(coverage, 'act_11')!.flag).toBe(flag);
    expect(coverage.totals.actionsWithOnlyStaleEvidence).toBe(flag === 'stale' ? 1 : 0);
  });

  it('flags an action stale only when all its evidence is old, and "none" when it has none', () => {
    const coverage = coverageOf([
      clip('ev_1', [['act_11', 'delivery'], ['act_12', 'delivery']], { documentDate: '2024-01-01' }),
      clip('ev_2', [['act_11', 'impact']], { documentDate: '2026-03-01' }),
    ]);
    expect([actionOf(coverage, 'act_11')!.flag, actionOf(coverage, 'act_12')!.flag, actionOf(coverage, 'act_21')!.flag]).toEqual([null, 'stale', 'none']);
    expect(coverage.totals).toMatchObject({ actionsWithoutEvidence: 1, actionsWithOnlyStaleEvidence: 1, staleBefore: '2025-09-30' });
  });

  it('rejects a stale period that is not a whole number of months', () => {
    expect(() => coverageOf([], { staleAfterMonths: 1.5 })).toThrow(/staleAfterMonths/);
  });
});

describe('computeCoverage: timeline', () => {
  it('counts distinct clips per month, zero-filled from the plan’s first evidence month to now, for every recommendation', () => {
    const coverage = coverageOf(
      [
        clip('ev_1', [['act_11', 'delivery'], ['act_12', 'impact']], { documentDate: '2025-11-20' }),
        clip('ev_2', [['act_11', 'delivery']], { documentDate: '2026-01-02' }),
        clip('ev_3', [['act_21', 'concern']], { documentDate: '2026-01-31' }),
      ],
      { now: '2026-03-10' },
    );
    const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
    expect(recommendationOf(coverage, 'rec_1')!.timeline).toEqual(months.map((month, i) => ({ month, count: [1, 0, 1, 0, 0][i] })));
    expect(recommendationOf(coverage, 'rec_2')!.timeline).toEqual(months.map((month, i) => ({ month, count: [0, 0, 1, 0, 0][i] })));
  });

  it('runs past now to a later document date rather than drop the clip', () => {
    const coverage = coverageOf([clip('ev_1', [['act_21', null]], { documentDate: '2026-05-14' })], { now: '2026-03-10' });
    expect(recommendationOf(coverage, 'rec_2')!.timeline.map((t) => t.month)).toEqual(['2026-05']);
    const spanning = coverageOf([clip('ev_1', [['act_21', null]], { documentDate: '2026-01-14' }), clip('ev_2', [['act_21', null]], { documentDate: '2026-05-14' })], { now: '2026-03-10' });
    expect(recommendationOf(spanning, 'rec_2')!.timeline.map((t) => t.count)).toEqual([1, 0, 0, 0, 1]);
  });

  it('is empty when the plan has no evidence', () => {
    expect(coverageOf([]).recommendations.map((r) => r.timeline)).toEqual([[], []]);
  });
});

describe('computeCoverage: order', () => {
  it('orders by the plan’s order, then by reference as people number them', () => {
    const refs = ['10', '2.10', '2', '2.9', '2.1'];
    const plan = {
      recommendations: [recommendation('rec_z', '1', { order: 2 }), ...refs.map((ref, i) => recommendation(`rec_${i}`, ref, { order: 1 }))],
      actions: ['3.10', '3.9', '3.1'].map((ref) => action(`act_${ref}`, 'rec_z', ref)),
    };
    const coverage = coverageOf([], {}, plan);
    expect(coverage.recommendations.map((r) => r.reference)).toEqual(['2', '2.1', '2.9', '2.10', '10', '1']);
    expect(coverage.recommendations.at(-1)!.actions.map((a) => a.reference)).toEqual(['3.1', '3.9', '3.10']);
  });

  it.each([
    ['2', '2.1'], ['2.1', '2.10'], ['2.9', '2.10'], ['2.10', '10'], ['3a', '3b'], ['3', '3a'], ['3.1', '3.a'], ['A1', 'a2'], ['02', '2'],
  ])('sorts reference %s before %s', (a, b) => {
    expect(compareReferences(a, b)).toBeLessThan(0);
    expect(compareReferences(b, a)).toBeGreaterThan(0);
  });
});

describe('months', () => {
  it.each([
    ['2026-03-31', 1, '2026-02-28'], ['2024-03-31', 1, '2024-02-29'], ['2026-03-31', 6, '2025-09-30'],
    ['2026-01-15', 1, '2025-12-15'], ['2026-03-31', 0, '2026-03-31'], ['2026-03-31', 24, '2024-03-31'],
  ] as const)('%s minus %i months is %s', (day, months, expected) => {
    expect(subtractMonths(day, months)).toBe(expected);
  });

  it('reads a date-time as its UTC day and refuses what is not a date', () => {
    expect(toUtcDay('2026-03-31')).toBe('2026-03-31');
    expect(toUtcDay('2026-03-31T23:30:00-02:00')).toBe('2026-04-01');
    expect(() => toUtcDay('31/03/2026')).toThrow(/31\/03\/2026/);
    expect(() => toUtcDay('2026-03-31T12:00:00')).toThrow(/2026-03-31T12:00:00/); // no offset: whose midnight?
  });
});

describe('timelineToPath', () => {
  const timeline = [{ month: '2025-12', count: 0 }, { month: '2026-01', count: 3 }, { month: '2026-02', count: 6 }];

  it('maps months across the width and counts up from the bottom, on a scale of round numbers', () => {
    const g = timelineToPath(timeline, { width: 200, height: 100 });
    expect(g.points.map(({ x, y }) => [x, y])).toEqual([[0, 100], [100, 50], [200, 0]]);
    expect(g.path).toBe('M0,100L100,50L200,0');
    expect(g.area).toBe('M0,100L0,100L100,50L200,0L200,100Z');
    expect(g.scaleMax).toBe(6);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 2, 4, 6]);
    expect(g.xTicks.map((t) => t.month)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('shares a scale when given a max, and labels half-years when two years of months would crowd the axis', () => {
    const long = Array.from({ length: 24 }, (_, i) => ({ month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, count: 1 }));
    const g = timelineToPath(long, { width: 230, height: 100, max: 10 });
    expect(g.scaleMax).toBe(10);
    expect(g.points[0]!.y).toBe(90);
    expect(g.xTicks.map((t) => t.month)).toEqual(['2024-01', '2024-07', '2025-01', '2025-07']);
  });

  it('draws one month in the middle and nothing for no months', () => {
    expect(timelineToPath([{ month: '2026-01', count: 0 }], { width: 100, height: 50 }).points).toEqual([{ x: 50, y: 50, month: '2026-01', count: 0 }]);
    expect(timelineToPath([], { width: 100, height: 50 })).toMatchObject({ points: [], path: '', area: '', xTicks: [] });
  });
});

describe('computeCoverage: property', () => {
  const ACTION_IDS = ['act_11', 'act_12', 'act_21', 'act_archived', 'act_other_plan', 'act_orphan', 'act_unknown'];
  const plan = {
    recommendations: [...PLAN_ROWS.recommendations, recommendation('rec_archived', '9', { archived: 1 })],
    actions: [
      ...PLAN_ROWS.actions,
      action('act_archived', 'rec_1', '1.3', { archived: 1 }),
      action('act_other_plan', 'rec_1', '1.4', { planId: 'plan_2' }),
      action('act_orphan', 'rec_archived', '9.1'),
    ],
  };
  const counted = new Set(['act_11', 'act_12', 'act_21']);
  const arbitraryClip = fc.record({
    links: fc.array(fc.tuple(fc.constantFrom(...ACTION_IDS), fc.constantFrom<Assessment | null>('delivery', 'impact', 'concern', 'context', null)), { maxLength: 4 }),
    deleted: fc.constantFrom<0 | 1>(0, 0, 0, 1),
    council: fc.constantFrom('Northshire', 'Southshire'),
    documentDate: fc.option(fc.date({ min: new Date('2023-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
  });

  it('counts summed over actions equal the qualifying (clip, action) link pairs; timelines sum to distinct clips', () => {
    fc.assert(
      fc.property(fc.array(arbitraryClip, { maxLength: 40 }), fc.boolean(), (specs, filtered) => {
        const evidence = specs.map((s, i) => clip(`ev_${i}`, s.links, { deleted: s.deleted, council: s.council, documentDate: s.documentDate }));
        const evidenceFilter = filtered ? (row: EvidenceRow) => row.council === 'Northshire' : undefined;
        const coverage = computeCoverage({ ...plan, evidence }, { ...OPTIONS, evidenceFilter });

        const qualifying = evidence.filter((row) => !row.deleted && (!evidenceFilter || evidenceFilter(row)));
        const pairs = new Set(qualifying.flatMap((row) => row.links.filter((l) => counted.has(l.actionId)).map((l) => `${row.id}|${l.actionId}`)));
        const actions = coverage.recommendations.flatMap((r) => r.actions);
        const summed = actions.reduce((n, a) => n + Object.values(a.counts).reduce((x, y) => x + y, 0), 0);
        expect(summed).toBe(pairs.size);
        expect(actions.reduce((n, a) => n + a.evidenceCount, 0)).toBe(pairs.size);
        for (const rec of coverage.recommendations) {
          const actionIds = new Set(rec.actions.map((a) => a.id));
          const clips = new Set(qualifying.filter((row) => row.links.some((l) => actionIds.has(l.actionId))).map((row) => row.id));
          expect(rec.evidenceCount).toBe(clips.size);
          expect(rec.timeline.reduce((n, t) => n + t.count, 0)).toBe(clips.size);
        }
      }),
    );
  });
});
