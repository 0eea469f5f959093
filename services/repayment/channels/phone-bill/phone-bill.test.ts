import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../../../db/client";
import { auditLog, dueRuns, loanInstallments, passbookDebitInstructions, phonebillDeductions, repayments } from "../../../../db/schema";
import { describeEachDatabase } from "../../../../db/testing";
import { chart, checkLedger, getAccountByCode, getBalance } from "../../../ledger";
import { createTestSms } from "../../../sms/testing/test-sms";
import { DomainError } from "../../../shared/errors";
import { CHANNEL_AND_COLLECTION_STEPS } from "../../../jobs/default-due-steps";
import { runDueProcessing } from "../../run-due-processing";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import { runPassbookDebits } from "../passbook-debit/run-passbook-debits";
import type { BillingAnswer, OperatorBillingAdapter } from "./operator-billing-adapter";
import { readSettlement } from "./settlement-statement";
import { recordPhonebillSettlement } from "./record-phonebill-settlement";
import { requestPhonebillDeductions } from "./request-phonebill-deductions";
import { openSandboxPassbook } from "../passbook-debit/sandbox-bank";
import { sandboxBillingAnswer, SandboxOperatorBilling } from "./sandbox-operator-billing";
import { at, loanOnChannel, TEST_SECRET } from "../testing";

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2);
}

/** Records what was asked; answers only what a test scripts. */
class ScriptedBilling implements OperatorBillingAdapter {
  requests: { requestId: string; phone: string; amount: string }[] = [];
  async requestDeduction(request: { requestId: string; phone: string; amount: string }) {
    this.requests.push(request);
  }
  async pollAnswers(): Promise<BillingAnswer[]> {
    return [];
  }
}

type Row = { r: string; i: string; d: string; e: string };

async function deductionsOf(db: Db, loanId: string) {
  return db.select().from(phonebillDeductions).where(eq(phonebillDeductions.loanId, loanId)).orderBy(asc(phonebillDeductions.requestedAt));
}

describeEachDatabase("phone-bill deduction", (ctx) => {
  let db: Db;
  beforeAll(() => {
    db = ctx.db;
  });

  it("asks once per installment and day, applies a confirmation once however often it is delivered, and books the settlement net of commission", async () => {
    const loan = await loanOnChannel(db, "phone_bill");
    const { operatorId } = loan;
    const billing = new ScriptedBilling();
    expect(await requestPhonebillDeductions(db, { operatorId, date: "2026-02-14", billing })).toEqual({ requested: 0 });
    expect(await requestPhonebillDeductions(db, { operatorId, date: "2026-02-15", billing, now: at("2026-02-15", 6) })).toEqual({ requested: 1 });
    expect(await requestPhonebillDeductions(db, { operatorId, date: "2026-02-15", billing })).toEqual({ requested: 0 });
    expect(billing.requests).toHaveLength(1);
    const requestId = billing.requests[0]!.requestId;
    expect(requestId).toMatch(/^PB20260215T[0-9A-F]{32}N1$/);
    expect(billing.requests[0]!.amount).toBe("1766.67");

    const answer: BillingAnswer = { requestId, status: "confirmed", deductedAmount: "1766.67", reason: null };
    const now = at("2026-02-15", 20);
    expect((await applyPhonebillAnswers(db, { operatorId, answers: [answer], now }))[0]!.outcome).toBe("applied");
    expect((await applyPhonebillAnswers(db, { operatorId, answers: [answer, answer], now }))!.map((r) => r.outcome)).toEqual(["unchanged", "unchanged"]);
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect((await deductionsOf(db, loan.loanId))[0]).toMatchObject({ status: "confirmed", deductedAmount: "1766.67" });
    expect(await balanceOf(db, operatorId, chart.clearingPhonebill().code)).toBe("1766.67");

    // The operator's settlement for the day (sandbox, 1 % commission): its commission is booked; the net waits in clearing for the bank.
    const file = await new SandboxOperatorBilling(db, operatorId).settlementFile("2026-02-15");
    expect(file!.lines[0]).toMatchObject({ requestId, deducted: "1766.67", commission: "17.67", net: "1749.00", deductedOn: "2026-02-15" });
    const lines = readSettlement(file!.csv);
    const custodyBefore = await balanceOf(db, operatorId, chart.custodyBank().code);
    const recorded = await recordPhonebillSettlement(db, { operatorId, settlementId: file!.settlementId, lines, postedBy: { userId: loan.financeUserId } });
    expect(recorded).toMatchObject({ replayed: false, gross: "1766.67", commission: "17.67", net: "1749.00", lineCount: 1 });
    expect(await balanceOf(db, operatorId, chart.clearingPhonebill().code)).toBe("1749.00");
    expect(await balanceOf(db, operatorId, chart.custodyBank().code)).toBe(custodyBefore);
    expect(await balanceOf(db, operatorId, chart.expenseChannelFee().code)).toBe("17.67");
    const again = await recordPhonebillSettlement(db, { operatorId, settlementId: file!.settlementId, lines, postedBy: { userId: loan.financeUserId } });
    expect(again).toMatchObject({ replayed: true, entryId: recorded.entryId });
    expect(await balanceOf(db, operatorId, chart.expenseChannelFee().code)).toBe("17.67");
    expect((await deductionsOf(db, loan.loanId))[0]!.settlementId).toBe(file!.settlementId);
    expect(await new SandboxOperatorBilling(db, operatorId).settlementFile("2026-02-15")).toBeNull();
    // A settlement line for money we never confirmed is refused whole.
    const wrong = await recordPhonebillSettlement(db, { operatorId, settlementId: "ST-OTHER", lines: [{ ...lines[0]!, settlementId: "ST-OTHER" }] }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DomainError);
    expect((wrong as DomainError).details).toMatchObject({ line: 2 });
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
    // Both imports audited (the refused one kept nothing, its audit row neither); the repeat says so.
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "phonebill.settlement_imported"))).orderBy(asc(auditLog.createdAt));
    expect(audited.map((a) => [a.actorUserId, a.subject, (a.details as { replayed: boolean }).replayed])).toEqual([
      [loan.financeUserId, file!.settlementId, false],
      [loan.financeUserId, file!.settlementId, true],
    ]);
  });

  it("applies a partial confirmation and asks for the rest the next day; a refusal is recorded and a late confirmation still applied", async () => {
    const loan = await loanOnChannel(db, "phone_bill");
    const { operatorId } = loan;
    const billing = new ScriptedBilling();
    await requestPhonebillDeductions(db, { operatorId, date: "2026-02-15", billing, now: at("2026-02-15", 6) });
    const first = billing.requests[0]!.requestId;
    const partial = await applyPhonebillAnswers(db, { operatorId, answers: [{ requestId: first, status: "confirmed", deductedAmount: "1000.00", reason: "额度不足" }], now: at("2026-02-15", 20) });
    expect(partial[0]!.outcome).toBe("applied");
    const [installment] = await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan.loanId)).orderBy(asc(loanInstallments.n)).limit(1);
    expect(installment).toMatchObject({ status: "partial", principalPaid: "900.00" });

    await requestPhonebillDeductions(db, { operatorId, date: "2026-02-16", billing, now: at("2026-02-16", 6) });
    const second = billing.requests[1]!;
    expect(second).toMatchObject({ amount: "766.67" });
    expect(second.requestId).toMatch(/^PB20260216/);
    const refused = await applyPhonebillAnswers(db, { operatorId, answers: [{ requestId: second.requestId, status: "refused", deductedAmount: "0.00", reason: "欠费停机" }], now: at("2026-02-16", 20) });
    expect(refused[0]!.outcome).toBe("refused");
    expect((await deductionsOf(db, loan.loanId))[1]).toMatchObject({ status: "refused", refusalReason: "欠费停机" });
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);

    // Defined order: a confirmation after a refusal is applied (money taken); a refusal after a confirmation is ignored.
    const late = await applyPhonebillAnswers(db, { operatorId, answers: [{ requestId: second.requestId, status: "confirmed", deductedAmount: "766.67", reason: null }], now: at("2026-02-17", 9) });
    expect(late[0]!.outcome).toBe("applied_late");
    const contrary = await applyPhonebillAnswers(db, { operatorId, answers: [{ requestId: first, status: "refused", deductedAmount: "0.00", reason: "x" }, { requestId: "PBNOSUCH", status: "confirmed", deductedAmount: "1.00", reason: null }] });
    expect(contrary.map((r) => r.outcome)).toEqual(["ignored", "unknown"]);
    const [paid] = await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan.loanId)).orderBy(asc(loanInstallments.n)).limit(1);
    expect(paid!.status).toBe("paid");
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
  });

  it("applies one delivery of many answers in order, in one transaction: repeats, refusal then confirmation, confirmation then refusal; a replay changes nothing", async () => {
    const first = await loanOnChannel(db, "phone_bill");
    const { operatorId } = first;
    const second = await loanOnChannel(db, "phone_bill", { market: first.market });
    const third = await loanOnChannel(db, "phone_bill", { market: first.market });
    const billing = new ScriptedBilling();
    expect(await requestPhonebillDeductions(db, { operatorId, date: "2026-02-15", billing, now: at("2026-02-15", 6) })).toEqual({ requested: 3 });
    const idOf = async (loanId: string) => (await deductionsOf(db, loanId))[0]!.requestId;
    const [a, b, c] = [await idOf(first.loanId), await idOf(second.loanId), await idOf(third.loanId)];
    const confirm = (requestId: string): BillingAnswer => ({ requestId, status: "confirmed", deductedAmount: "1766.67", reason: null });
    const refuse = (requestId: string): BillingAnswer => ({ requestId, status: "refused", deductedAmount: "0.00", reason: "欠费停机" });
    const delivery = [confirm(a), confirm(a), refuse(b), confirm(b), confirm(c), refuse(c), confirm("PBNOSUCH")];
    const results = await applyPhonebillAnswers(db, { operatorId, answers: delivery, now: at("2026-02-15", 20) });
    expect(results.map((r) => [r.requestId, r.outcome])).toEqual([
      [a, "applied"], [a, "unchanged"], [b, "refused"], [b, "applied_late"], [c, "applied"], [c, "ignored"], ["PBNOSUCH", "unknown"],
    ]);
    const booked = await db.select().from(repayments).where(eq(repayments.operatorId, operatorId));
    expect(booked).toHaveLength(3);
    const repaymentOf = new Map(booked.map((r) => [r.reference, r.id]));
    expect(results.map((r) => r.repaymentId)).toEqual([repaymentOf.get(a), repaymentOf.get(a), null, repaymentOf.get(b), repaymentOf.get(c), repaymentOf.get(c), null]);
    for (const loan of [first, second, third]) {
      expect((await deductionsOf(db, loan.loanId))[0]).toMatchObject({ status: "confirmed", deductedAmount: "1766.67", repaymentId: repaymentOf.get(await idOf(loan.loanId)) });
    }
    expect(await balanceOf(db, operatorId, chart.clearingPhonebill().code)).toBe("5300.01");

    const again = await applyPhonebillAnswers(db, { operatorId, answers: delivery, now: at("2026-02-16", 8) });
    expect(again.map((r) => r.outcome)).toEqual(["unchanged", "unchanged", "ignored", "unchanged", "unchanged", "ignored", "unknown"]);
    expect(await db.select().from(repayments).where(eq(repayments.operatorId, operatorId))).toHaveLength(3);
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
  });

  it("refuses a delivery whose answer deducted more than was asked, writing nothing of it", async () => {
    const first = await loanOnChannel(db, "phone_bill");
    const { operatorId } = first;
    const second = await loanOnChannel(db, "phone_bill", { market: first.market });
    await requestPhonebillDeductions(db, { operatorId, date: "2026-02-15", billing: new ScriptedBilling(), now: at("2026-02-15", 6) });
    const [good] = await deductionsOf(db, first.loanId);
    const [bad] = await deductionsOf(db, second.loanId);
    const refused = await applyPhonebillAnswers(db, {
      operatorId,
      answers: [
        { requestId: good!.requestId, status: "confirmed", deductedAmount: "1766.67", reason: null },
        { requestId: bad!.requestId, status: "confirmed", deductedAmount: "1766.68", reason: null },
      ],
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "repayment.invalid_amount", field: "deductedAmount", details: { requestId: bad!.requestId } });
    expect((await deductionsOf(db, first.loanId))[0]).toMatchObject({ status: "requested", repaymentId: null });
    expect(await db.select().from(repayments).where(eq(repayments.operatorId, operatorId))).toHaveLength(0);
  });

  it("sandbox billing answers on the next poll, deterministically by request id", async () => {
    const loan = await loanOnChannel(db, "phone_bill");
    const billing = new SandboxOperatorBilling(db, loan.operatorId);
    expect(await billing.pollAnswers()).toEqual([]);
    await requestPhonebillDeductions(db, { operatorId: loan.operatorId, date: "2026-02-15", billing });
    const answers = await billing.pollAnswers();
    expect(answers).toHaveLength(1);
    expect(await billing.pollAnswers()).toEqual(answers);
    const outcomes = Array.from({ length: 200 }, (_, i) => sandboxBillingAnswer(`PB20260215X${i}`, "100.00"));
    expect(outcomes.filter((a) => a.status === "confirmed" && a.deductedAmount === "100.00").length).toBeGreaterThan(100);
    expect(outcomes.some((a) => a.status === "confirmed" && a.deductedAmount === "50.00")).toBe(true);
    expect(outcomes.some((a) => a.status === "refused")).toBe(true);
    expect(sandboxBillingAnswer("PB1", "100.00")).toEqual(sandboxBillingAnswer("PB1", "100.00"));
  });

  it("due processing with the channel steps does the day's work once: a second run of the same date changes nothing", async () => {
    const passbook = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000100" });
    const operatorId = passbook.operatorId;
    await openSandboxPassbook(db, { operatorId, accountNo: "6230000000000100", balance: "5000.00" });
    const deps = { smsSenderFor: createTestSms().senderFor, extraSteps: CHANNEL_AND_COLLECTION_STEPS, channels: { secretKey: TEST_SECRET } };
    const snapshot = async () => {
      const [counts] = await db.execute(
        sql`select (select count(*) from repayments where operator_id = ${operatorId}::uuid)::text as r,
                   (select string_agg(reference || status, ',') from passbook_debit_instructions where operator_id = ${operatorId}::uuid) as i,
                   (select count(*) from phonebill_deductions where operator_id = ${operatorId}::uuid)::text as d,
                   (select count(*) from ledger_entries where operator_id = ${operatorId}::uuid)::text as e`,
      ).then((res: unknown) => (res && typeof res === "object" && "rows" in res ? (res as { rows: Row[] }).rows : (res as Row[])));
      return counts;
    };
    const first = await runDueProcessing(db, { operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 2) });
    expect(first.alreadyDone).toBe(false);
    expect(first.progress.passbook_debits).toMatchObject({ finished: true, done: 1, total: 1 });
    expect(first.progress.phone_bill_deductions?.finished).toBe(true);
    const instructions = await db.select().from(passbookDebitInstructions).where(eq(passbookDebitInstructions.operatorId, operatorId));
    expect(instructions).toEqual([expect.objectContaining({ status: "succeeded", amount: "1766.67" })]);
    const before = await snapshot();
    expect(before!.r).toBe("1");

    const second = await runDueProcessing(db, { operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 3) });
    expect(second.alreadyDone).toBe(true);
    // The step itself run again for the date (a resumed run) changes nothing either.
    await runPassbookDebits({ db, operatorId, date: "2026-02-15", now: at("2026-02-15", 4), deps, progress: async () => {}, markUnavailable: async () => {} });
    expect(await snapshot()).toEqual(before);
    expect(await db.select().from(dueRuns).where(eq(dueRuns.operatorId, operatorId))).toHaveLength(1);
  });
});
