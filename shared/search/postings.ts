/**
 * A growable postings list: which documents contain a term and how often. Typed arrays keep a
 * 50,000-clip index compact and fast to scan.
 */
export class Postings {
  docs = new Int32Array(4);
  freqs = new Uint16Array(4);
  length = 0;

  add(doc: number, freq: number): void {
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const freqs = new Uint16Array(this.length * 2);
      freqs.set(this.freqs);
      this.freqs = freqs;
    }
    this.docs[this.length] = doc;
    this.freqs[this.length] = Math.min(freq, 0xffff);
    this.length++;
  }

  /** Drops entries of documents that are no longer alive (after many removals). */
  compact(isAlive: (doc: number) => boolean, remap: Int32Array): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const doc = this.docs[r]!;
      if (!isAlive(doc)) continue;
      this.docs[w] = remap[doc]!;
      this.freqs[w] = this.freqs[r]!;
      w++;
    }
    this.length = w;
  }
}
