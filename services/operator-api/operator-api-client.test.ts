import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOperatorApiClient, OperatorApiError, type OperatorApiConfig } from "./operator-api-client";
import { lookupSubscriber, queryDeductions, requestDeduction } from "./operator-api-calls";
import { startOperatorApiStandIn, type OperatorApiStandIn } from "./testing/operator-api-stand-in";

const KEY = { keyId: "portal-1", secret: "operator-shared-secret" };
let standIn: OperatorApiStandIn;
let logged: Array<{ level: string; message: string }>;

beforeAll(async () => {
  standIn = await startOperatorApiStandIn(KEY);
});
afterAll(() => standIn.close());
beforeEach(() => {
  logged = [];
  standIn.failNext = 0;
  standIn.hangNext = 0;
  standIn.badSignatureNext = 0;
});

function client(overrides: Partial<OperatorApiConfig> = {}) {
  return createOperatorApiClient({ baseUrl: standIn.origin, ...KEY, timeoutMs: 300, backoffMs: 5, log: (e) => logged.push(e), ...overrides });
}

async function failure(p: Promise<unknown>): Promise<OperatorApiError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(OperatorApiError);
  return error as OperatorApiError;
}

describe("operator API over HTTP with HMAC signatures", () => {
  it("requests a deduction and reads its answer once the operator decides", async () => {
    const c = client();
    await requestDeduction(c, { requestId: "d-1", phone: "18600000001", amountCny: "868.05" });
    expect(standIn.deductions.get("d-1")).toEqual({ phone: "18600000001", amountCny: "868.05" });
    expect(await queryDeductions(c, ["d-1"])).toEqual([{ requestId: "d-1", status: "pending", deductedAmountCny: "0.00", reason: null }]);
    standIn.answers.set("d-1", { status: "confirmed", deductedAmountCny: "868.05", reason: null });
    expect(await queryDeductions(c, ["d-1", "unknown"])).toEqual([{ requestId: "d-1", status: "confirmed", deductedAmountCny: "868.05", reason: null }]);
  });

  it("retries a 5xx under the same idempotency key and the operator acts once", async () => {
    standIn.failNext = 2;
    const before = standIn.requests.length;
    await requestDeduction(client(), { requestId: "d-2", phone: "18600000001", amountCny: "10.00" });
    expect(standIn.requests.slice(before)).toEqual([{ path: "/v1/billing/deductions", idempotencyKey: "deduction:d-2" }]);
    expect(logged.map((e) => e.level)).toEqual(["warn", "warn"]);
  });

  it("a duplicate delivery (same request again) is harmless; the same id with another amount is refused", async () => {
    const c = client();
    await requestDeduction(c, { requestId: "d-3", phone: "18600000001", amountCny: "20.00" });
    await requestDeduction(c, { requestId: "d-3", phone: "18600000001", amountCny: "20.00" });
    expect(standIn.deductions.get("d-3")).toEqual({ phone: "18600000001", amountCny: "20.00" });
    const error = await failure(requestDeduction(c, { requestId: "d-3", phone: "18600000001", amountCny: "25.00" }));
    expect(error).toMatchObject({ kind: "refused", code: "IDEMPOTENCY_KEY_REUSED" });
  });

  it("a timeout on every attempt is 'unavailable' within the attempts' budget", async () => {
    standIn.hangNext = 3;
    const started = Date.now();
    const error = await failure(requestDeduction(client({ maxAttempts: 3 }), { requestId: "d-4", phone: "18600000001", amountCny: "1.00" }));
    expect(error.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(3 * 300 + 500);
    expect(standIn.deductions.has("d-4")).toBe(false);
  });

  it("an answer with a bad signature is refused and logged as an error, not retried", async () => {
    standIn.badSignatureNext = 1;
    const before = standIn.requests.length;
    const error = await failure(requestDeduction(client(), { requestId: "d-5", phone: "18600000001", amountCny: "1.00" }));
    expect(error).toMatchObject({ kind: "bad_signature", code: "signature" });
    expect(standIn.requests.length - before).toBe(1);
    expect(logged).toEqual([expect.objectContaining({ level: "error" })]);
  });

  it("our request signed with the wrong secret is refused by the operator", async () => {
    const error = await failure(requestDeduction(client({ secret: "wrong" }), { requestId: "d-6", phone: "18600000001", amountCny: "1.00" }));
    // The operator answers 401 signed with its (the real) secret, which our wrong secret cannot verify.
    expect(error.kind).toBe("bad_signature");
    expect(standIn.refusals.at(-1)).toBe("signature");
    expect(standIn.deductions.has("d-6")).toBe(false);
  });

  it("the circuit opens after repeated failures: later calls fail at once without reaching the operator", async () => {
    const c = client({ maxAttempts: 1, breaker: { failureThreshold: 2, openMs: 60_000 } });
    standIn.failNext = 2;
    await failure(requestDeduction(c, { requestId: "d-7", phone: "18600000001", amountCny: "1.00" }));
    await failure(requestDeduction(c, { requestId: "d-8", phone: "18600000001", amountCny: "1.00" }));
    expect(c.breakerState()).toBe("open");
    const before = standIn.requests.length;
    const error = await failure(requestDeduction(c, { requestId: "d-9", phone: "18600000001", amountCny: "1.00" }));
    expect(error).toMatchObject({ kind: "unavailable", code: "CIRCUIT_OPEN" });
    expect(standIn.requests.length).toBe(before);
  });

  it("a refusal of bad input comes back as 'refused' with the operator's code", async () => {
    const error = await failure(requestDeduction(client(), { requestId: "d-10", phone: "123", amountCny: "1.00" }));
    expect(error).toMatchObject({ kind: "refused", code: "INVALID_PHONE" });
  });

  it("looks up a subscriber; the operator compares the real name", async () => {
    standIn.subscribers.set("18600000001", { subscriber: true, tenureMonths: 86, arrearsCny: "0.00", realNameMatch: false, fullName: "王小明" });
    const c = client();
    expect(await lookupSubscriber(c, { phone: "18600000001", fullName: "王小明", idNumber: "11010519491231002X" }, "l-1")).toEqual({ subscriber: true, tenureMonths: 86, arrearsCny: "0.00", realNameMatch: true });
    expect(await lookupSubscriber(c, { phone: "18600000001", fullName: "王大明", idNumber: "11010519491231002X" }, "l-2")).toMatchObject({ realNameMatch: false });
    expect(await lookupSubscriber(c, { phone: "18600009999", fullName: "王小明", idNumber: "11010519491231002X" }, "l-3")).toEqual({ subscriber: false });
  });

  it("refuses amounts that are not two-place decimal strings before sending", async () => {
    await expect(requestDeduction(client(), { requestId: "d-11", phone: "18600000001", amountCny: "1.5" })).rejects.toThrow(/two places/);
  });
});
