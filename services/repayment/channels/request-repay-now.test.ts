import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { auditLog, loanInstallments, loanRepaymentChannels, loans, passbookDebitBatches } from "../../../db/schema";
import { describeEachDatabase } from "../../../db/testing";
import { checkLedger } from "../../ledger";
import { DomainError } from "../../shared/errors";
import type { ChannelDeps } from "./channel-adapters";
import { openSandboxPassbook, SandboxBank } from "./passbook-debit/sandbox-bank";
import { exchangePassbookFiles } from "./passbook-debit/run-passbook-debits";
import { raisePassbookDebits } from "./passbook-debit/raise-passbook-debits";
import { BillingRequestRefusedError, type BillingAnswer, type OperatorBillingAdapter } from "./phone-bill/operator-billing-adapter";
import { pollPhonebillAnswers } from "./phone-bill/run-phonebill-deductions";
import type { CardCheckout } from "../../payments/stripe";
import { repayFromWallet } from "../repay-from-wallet";
import { startCardRepayment } from "../start-card-repayment";
import { describeRepayNow, requestRepayNow } from "./request-repay-now";
import { at, loanOnChannel, TEST_SECRET } from "./testing";

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

async function borrowerOf(db: Db, loanId: string): Promise<string> {
  const [row] = await db.select({ b: loans.borrowerUserId }).from(loans).where(eq(loans.id, loanId));
  return row!.b;
}

async function installment(db: Db, loanId: string, n: number) {
  const [row] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loanId), eq(loanInstallments.n, n)));
  return row!;
}

/** A stand-in operator billing: remembers what it was asked, answers what the test tells it to. */
class ScriptedBilling implements OperatorBillingAdapter {
  asked: { requestId: string; phone: string; amount: string }[] = [];
  answers: BillingAnswer[] = [];
  refuseNext: BillingRequestRefusedError | null = null;
  async requestDeduction(request: { requestId: string; phone: string; amount: string }): Promise<void> {
    this.asked.push(request);
    const refusal = this.refuseNext;
    this.refuseNext = null;
    if (refusal) throw refusal;
  }
  async pollAnswers(): Promise<BillingAnswer[]> {
    const answers = this.answers;
    this.answers = [];
    return answers;
  }
}

const passbookDeps: { channels: ChannelDeps } = { channels: { secretKey: TEST_SECRET } };

describeEachDatabase("repay now (主动还款)", (ctx) => {
  let db: Db;
  beforeAll(() => {
    db = ctx.db;
  });

  it("passbook: an extra batch of the day, in progress until the bank's result file, replayed by its key, one in flight per loan", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009001" });
    const { operatorId, loanId } = loan;
    const borrowerUserId = await borrowerOf(db, loanId);
    await openSandboxPassbook(db, { operatorId, accountNo: "6230000000009001", balance: "5000.00" });
    const ask = (key: string, now = at("2026-01-20")) => requestRepayNow(db, { operatorId, borrowerUserId, loanId, idempotencyKey: key, deps: passbookDeps, now });

    // Before its due date: the next installment (1766.67) is collected now.
    const first = await ask("form-key-pb-0001");
    expect(first).toMatchObject({ source: "passbook_debit", byBorrower: true, amount: "1766.67", state: "in_progress", collected: null, reference: "PD20260120TN00002" });
    const [batch] = await db.select().from(passbookDebitBatches).where(eq(passbookDebitBatches.operatorId, operatorId));
    expect(batch).toMatchObject({ batchDate: "2026-01-20", batchNo: 2, instructionCount: 1, totalAmount: "1766.67" });
    expect(batch!.fileName).toMatch(/-20260120-2\.csv$/);
    expect(batch!.fileCsv).toContain('"PD20260120TN00002","淮阳农商银行","6230000000009001","王小明",1766.67');
    expect((await installment(db, loanId, 1)).status).not.toBe("paid");

    // Replay: the same key and loan answers with the first request; no second batch.
    expect(await ask("form-key-pb-0001")).toEqual(first);
    expect(await db.select().from(passbookDebitBatches).where(eq(passbookDebitBatches.operatorId, operatorId))).toHaveLength(1);
    // Another request while this one is out at the bank is refused beside the form.
    expect(await rejection(ask("form-key-pb-0002"))).toMatchObject({ code: "repayment.in_flight", field: "repayNow" });
    expect(await describeRepayNow(db, { operatorId, loanId })).toMatchObject({ channel: "passbook_debit", inFlight: true, requests: [{ state: "in_progress" }] });
    // Paying online meanwhile could pay the installment twice: refused beside the amount until the bank answers.
    const payOnline = (key: string) => repayFromWallet(db, { operatorId, borrowerUserId, loanId, amount: "100.00", kind: "installment", idempotencyKey: key, now: at("2026-01-20", 12) });
    expect(await rejection(payOnline("form-key-online-1"))).toMatchObject({ code: "repayment.collecting", field: "amount" });
    // So is a new card checkout (refused before the card provider is asked anything).
    const noCheckout = {} as CardCheckout;
    const byCard = startCardRepayment(db, noCheckout, { operatorId, borrowerUserId, loanId, kind: "installment", idempotencyKey: "form-key-card-1", successUrl: () => "/ok", cancelUrl: () => "/no", now: at("2026-01-20", 12) });
    expect(await rejection(byCard)).toMatchObject({ code: "repayment.collecting", field: "kind" });

    // The file exchange: the bank answers, the result file is imported, the installment is paid.
    const exchanged = await exchangePassbookFiles(db, { operatorId, bank: new SandboxBank(db), now: at("2026-01-20", 15) });
    expect(exchanged).toEqual({ submitted: 1, answered: 1 });
    expect(await installment(db, loanId, 1)).toMatchObject({ status: "paid", principalPaid: "1666.67", interestPaid: "100.00" });
    // Answered: online repayment is open again (this borrower's wallet is empty, so that is what it says now).
    expect(await rejection(payOnline("form-key-online-2"))).toMatchObject({ code: "repayment.wallet_insufficient", field: "amount" });
    const picture = await describeRepayNow(db, { operatorId, loanId });
    expect(picture).toMatchObject({ inFlight: false, requests: [{ state: "paid", collected: "1766.67" }] });
    // The replay still answers with the same request, now paid.
    expect(await ask("form-key-pb-0001")).toMatchObject({ reference: first.reference, state: "paid" });

    // The next request the same day is batch 3 and asks for installment 2; the bank refuses it for want of money.
    await openSandboxPassbook(db, { operatorId, accountNo: "6230000000009001", balance: "10.00" });
    const second = await ask("form-key-pb-0003", at("2026-01-20", 16));
    expect(second).toMatchObject({ reference: "PD20260120TN00003", amount: "1750.00", state: "in_progress" });
    await exchangePassbookFiles(db, { operatorId, bank: new SandboxBank(db), now: at("2026-01-20", 17) });
    expect((await describeRepayNow(db, { operatorId, loanId })).requests[0]).toMatchObject({ state: "failed", reason: "insufficient_funds", collected: "0.00" });
    expect((await installment(db, loanId, 2)).status).not.toBe("paid");

    const audited = await db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "repayment.repay_now")));
    expect(audited).toHaveLength(2);
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);
  });

  it("is refused while the due-date debit is still out at the bank, for a key used on another loan, for someone else's loan and on a channel that cannot collect now", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009002" });
    const { operatorId, loanId } = loan;
    const borrowerUserId = await borrowerOf(db, loanId);
    await raisePassbookDebits(db, { operatorId, date: "2026-02-15", secretKey: TEST_SECRET, now: at("2026-02-15", 6) });
    const ask = (input: { key: string; loanId?: string; borrowerUserId?: string }) =>
      requestRepayNow(db, { operatorId, borrowerUserId: input.borrowerUserId ?? borrowerUserId, loanId: input.loanId ?? loanId, idempotencyKey: input.key, deps: passbookDeps, now: at("2026-02-15", 9) });
    expect(await rejection(ask({ key: "form-key-due-0001" }))).toMatchObject({ code: "repayment.in_flight", field: "repayNow" });

    // A loan with no channel that can collect now (none chosen).
    const other = await loanOnChannel(db, "phone_bill", { market: loan.market });
    await db.delete(loanRepaymentChannels).where(eq(loanRepaymentChannels.loanId, other.loanId));
    const otherBorrower = await borrowerOf(db, other.loanId);
    expect(await rejection(ask({ key: "form-key-due-0002", loanId: other.loanId, borrowerUserId: otherBorrower }))).toMatchObject({ code: "repayment.repay_now_unavailable" });
    // Someone else (here the finance user) asking for this borrower's loan: not found.
    expect(await rejection(ask({ key: "form-key-due-0003", borrowerUserId: loan.financeUserId }))).toMatchObject({ code: "repayment.loan_not_found" });
    expect(await rejection(ask({ key: "bad key!" }))).toMatchObject({ code: "idempotency.conflict", field: "repayNow" });

    // A key used for one loan is refused for another.
    const third = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009003" });
    const thirdBorrower = await borrowerOf(db, third.loanId);
    const asked = await requestRepayNow(db, { operatorId: third.operatorId, borrowerUserId: thirdBorrower, loanId: third.loanId, idempotencyKey: "form-key-shared-01", deps: passbookDeps, now: at("2026-01-20") });
    expect(asked.state).toBe("in_progress");
    const fourth = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009004", market: third.market });
    await db.update(loans).set({ borrowerUserId: thirdBorrower }).where(eq(loans.id, fourth.loanId));
    expect(
      await rejection(requestRepayNow(db, { operatorId: third.operatorId, borrowerUserId: thirdBorrower, loanId: fourth.loanId, idempotencyKey: "form-key-shared-01", deps: passbookDeps, now: at("2026-01-20") })),
    ).toMatchObject({ code: "idempotency.conflict", field: "repayNow" });
  });

  it("concurrent requests: twins under one key are one request; two keys at once give one request and one in-flight refusal", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009005" });
    const { operatorId, loanId } = loan;
    const borrowerUserId = await borrowerOf(db, loanId);
    const ask = (key: string) => requestRepayNow(db, { operatorId, borrowerUserId, loanId, idempotencyKey: key, deps: passbookDeps, now: at("2026-01-21") });
    const outcomes = await Promise.allSettled([ask("form-key-race-001"), ask("form-key-race-002")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "repayment.in_flight" });
    expect(await db.select().from(passbookDebitBatches).where(eq(passbookDebitBatches.operatorId, operatorId))).toHaveLength(1);

    const twin = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000009006" });
    const twinBorrower = await borrowerOf(db, twin.loanId);
    const askTwin = () => requestRepayNow(db, { operatorId: twin.operatorId, borrowerUserId: twinBorrower, loanId: twin.loanId, idempotencyKey: "form-key-twin-001", deps: passbookDeps, now: at("2026-01-21") });
    const twins = await Promise.all([askTwin(), askTwin()]);
    expect(twins[0]).toEqual(twins[1]);
    expect(await db.select().from(passbookDebitBatches).where(eq(passbookDebitBatches.operatorId, twin.operatorId))).toHaveLength(1);
  });

  it("phone bill: a request of its own, repaid only on the billing's answer; an outright refusal is answered at once and a new request may follow", async () => {
    const loan = await loanOnChannel(db, "phone_bill");
    const { operatorId, loanId } = loan;
    const borrowerUserId = await borrowerOf(db, loanId);
    const billing = new ScriptedBilling();
    const deps = { channels: { billingFor: () => billing } };
    const ask = (key: string, hour = 10) => requestRepayNow(db, { operatorId, borrowerUserId, loanId, idempotencyKey: key, deps, now: at("2026-01-22", hour) });

    billing.refuseNext = new BillingRequestRefusedError("NOT_SUBSCRIBER", "not our subscriber");
    const refused = await ask("form-key-ph-0001");
    expect(refused).toMatchObject({ source: "phone_bill", state: "failed", reason: "refused", collected: "0.00" });
    expect(refused.reference).toMatch(/^PN20260122T[0-9A-F]{32}R1$/);

    const second = await ask("form-key-ph-0002", 11);
    expect(second).toMatchObject({ state: "in_progress", amount: "1766.67" });
    expect(second.reference).toMatch(/R2$/);
    expect(billing.asked.map((a) => a.amount)).toEqual(["1766.67", "1766.67"]);
    expect(await rejection(ask("form-key-ph-0003", 12))).toMatchObject({ code: "repayment.in_flight" });
    // A replay does not ask the operator again.
    expect(await ask("form-key-ph-0002", 13)).toEqual(second);
    expect(billing.asked).toHaveLength(2);
    expect((await installment(db, loanId, 1)).status).not.toBe("paid");

    // The billing confirms half (the bill had room for no more): that much is applied.
    billing.answers = [{ requestId: second.reference, status: "confirmed", deductedAmount: "883.33", reason: null }];
    expect(await pollPhonebillAnswers(db, { operatorId, billing, now: at("2026-01-22", 14) })).toEqual({ answers: 1, applied: 1, refused: 0 });
    const picture = await describeRepayNow(db, { operatorId, loanId });
    expect(picture).toMatchObject({ channel: "phone_bill", inFlight: false });
    expect(picture.requests.map((r) => [r.state, r.collected])).toEqual([
      ["paid", "883.33"],
      ["failed", "0.00"],
    ]);
    const first = await installment(db, loanId, 1);
    expect(first.status).not.toBe("paid");
    expect(first.interestPaid).toBe("100.00");
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);

    // Without a channel that collects now the page offers none; the requests stay listed.
    await db.delete(loanRepaymentChannels).where(eq(loanRepaymentChannels.loanId, loanId));
    expect(await describeRepayNow(db, { operatorId, loanId })).toMatchObject({ channel: null, requests: [{ source: "phone_bill" }, { source: "phone_bill" }] });
  });
});
