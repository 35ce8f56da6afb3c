import { describe, expect, it } from 'vitest';
import { CommitBacklog, type CommitBacklogLimits } from '../../sync-server/rooms/commit-backlog';
import { createTokenBucket } from '../../sync-server/rooms/token-bucket';

describe('the per-connection token bucket', () => {
  it('allows a burst, then says how long until the next token', () => {
    let now = 0;
    const bucket = createTokenBucket({ burst: 3, refillPerSecond: 10 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0]);
    expect(bucket.take()).toBe(100); // one token every 100 ms
    now += 40;
    expect(bucket.take(), 'a wait takes nothing: 60 ms left').toBe(60);
    now += 60;
    expect([bucket.take(), bucket.take()]).toEqual([0, 100]);
    now += 10_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0, 100]);
  });

  it.each([
    [100, 10], // the shipped default: a message every 10 ms past the burst
    [1, 1000],
    [3, 334], // rounded up: never woken before the token is there
  ])('at %i per second, an empty bucket waits %i ms', (refillPerSecond, waitMs) => {
    const bucket = createTokenBucket({ burst: 1, refillPerSecond }, () => 0);
    bucket.take();
    expect(bucket.take()).toBe(waitMs);
  });

  it('paces a long flood at the refill rate: 1,000 messages past a burst of 200 take 8 s', () => {
    let now = 0;
    const bucket = createTokenBucket({ burst: 200, refillPerSecond: 100 }, () => now);
    for (let sent = 0; sent < 1000; ) {
      const wait = bucket.take();
      if (wait === 0) sent++;
      else now += wait;
    }
    expect(now).toBeGreaterThanOrEqual(8000);
    expect(now).toBeLessThan(8100);
  });
});

describe('the commit backlog', () => {
  const limits: CommitBacklogLimits = { perRoom: { updates: 2, bytes: 1000 }, total: { updates: 3, bytes: 1500 } };
  /** A backlog whose wake-ups run when the test says (`flush`), as setImmediate would after the commit's answers. */
  function backlog(given = limits) {
    const deferred: Array<() => void> = [];
    const b = new CommitBacklog(given, { defer: (run) => deferred.push(run) });
    return { b, flush: () => deferred.splice(0).forEach((run) => run()) };
  }

  it('has room until a room, or the whole server, reaches its bound in updates', () => {
    const { b } = backlog();
    b.added('a', 10);
    expect(b.hasRoomFor('a')).toBe(true);
    b.added('a', 10);
    expect(b.hasRoomFor('a'), 'room a at its 2 updates').toBe(false);
    expect(b.hasRoomFor('b')).toBe(true);
    b.added('b', 10);
    expect(b.hasRoomFor('c'), 'the server at its 3 updates').toBe(false);
    b.settled('a', 10);
    expect([b.hasRoomFor('a'), b.hasRoomFor('c')]).toEqual([true, true]);
    expect(b.total).toEqual({ updates: 2, bytes: 20 });
  });

  it('has room until the bound in bytes; one update bigger than the bound still goes in, alone', () => {
    const { b } = backlog();
    expect(b.hasRoomFor('a')).toBe(true);
    b.added('a', 5000); // a catch-up larger than any bound: let in because the backlog was empty
    expect(b.hasRoomFor('a')).toBe(false);
    expect(b.hasRoomFor('b'), 'the server is past its bytes').toBe(false);
    b.settled('a', 5000);
    expect(b.hasRoomFor('b')).toBe(true);
    expect(b.total).toEqual({ updates: 0, bytes: 0 });
  });

  it('wakes waiting sockets once a commit makes room, never inside the commit’s answer, in the order they started waiting', () => {
    const { b, flush } = backlog();
    const woken: string[] = [];
    b.added('a', 1);
    b.added('a', 1);
    b.added('b', 1);
    b.whenRoomFor('a', () => woken.push('first'));
    b.whenRoomFor('c', () => woken.push('second'));
    b.settled('a', 1);
    expect(woken, 'not synchronously').toEqual([]);
    flush();
    expect(woken).toEqual(['first', 'second']);
  });

  it('lets each woken socket add what it has before the next is considered; one that finds no room keeps its place', () => {
    const { b, flush } = backlog({ perRoom: { updates: 10, bytes: 1e6 }, total: { updates: 3, bytes: 1e6 } });
    const order: string[] = [];
    // A socket that adds updates while there is room, then asks again (as Connection does).
    const greedy = (name: string, room: string, pending: number) => {
      const wake = () => {
        while (pending > 0 && b.hasRoomFor(room)) {
          b.added(room, 1);
          pending--;
          order.push(name);
        }
        if (pending > 0) b.whenRoomFor(room, wake);
      };
      return wake;
    };
    for (let i = 0; i < 3; i++) b.added('x', 1); // full
    b.whenRoomFor('a', greedy('A', 'a', 4));
    b.whenRoomFor('b', greedy('B', 'b', 2));
    b.settled('x', 1);
    b.settled('x', 1);
    flush(); // two slots: A takes both and asks again, behind B, which found no room and kept its place
    expect(order).toEqual(['A', 'A']);
    for (const room of ['x', 'a', 'a']) b.settled(room, 1);
    flush(); // three slots: B first (it has waited longer), then A
    expect(order).toEqual(['A', 'A', 'B', 'B', 'A']);
  });

  it('does not hold up sockets of other rooms behind one whose room is full', () => {
    const { b, flush } = backlog({ perRoom: { updates: 1, bytes: 1e6 }, total: { updates: 5, bytes: 1e6 } });
    const woken: string[] = [];
    b.added('a', 1);
    b.added('b', 1);
    b.whenRoomFor('a', () => woken.push('a'));
    b.whenRoomFor('c', () => woken.push('c'));
    b.settled('b', 1);
    flush();
    expect(woken, 'room a is still full').toEqual(['c']);
    b.settled('a', 1);
    flush();
    expect(woken).toEqual(['c', 'a']);
  });

  it('forgets a request withdrawn (its socket closed)', () => {
    const { b, flush } = backlog();
    const woken: string[] = [];
    for (let i = 0; i < 3; i++) b.added(`r${i}`, 1);
    const cancel = b.whenRoomFor('a', () => woken.push('a'));
    cancel();
    expect(b.waiting).toBe(0);
    b.settled('r0', 1);
    flush();
    expect(woken).toEqual([]);
  });

  it('refuses to settle what was never added: a bug, said loudly', () => {
    expect(() => backlog().b.settled('a', 1)).toThrow('commit backlog: a settled an update it never added');
  });

  it('reports what the whole server has waiting after each change', () => {
    const seen: Array<{ updates: number; bytes: number }> = [];
    const b = new CommitBacklog(limits, { onChange: (total) => seen.push({ ...total }), defer: () => {} });
    b.added('a', 100);
    b.added('b', 50);
    b.settled('a', 100);
    expect(seen).toEqual([
      { updates: 1, bytes: 100 },
      { updates: 2, bytes: 150 },
      { updates: 1, bytes: 50 },
    ]);
  });
});
