/**
 * A circuit breaker for one remote party: after `failureThreshold` failures in a row it opens
 * and refuses calls at once for `openMs`; then one trial call is let through (half-open): a
 * success closes it, a failure opens it again. Pure state: the caller passes the clock.
 */
export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreaker {
  /** May a call go out now? In half-open state, only one trial at a time. */
  allow(nowMs: number): boolean;
  succeeded(): void;
  failed(nowMs: number): void;
  state(nowMs: number): BreakerState;
}

export function createCircuitBreaker(options: { failureThreshold: number; openMs: number }): CircuitBreaker {
  if (!(options.failureThreshold >= 1 && options.openMs > 0)) throw new Error("circuit breaker: threshold ≥ 1 and openMs > 0");
  let failures = 0;
  let openedAtMs: number | null = null;
  let trialInFlight = false;
  const state = (nowMs: number): BreakerState => {
    if (openedAtMs === null) return "closed";
    return nowMs - openedAtMs >= options.openMs ? "half_open" : "open";
  };
  return {
    state,
    allow(nowMs) {
      const s = state(nowMs);
      if (s === "closed") return true;
      if (s === "open" || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    succeeded() {
      failures = 0;
      openedAtMs = null;
      trialInFlight = false;
    },
    failed(nowMs) {
      failures += 1;
      trialInFlight = false;
      if (openedAtMs !== null || failures >= options.failureThreshold) openedAtMs = nowMs;
    },
  };
}
