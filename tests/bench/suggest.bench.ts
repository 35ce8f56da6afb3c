/**
 * Suggestion benchmark (issue: "suggest the three most likely actions" as soon as a clip is saved):
 * latency median/p95 for 200 labelled-style passages against a 200-action plan (target median
 * <= 5 ms), index build time, and top-1/top-3 accuracy on the labelled set, with MiniSearch over the
 * same fields as the named reference. Node-only: `npx tsx tests/bench/suggest.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createSuggester, type Suggester, type SuggestionPlan } from '../../shared/suggest';
import { loadLabelledPassages, loadPlanDocument, measureAccuracy, toSuggestionPlan } from '../fixtures/suggestions/labelled-set';
import { createMiniSearchReference } from '../fixtures/suggestions/minisearch-reference';
import { median, percentile, type BenchRow, printTable } from './lib/report';

const ACTIONS = 200;
const PASSAGES = 200;
const ROUNDS = 3;
const BUILDS = 20;

// Plans that grow repeat work per locality or phase; the words vary so copies are not identical.
const VARIANTS = ['', ' (north locality)', ' (south locality)', ': phase 2', ' for disabled children', ' with partners', ' (refresh)', ' for adolescents'];

/** The fixture plan's 27 actions repeated and varied up to `count`, under the same 8 recommendations. */
function growPlan(count: number): SuggestionPlan {
  const base = toSuggestionPlan(loadPlanDocument());
  const actions = Array.from({ length: count }, (_, i) => {
    const action = base.actions[i % base.actions.length]!;
    const round = Math.floor(i / base.actions.length);
    const sentences = action.description.split('. ');
    return {
      ...action,
      id: `${action.id}_${round}`,
      reference: `${action.reference}.${round}`,
      title: action.title + VARIANTS[round % VARIANTS.length]!,
      description: [...sentences.slice(round % sentences.length), ...sentences.slice(0, round % sentences.length)].join('. '),
    };
  });
  return { recommendations: base.recommendations, actions };
}

/** The same plan with every text changed, so nothing of it has been read before. */
function renamePlanTexts(plan: SuggestionPlan, suffix: string): SuggestionPlan {
  return {
    recommendations: plan.recommendations.map((r) => ({ ...r, text: r.text + suffix })),
    actions: plan.actions.map((a) => ({ ...a, title: a.title + suffix, description: a.description + suffix, successMeasures: a.successMeasures + suffix })),
  };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function latencies(suggester: Suggester, passages: ReturnType<typeof loadLabelledPassages>): number[] {
  passages.slice(0, 50).forEach((p) => suggester.suggest(p.passage)); // warm up
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of passages) times.push(time(() => suggester.suggest(p.passage)));
  }
  return times;
}

export async function run(): Promise<BenchRow[]> {
  const labelled = loadLabelledPassages();
  const passages = Array.from({ length: PASSAGES }, (_, i) => labelled[i % labelled.length]!);
  const plan = growPlan(ACTIONS);
  const planCase = `${ACTIONS} actions, ${plan.recommendations.length} recommendations`;

  // A first build reads every text; later builds of an unchanged plan reuse their terms (the
  // background rebuilds the suggester for each clip, extension/background/suggestions.ts).
  const coldBuilds = Array.from({ length: BUILDS }, (_, k) => {
    const fresh = renamePlanTexts(plan, ` #${k}`);
    return time(() => createSuggester(fresh));
  });
  const builds = Array.from({ length: BUILDS }, () => time(() => createSuggester(plan)));
  const referenceBuilds = Array.from({ length: BUILDS }, () => time(() => createMiniSearchReference(plan)));
  const ours = latencies(createSuggester(plan), passages);
  const reference = latencies(createMiniSearchReference(plan), passages);
  const rebuildAndSuggest = passages.map((p) => time(() => createSuggester(plan).suggest(p.passage)));

  const rows: BenchRow[] = [
    { benchmark: 'suggest', case: `index ${planCase}, first build`, metric: 'build median ms', value: median(coldBuilds), unit: 'ms', reference: { name: 'MiniSearch', value: median(referenceBuilds) }, ratio: median(coldBuilds) / median(referenceBuilds) },
    { benchmark: 'suggest', case: `index ${planCase}, rebuilt unchanged`, metric: 'build median ms', value: median(builds), unit: 'ms' },
    { benchmark: 'suggest', case: `rebuild + suggest per passage (${PASSAGES}), ${planCase}`, metric: 'median ms', value: median(rebuildAndSuggest), unit: 'ms' },
  ];
  for (const [metric, p] of [['median ms', 50], ['p95 ms', 95]] as const) {
    const value = percentile(ours, p);
    const ref = percentile(reference, p);
    rows.push({
      benchmark: 'suggest',
      case: `${PASSAGES} passages × ${ROUNDS}, ${planCase}`,
      metric,
      value,
      unit: 'ms',
      target: metric === 'median ms' ? '<= 5' : undefined,
      reference: { name: 'MiniSearch', value: ref },
      ratio: value / ref,
      pass: metric === 'median ms' ? value <= 5 : undefined,
    });
  }

  // Accuracy: the fixture plan (27 actions) and the grown one; a hit is an action under a labelled recommendation.
  const accuracyCases: Array<[string, SuggestionPlan, typeof labelled]> = [
    [`${labelled.length} labelled passages, fixture plan`, toSuggestionPlan(loadPlanDocument()), labelled],
    ['held-out half (even ¶), fixture plan', toSuggestionPlan(loadPlanDocument()), labelled.filter((p) => p.split === 'held-out')],
    [`${labelled.length} labelled passages, ${ACTIONS}-action plan`, plan, labelled],
  ];
  for (const [label, records, set] of accuracyCases) {
    const accuracy = measureAccuracy(createSuggester(records), set, true);
    const referenceAccuracy = measureAccuracy(createMiniSearchReference(records), set, false);
    rows.push(
      { benchmark: 'suggest', case: label, metric: 'top-1 %', value: 100 * accuracy.top1, unit: '%', reference: { name: 'MiniSearch', value: 100 * referenceAccuracy.top1 } },
      { benchmark: 'suggest', case: label, metric: 'top-3 %', value: 100 * accuracy.top3, unit: '%', target: '>= 80', reference: { name: 'MiniSearch', value: 100 * referenceAccuracy.top3 }, pass: accuracy.top3 >= 0.8 },
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
