/**
 * A token bucket: up to `burst` messages at once, then `refillPerSecond` on average. Lets a client
 * send its sync burst on connect (step 1, step 2, awareness, queued edits) while a flood is cut off.
 */
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the caller is over the limit). */
  tryTake(): boolean;
}

export function createTokenBucket(
  { burst, refillPerSecond }: { burst: number; refillPerSecond: number },
  now: () => number = () => performance.now(),
): TokenBucket {
  let tokens = burst;
  let last = now();
  return {
    tryTake() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * refillPerSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
