import type { StoredReport } from '../../shared/protocol/server-messages';

/**
 * How far one connection's writes are stored, for MESSAGE_STORED. The room counts the updates it
 * hands to the store writer (`mark`) and the commits that answered; commits answer in the order
 * updates were handed over, so a write is stored once every update handed over up to the moment it
 * was handled has committed: its own content, and whatever it repeated of what was still in flight
 * (a client that reconnects sends again what its last connection sent, and the server may still be
 * committing it). A write that added nothing new is stored on the same terms.
 */
export class StoredProgress {
  private handled = 0;
  private reported = 0;
  /** Writes not reported stored yet, oldest first: the write's number and the room's hand-over count then. */
  private readonly waiting: Array<{ write: number; mark: number }> = [];
  /** Client ids whose committed clock is to be reported once this write is stored (0: at the next report). */
  private readonly clients = new Map<number, number>();

  /** A write (sync step 2 or update) was handled; `touched` are the client ids whose clocks it moved. */
  noteWrite(mark: number, touched: Iterable<number>): void {
    const write = ++this.handled;
    this.waiting.push({ write, mark });
    for (const client of touched) this.clients.set(client, Math.max(this.clients.get(client) ?? 0, write));
  }

  /** The client ids a sync step 1 said it holds: their committed clocks go out with the next report. */
  noteHeld(clientIds: Iterable<number>): void {
    for (const client of clientIds) if (!this.clients.has(client)) this.clients.set(client, 0);
  }

  get hasUnreported(): boolean {
    return this.waiting.length > 0 || this.clients.size > 0;
  }

  /**
   * The report due now that `committed` updates of the room have committed (`state`: the committed
   * doc's state vector), or null when it would say nothing new; `always` reports even then.
   */
  reportDue(committed: number, state: ReadonlyMap<number, number>, always = false): StoredReport | null {
    let stored = this.reported;
    while (this.waiting.length > 0 && this.waiting[0]!.mark <= committed) stored = this.waiting.shift()!.write;
    const stateVector = new Map<number, number>();
    for (const [client, write] of this.clients) {
      if (write > stored) continue;
      stateVector.set(client, state.get(client) ?? 0);
      this.clients.delete(client);
    }
    if (!always && stored === this.reported && stateVector.size === 0) return null;
    this.reported = stored;
    return { writesStored: stored, stateVector };
  }
}
