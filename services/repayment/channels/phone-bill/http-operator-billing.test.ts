import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../../../db/client";
import { phonebillDeductions, repayments, users, loans } from "../../../../db/schema";
import { describeEachDatabase } from "../../../../db/testing";
import { CHANNEL_AND_COLLECTION_STEPS } from "../../../jobs/default-due-steps";
import { checkLedger } from "../../../ledger";
import { createOperatorApiClient } from "../../../operator-api";
import { startOperatorApiStandIn, type OperatorApiStandIn } from "../../../operator-api/testing/operator-api-stand-in";
import { createTestSms } from "../../../sms/testing/test-sms";
import { runDueProcessing, type DueProcessingDeps } from "../../run-due-processing";
import { at, loanOnChannel, TEST_SECRET } from "../testing";
import { createHttpOperatorBilling } from "./http-operator-billing";

const KEY = { keyId: "portal", secret: "shared-with-the-operator" };
let standIn: OperatorApiStandIn;
beforeAll(async () => {
  standIn = await startOperatorApiStandIn(KEY);
});
afterAll(() => standIn.close());

/** Due processing as production wires it: the operator's real billing over its API, no sandboxes. */
function productionDeps(options: { timeoutMs?: number } = {}): DueProcessingDeps {
  const api = createOperatorApiClient({ baseUrl: standIn.origin, ...KEY, timeoutMs: options.timeoutMs ?? 2_000, backoffMs: 5, maxAttempts: 2, breaker: { failureThreshold: 100, openMs: 1_000 } });
  return {
    smsSenderFor: createTestSms().senderFor,
    extraSteps: CHANNEL_AND_COLLECTION_STEPS.filter((s) => s.name === "phone_bill_deductions"),
    channels: { secretKey: TEST_SECRET, sandboxesAllowed: false, billingFor: ({ db, operatorId }) => createHttpOperatorBilling({ api, db, operatorId }) },
  };
}

async function phoneOf(db: Db, loanId: string): Promise<string> {
  const [row] = await db.select({ phone: users.phone }).from(loans).innerJoin(users, eq(users.id, loans.borrowerUserId)).where(eq(loans.id, loanId));
  return row!.phone;
}

describeEachDatabase("phone-bill channel over the operator's HTTP API", (ctx) => {
  it("asks the operator, applies its confirmation on the next run, and re-sends a request the operator lost", async () => {
    const loan = await loanOnChannel(ctx.db, "phone_bill");
    const deps = productionDeps();
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 6) });
    const [row] = await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loan.loanId));
    expect(row).toMatchObject({ status: "requested", requestedAmount: "1766.67" });
    expect(standIn.deductions.get(row!.requestId)).toEqual({ phone: await phoneOf(ctx.db, loan.loanId), amountCny: "1766.67" });

    // The operator loses the request; the next run asks about it, finds it unknown, sends it again.
    standIn.forgetDeduction(row!.requestId);
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-16", deps, now: at("2026-02-16", 6) });
    expect(standIn.deductions.has(row!.requestId)).toBe(true);
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toEqual([]);

    standIn.answers.set(row!.requestId, { status: "confirmed", deductedAmountCny: "1766.67", reason: null });
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-17", deps, now: at("2026-02-17", 6) });
    const [applied] = await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.requestId, row!.requestId));
    expect(applied).toMatchObject({ status: "confirmed", deductedAmount: "1766.67" });
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect((await checkLedger(ctx.db, { operatorId: loan.operatorId })).violations).toEqual([]);
  });

  it("an unreachable operator marks the channel unavailable for the day without failing the run, and books nothing", async () => {
    const loan = await loanOnChannel(ctx.db, "phone_bill");
    standIn.failNext = 1_000;
    try {
      const result = await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps: productionDeps(), now: at("2026-02-15", 6) });
      expect(result.progress.phone_bill_deductions).toMatchObject({ finished: true, unavailable: expect.stringContaining("unavailable:HTTP_500") });
    } finally {
      standIn.failNext = 0;
    }
    // The request row stays: the operator may have it; the next poll asks or re-sends.
    const rows = await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loan.loanId));
    expect(rows.map((r) => r.status)).toEqual(["requested"]);
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toEqual([]);
  });

  it("an answer with a bad signature is not believed: nothing is booked", async () => {
    const loan = await loanOnChannel(ctx.db, "phone_bill");
    const deps = productionDeps();
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 6) });
    const [row] = await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loan.loanId));
    standIn.answers.set(row!.requestId, { status: "confirmed", deductedAmountCny: "1766.67", reason: null });
    standIn.badSignatureNext = 1;
    const result = await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-16", deps, now: at("2026-02-16", 6) });
    expect(result.progress.phone_bill_deductions?.unavailable).toContain("bad_signature");
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toEqual([]);
  });

  it("a number the operator does not serve is recorded as a refusal, not retried forever", async () => {
    const loan = await loanOnChannel(ctx.db, "phone_bill");
    standIn.notSubscribers.add(await phoneOf(ctx.db, loan.loanId));
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps: productionDeps(), now: at("2026-02-15", 6) });
    const [row] = await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loan.loanId));
    expect(row).toMatchObject({ status: "refused", deductedAmount: "0.00" });
    expect(row!.refusalReason).toContain("NOT_SUBSCRIBER");
  });

  it("with sandboxes refused and no billing configured, the step fails rather than pretend", async () => {
    const loan = await loanOnChannel(ctx.db, "phone_bill");
    const deps: DueProcessingDeps = { ...productionDeps(), channels: { secretKey: TEST_SECRET, sandboxesAllowed: false } };
    await expect(runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 6) })).rejects.toThrow(/sandboxes are refused/);
    expect(await ctx.db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loan.loanId))).toEqual([]);
  });
});
