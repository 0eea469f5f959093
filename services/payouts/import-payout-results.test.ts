import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { ledgerEntries, payouts, withdrawals } from "../../db/schema";
import { createUser } from "../ledger/test-fixtures";
import { requestWithdrawal } from "../investing/request-withdrawal";
import { createInvestor, createMarket, TEST_SECRET, type Market } from "../investing/test-fixtures";
import { DomainError, isDomainError } from "../shared/errors";
import { approveWithdrawal } from "./approve-withdrawal";
import { importPayoutResults } from "./import-payout-results";
import { writePayoutResult, type PayoutResultDraft } from "./payout-files";
import { SandboxPayoutBank } from "./sandbox-payout-bank";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";

const smsFor = createTestSms().senderFor;

/** The refusal as finance sees it: code, line, reason. */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { code: error.code, line: error.details.line, reason: (error as DomainError).details.reason };
  }
}

describeEachDatabase("payouts: the bank's result file", (ctx) => {
  async function instructed(market: Market, amount: string) {
    const investor = await createInvestor(ctx.db, market, "5000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: randomUUID(), dailyLimitCny: "50000" });
    const { payout } = await approveWithdrawal(ctx.db, new SandboxPayoutBank(ctx.db), { operatorId: market.operatorId, withdrawalId: withdrawal.id, approverUserId: finance, secretKey: TEST_SECRET });
    return { payout, withdrawal };
  }
  const line = (reference: string, over: Partial<PayoutResultDraft> = {}): PayoutResultDraft => ({ reference, status: "SUCCESS", paid: "100.00", settledOn: "2026-12-03", bankReference: "B1", message: "付款成功", ...over });
  const counts = async (market: Market) => ({
    entries: (await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.operatorId, market.operatorId))).length,
    sms: (await smsBodiesTo(ctx.db, market.operatorId)).length,
    statuses: (await ctx.db.select({ s: payouts.status }).from(payouts).where(eq(payouts.operatorId, market.operatorId))).map((r) => r.s).sort(),
  });

  it("the same file twice books once; a contradicting later file is refused whole", async () => {
    const market = await createMarket(ctx.db);
    const a = await instructed(market, "100");
    const b = await instructed(market, "250");
    const file = writePayoutResult([line(a.payout.id), line(b.payout.id, { status: "ACCOUNT_FROZEN", paid: "0.00", message: "冻结" })]);
    const first = await importPayoutResults(ctx.db, { operatorId: market.operatorId, fileBytes: file, fileName: "payout-result-x.csv", smsFor });
    expect(first.lines.map((l) => l.outcome)).toEqual(["paid", "failed"]);
    const after = await counts(market);
    const again = await importPayoutResults(ctx.db, { operatorId: market.operatorId, fileBytes: file, fileName: "payout-result-x.csv", smsFor });
    expect(again.lines.map((l) => l.outcome)).toEqual(["unchanged", "unchanged"]);
    expect(await counts(market)).toEqual(after);
    expect(after.statuses).toEqual(["failed", "paid"]);
    expect((await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, b.withdrawal.id)))[0]!.status).toBe("failed");

    const contradicting = writePayoutResult([line(b.payout.id)]);
    expect(await refusal(importPayoutResults(ctx.db, { operatorId: market.operatorId, fileBytes: contradicting.replace("100.00", "250.00"), smsFor }))).toMatchObject({ code: "statement.file_rejected", line: 2, reason: "mixed_file" });
    expect(await counts(market)).toEqual(after);
  });

  it("a malformed file is refused whole with the line and the reason, and nothing of it is booked", async () => {
    const market = await createMarket(ctx.db);
    const a = await instructed(market, "100");
    const b = await instructed(market, "200");
    const before = await counts(market);
    const good = line(a.payout.id);
    const cases: Array<[string, string, number, string]> = [
      ["bad amount on line 3", writePayoutResult([good, line(b.payout.id, { paid: "200.00" })]).replace(",200.00,", ",2OO.00,"), 3, "bad_amount"],
      ["unknown status", writePayoutResult([good, line(b.payout.id, { status: "MAYBE" as never })]), 3, "bad_status"],
      ["paid other than instructed", writePayoutResult([good, line(b.payout.id, { paid: "199.99" })]), 3, "bad_amount"],
      ["a failure that paid", writePayoutResult([good, line(b.payout.id, { status: "ACCOUNT_CLOSED", paid: "200.00" })]), 3, "bad_amount"],
      ["unknown reference", writePayoutResult([good, line(randomUUID(), { paid: "200.00" })]), 3, "unknown_reference"],
      ["not a date", writePayoutResult([good, line(b.payout.id, { paid: "200.00", settledOn: "03/12/2026" })]), 3, "bad_date"],
      ["wrong header", "reference,status,paid\r\nx,SUCCESS,1.00\r\n", 1, "wrong_columns"],
      ["header only", writePayoutResult([]), 1, "empty"],
    ];
    for (const [what, file, lineNo, reason] of cases) {
      expect(await refusal(importPayoutResults(ctx.db, { operatorId: market.operatorId, fileBytes: file, smsFor })), what).toMatchObject({ code: "statement.file_rejected", line: lineNo, reason });
    }
    expect(await counts(market)).toEqual(before);
  });
});
