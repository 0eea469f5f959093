import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOperatorApiClient, OperatorApiError, type OperatorApiClient } from "../operator-api";
import { startOperatorApiStandIn, type OperatorApiStandIn } from "../operator-api/testing/operator-api-stand-in";
import { createOperatorApiSubscriberData } from "./operator-api-subscriber-data";
import { createSandboxOperatorData } from "./operator-data";

const KEY = { keyId: "unicom-portal", secret: "subscriber-secret" };
let standIn: OperatorApiStandIn;
beforeAll(async () => {
  standIn = await startOperatorApiStandIn(KEY);
  standIn.subscribers.set("18600000001", { subscriber: true, tenureMonths: 86, arrearsCny: "0.00", realNameMatch: true, fullName: "王小明" });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.failNext = 0;
  standIn.hangNext = 0;
  standIn.badSignatureNext = 0;
});

const query = { operatorSlug: "unicom", phone: "18600000001", fullName: "王小明", idNumber: "11010519491231002X", lookupId: "app-1" };
function adapter(overrides: { keyId?: string; secret?: string; breaker?: { failureThreshold: number; openMs: number } } = {}) {
  const client: OperatorApiClient = createOperatorApiClient({ baseUrl: standIn.origin, ...KEY, timeoutMs: 300, maxAttempts: 2, backoffMs: 5, ...overrides });
  return createOperatorApiSubscriberData({ clientFor: async (slug) => (slug === "unicom" ? client : undefined) });
}

describe("subscriber data from the operator API (against its stand-in)", () => {
  it("answers a subscriber, with the real-name check done by the operator, under the look-up's idempotency key", async () => {
    expect(await adapter().lookup(query)).toEqual({ subscriber: true, tenureMonths: 86, arrearsCny: "0.00", realNameMatch: true, source: "operator_api" });
    expect(standIn.requests.at(-1)).toEqual({ path: "/v1/subscribers/lookup", idempotencyKey: "lookup:app-1" });
    expect(await adapter().lookup({ ...query, fullName: "李四", lookupId: "app-2" })).toMatchObject({ subscriber: true, realNameMatch: false });
    expect(await adapter().lookup({ ...query, phone: "18600009999", lookupId: "app-3" })).toEqual({ subscriber: false, source: "operator_api" });
  });

  it("an operator that times out or answers 5xx is 'unreachable', a bad answer signature 'bad_signature', a refusal 'refused'", async () => {
    standIn.failNext = 2;
    expect(await adapter().lookup({ ...query, lookupId: "f-1" })).toEqual({ subscriber: null, unavailable: "unreachable", source: "operator_api" });
    standIn.hangNext = 2;
    expect(await adapter().lookup({ ...query, lookupId: "f-2" })).toMatchObject({ unavailable: "unreachable" });
    standIn.badSignatureNext = 1;
    expect(await adapter().lookup({ ...query, lookupId: "f-3" })).toMatchObject({ unavailable: "bad_signature" });
    // A wrong secret: the operator refuses, and its refusal does not verify under our secret either.
    expect(await adapter({ secret: "wrong" }).lookup({ ...query, lookupId: "f-4" })).toMatchObject({ unavailable: "bad_signature" });
    const refusing: OperatorApiClient = { post: async () => Promise.reject(new OperatorApiError("refused", "FORBIDDEN", "not allowed")), breakerState: () => "closed" };
    expect(await createOperatorApiSubscriberData({ clientFor: async () => refusing }).lookup(query)).toMatchObject({ unavailable: "refused" });
  });

  it("a malformed answer is 'unreachable'; an open circuit answers at once", async () => {
    standIn.subscribers.set("18600000077", { subscriber: true, tenureMonths: -5, arrearsCny: "1", realNameMatch: true });
    expect(await adapter().lookup({ ...query, phone: "18600000077", lookupId: "m-1" })).toMatchObject({ unavailable: "unreachable" });
    const tripping = adapter({ breaker: { failureThreshold: 1, openMs: 60_000 } });
    standIn.failNext = 2;
    await tripping.lookup({ ...query, lookupId: "c-1" });
    const before = standIn.requests.length;
    expect(await tripping.lookup({ ...query, lookupId: "c-2" })).toMatchObject({ unavailable: "unreachable" });
    expect(standIn.requests.length).toBe(before);
  });

  it("an operator without an API: the fallback (sandbox, outside production) or 'not_configured'", async () => {
    const none = createOperatorApiSubscriberData({ clientFor: async () => undefined });
    expect(await none.lookup({ ...query, operatorSlug: "mobile" })).toEqual({ subscriber: null, unavailable: "not_configured", source: "operator_api" });
    const demo = createOperatorApiSubscriberData({ clientFor: async () => undefined, fallback: createSandboxOperatorData() });
    expect(await demo.lookup({ ...query, operatorSlug: "mobile" })).toMatchObject({ subscriber: true, source: "sandbox" });
  });
});
