/**
 * Which of a document's committed updates this instance's doc holds, by seq. Updates from other
 * instances are applied strictly in seq order, so "everything through `applied`" stays true;
 * this instance's own commits are already in the doc when their seq comes back, so they are noted
 * as `ahead` and absorbed when the updates before them arrive. Pure: the fan-out drives it.
 */
export class SeqCursor {
  private readonly ahead = new Set<number>();

  constructor(private appliedSeq: number) {}

  /** Every seq up to this one is in the doc. */
  get applied(): number {
    return this.appliedSeq;
  }

  /** The first seq not known to be in the doc. */
  get next(): number {
    return this.appliedSeq + 1;
  }

  /** Whether the doc already holds `seq` (applied in order, or committed here). */
  holds(seq: number): boolean {
    return seq <= this.appliedSeq || this.ahead.has(seq);
  }

  /** Whether seqs above `applied` are known to exist (own commits past a hole): the hole must be filled. */
  get hasHole(): boolean {
    return this.ahead.size > 0;
  }

  /** This instance committed `seq`: its doc has it already. */
  committedHere(seq: number): void {
    if (seq <= this.appliedSeq) return;
    this.ahead.add(seq);
    this.absorb();
  }

  /** `seq` (which must be `next`) was applied. */
  advance(seq: number): void {
    if (seq !== this.next) throw new Error(`seq ${seq} applied out of order: the next is ${this.next}`);
    this.appliedSeq = seq;
    this.absorb();
  }

  private absorb(): void {
    while (this.ahead.delete(this.appliedSeq + 1)) this.appliedSeq++;
  }
}
