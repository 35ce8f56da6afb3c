/**
 * Search benchmark: 50,000 clips generated from fixture text; query latency median/p95 for
 * one- and three-word queries; Evident's BM25 index against MiniSearch (the named reference) on the
 * same corpus and queries, in the same run. Node-only: `npx tsx tests/bench/search.bench.ts`.
 */
import MiniSearch from 'minisearch';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SearchIndex, STOP_WORDS } from '../../shared/search';
import { createRandom } from '../lib/random';
import { generateClip, loadFixtureDocuments } from './lib/corpus';
import { median, percentile, printTable, type BenchRow } from './lib/report';

const CLIPS = 50_000;
const QUERIES = 300;

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function run(): Promise<BenchRow[]> {
  const random = createRandom(2026);
  const documents = loadFixtureDocuments();
  const docs = Array.from({ length: CLIPS }, (_, i) => {
    const clip = generateClip(documents, random, i);
    const m = clip.source.metadata;
    return { id: `ev_${i}`, text: [clip.evidence.anchor.quote.exact, m.title, m.subject_local_authority, m.publisher].filter(Boolean).join('\n') };
  });

  const ours = new SearchIndex();
  const buildOurs = time(() => docs.forEach((d) => ours.set(d.id, d.text)));
  const mini = new MiniSearch({ fields: ['text'], storeFields: [] });
  const buildMini = time(() => mini.addAll(docs));

  // Queries people type: single words of the corpus, and three consecutive words of a passage.
  const vocabulary = [...new Set(documents.flatMap((d) => d.words.map((w) => w.toLowerCase().replace(/[^a-z]/g, ''))))].filter(
    (w) => w.length >= 4 && !STOP_WORDS.has(w),
  );
  const oneWord = Array.from({ length: QUERIES }, () => random.pick(vocabulary));
  const threeWord = Array.from({ length: QUERIES }, () => {
    const doc = random.pick(documents);
    const words = doc.words.filter((w) => /^[A-Za-z]{3,}$/.test(w) && !STOP_WORDS.has(w.toLowerCase()));
    const start = random.int(0, words.length - 3);
    return words.slice(start, start + 3).join(' ');
  });

  const measure = (queries: string[], search: (q: string) => void) => {
    queries.slice(0, 20).forEach(search); // warm up
    return queries.map((q) => time(() => search(q)));
  };
  const rows: BenchRow[] = [
    { benchmark: 'search', case: `index ${CLIPS.toLocaleString('en-GB')} clips`, metric: 'build ms', value: buildOurs, unit: 'ms', reference: { name: 'MiniSearch', value: buildMini }, ratio: buildOurs / buildMini },
  ];
  for (const [label, queries] of [['1-word', oneWord], ['3-word', threeWord]] as const) {
    const oursTimes = measure(queries, (q) => ours.search(q, { limit: 100 }));
    const miniTimes = measure(queries, (q) => mini.search(q, { combineWith: 'AND', prefix: true }));
    for (const [metric, p] of [['median ms', 50], ['p95 ms', 95]] as const) {
      const value = percentile(oursTimes, p);
      const reference = percentile(miniTimes, p);
      rows.push({
        benchmark: 'search',
        case: `${CLIPS.toLocaleString('en-GB')} clips, ${label} queries (${QUERIES})`,
        metric,
        value,
        unit: 'ms',
        target: metric === 'p95 ms' ? '<= 30' : undefined,
        reference: { name: 'MiniSearch', value: reference },
        ratio: value / reference,
        pass: metric === 'p95 ms' ? value <= 30 : undefined,
      });
    }
  }
  const sample = ours.search(threeWord[0]!, { limit: 5 });
  rows.push({ benchmark: 'search', case: `sanity: "${threeWord[0]}"`, metric: 'matches', value: sample.total, unit: 'clips' });
  void median;
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
