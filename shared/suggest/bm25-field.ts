import type { Term } from './terms';

// BM25 parameters as shared/search uses them (Robertson & Zaragoza 2009, "The Probabilistic Relevance
// Framework: BM25 and Beyond"); MiniSearch has the same defaults.
const K1 = 1.2;
const B = 0.7;

/**
 * One field (say, action titles) of a plan as a BM25 index: a document per action or recommendation.
 * A plan has hundreds of documents, not thousands, so plain Maps are fast enough (see
 * tests/bench/suggest.bench.ts); shared/search's typed-array postings are for 50,000 clips.
 */
export class Bm25Field {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(documents: Term[][]) {
    this.lengths = documents.map((terms) => terms.length);
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.averageLength = documents.length ? Math.max(1, total / documents.length) : 1;
    documents.forEach((terms, doc) => {
      for (const { term } of terms) {
        let byDoc = this.postings.get(term);
        if (!byDoc) this.postings.set(term, (byDoc = new Map()));
        byDoc.set(doc, (byDoc.get(doc) ?? 0) + 1);
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency, the "+1" form that is never negative (Lucene, MiniSearch). */
  private idf(documentFrequency: number): number {
    const n = this.lengths.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** What one query term adds to one document's score (0 when the document lacks it). */
  termScore(term: string, doc: number): number {
    const byDoc = this.postings.get(term);
    const frequency = byDoc?.get(doc);
    if (!byDoc || frequency === undefined) return 0;
    const norm = K1 * (1 - B + (B * this.lengths[doc]!) / this.averageLength);
    return (this.idf(byDoc.size) * frequency * (K1 + 1)) / (frequency + norm);
  }

  /** Adds `boost` × the BM25 score of the weighted query to `scores[doc]` for every document it matches. */
  addScores(query: ReadonlyMap<string, number>, boost: number, scores: Float64Array): void {
    for (const [term, weight] of query) {
      const byDoc = this.postings.get(term);
      if (!byDoc) continue;
      const idf = this.idf(byDoc.size);
      for (const [doc, frequency] of byDoc) {
        const norm = K1 * (1 - B + (B * this.lengths[doc]!) / this.averageLength);
        scores[doc]! += (boost * weight * idf * frequency * (K1 + 1)) / (frequency + norm);
      }
    }
  }
}
