/**
 * A token bucket: up to `burst` messages at once, then `refillPerSecond` on average. Lets a client
 * send its sync burst on connect (step 1, step 2, awareness, queued edits) at once; past that, a
 * client is read no faster than the refill (the connection stops reading its socket meanwhile).
 */
export interface TokenBucket {
  /**
   * Takes one token and returns 0; or, when the bucket is empty, takes nothing and returns how many
   * milliseconds until a token is there (the caller waits that long, then asks again).
   */
  take(): number;
}

/** `refillPerSecond` must be positive (config.ts checks it), or an empty bucket would never refill. */
export function createTokenBucket(
  { burst, refillPerSecond }: { burst: number; refillPerSecond: number },
  now: () => number = () => performance.now(),
): TokenBucket {
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * refillPerSecond);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) / refillPerSecond) * 1000);
    },
  };
}
