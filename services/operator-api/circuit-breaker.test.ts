import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker";

describe("circuit breaker", () => {
  it("opens after the threshold, lets one trial through after openMs, closes on success", () => {
    const b = createCircuitBreaker({ failureThreshold: 3, openMs: 1_000 });
    b.failed(0);
    b.failed(10);
    expect(b.allow(20)).toBe(true);
    b.failed(20);
    expect(b.state(21)).toBe("open");
    expect(b.allow(500)).toBe(false);
    expect(b.allow(1_020)).toBe(true); // the one trial
    expect(b.allow(1_021)).toBe(false); // not two at once
    b.succeeded();
    expect(b.state(1_022)).toBe("closed");
    expect(b.allow(1_022)).toBe(true);
  });

  it("a failed trial opens it again for another full period", () => {
    const b = createCircuitBreaker({ failureThreshold: 1, openMs: 100 });
    b.failed(0);
    expect(b.allow(100)).toBe(true);
    b.failed(100);
    expect(b.allow(150)).toBe(false);
    expect(b.allow(200)).toBe(true);
  });

  it("refuses nonsense limits", () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0, openMs: 1 })).toThrow();
    expect(() => createCircuitBreaker({ failureThreshold: 1, openMs: 0 })).toThrow();
  });
});
