/**
 * Coverage benchmark (issue: "Coverage view for 50,000 clips and 200 actions: computed in ≤ 200 ms").
 * A 200-action plan (25 recommendations × 8 actions) and 50,000 clips with 0–3 links each; times
 * computeCoverage over 20 runs, with and without an evidence-list filter. Node-only:
 * `npx tsx tests/bench/coverage.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { computeCoverage, type Assessment, type CoverageInput, type CoverageOptions } from '../../shared/coverage';
import type { ActionRow, EvidenceRow, RecommendationRow } from '../../shared/workspace/rows';
import { createRandom, type Random } from '../lib/random';
import { median, percentile, type BenchRow, printTable } from './lib/report';

const CLIPS = 50_000;
const RECOMMENDATIONS = 25;
const ACTIONS_PER_RECOMMENDATION = 8;
const RUNS = 20;
const TARGET_MS = 200;
const PLAN = 'plan_bench';
const ACTOR = { id: 'u_bench', name: 'Bench' };
const CREATED = '2025-01-01T00:00:00.000Z';
const ASSESSMENTS: Array<Assessment | null> = ['delivery', 'delivery', 'impact', 'concern', 'context', null];
const COUNCILS = ['Northshire', 'Southshire', 'Eastshire'];

function generatePlan(): Pick<CoverageInput, 'recommendations' | 'actions'> {
  const recommendations: RecommendationRow[] = [];
  const actions: ActionRow[] = [];
  for (let r = 1; r <= RECOMMENDATIONS; r++) {
    const recommendationId = `rec_${r}`;
    recommendations.push({ v: 1, id: recommendationId, planId: PLAN, reference: String(r), text: `Area for improvement ${r}`, ofstedParagraph: null, sourceId: null, order: r, createdAt: CREATED, createdBy: ACTOR, archivedAt: null, archived: 0 });
    for (let a = 1; a <= ACTIONS_PER_RECOMMENDATION; a++) {
      actions.push({
        v: 1, id: `act_${r}_${a}`, planId: PLAN, recommendationId, reference: `${r}.${a}`, title: `Action ${r}.${a}`, description: '', lead: '',
        dueDate: null, deliveryRag: null, impactRag: null, successMeasures: '', progress: '', extra: {}, status: 'in_progress',
        order: a, createdAt: CREATED, createdBy: ACTOR, archivedAt: null, archived: 0,
      });
    }
  }
  return { recommendations, actions };
}

/** A clip dated 2023–2026 (a fifth without a document date), 2 % deleted, linked to 0–3 random actions. */
function generateClip(random: Random, i: number, actionIds: string[]): EvidenceRow {
  const day = (year: number) => `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const links = Array.from({ length: random.int(0, 3) }, () => ({
    actionId: random.pick(actionIds), assessment: random.pick(ASSESSMENTS), linkedAt: CREATED, linkedBy: ACTOR,
  }));
  return {
    v: 2, id: `ev_${i}`, sourceId: `src_${i % 500}`, snapshotSpan: null,
    anchor: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 }, paragraph: null },
    contextBefore: '', contextAfter: '', note: '', tagIds: [], links, status: 'draft', statusChangedAt: null, statusChangedBy: null,
    createdAt: `${day(random.int(2024, 2025))}T10:00:00.000Z`, createdBy: ACTOR, deletedAt: null, deletedBy: null,
    quote: 'x', quoteKey: `k${i}`, paragraph: null, page: null, actionIds: links.map((l) => l.actionId), deleted: random.chance(0.02) ? 1 : 0,
    sourceUrl: null, sourceTitle: null, council: random.pick(COUNCILS), publisher: null, documentType: 'committee_report',
    documentDate: random.chance(0.2) ? null : day(random.int(2023, 2026)), uncertainFields: [],
  };
}

function timeRuns(fn: () => void): number[] {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  return Array.from({ length: RUNS }, () => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  });
}

export async function run(): Promise<BenchRow[]> {
  const random = createRandom(2026);
  const plan = generatePlan();
  const actionIds = plan.actions.map((a) => a.id);
  const input: CoverageInput = { ...plan, evidence: Array.from({ length: CLIPS }, (_, i) => generateClip(random, i, actionIds)) };
  const options: CoverageOptions = { planId: PLAN, now: '2026-03-31T12:00:00.000Z', staleAfterMonths: 6 };
  const label = `${CLIPS.toLocaleString('en-GB')} clips, ${actionIds.length} actions`;

  const rows: BenchRow[] = [];
  const cases = [
    [label, options],
    [`${label}, council filter`, { ...options, evidenceFilter: (row: EvidenceRow) => row.council === 'Northshire' }],
  ] as const;
  for (const [name, caseOptions] of cases) {
    const times = timeRuns(() => computeCoverage(input, caseOptions));
    for (const [metric, value] of [['median ms', median(times)], ['p95 ms', percentile(times, 95)]] as const) {
      rows.push({ benchmark: 'coverage', case: `${name} (${RUNS} runs)`, metric, value, unit: 'ms', target: `<= ${TARGET_MS}`, pass: value <= TARGET_MS });
    }
  }
  const { totals } = computeCoverage(input, options);
  rows.push({ benchmark: 'coverage', case: `sanity: ${label}`, metric: 'clips counted', value: totals.evidenceCount, unit: 'clips' });
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
