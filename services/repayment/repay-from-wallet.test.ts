import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { loanInstallments, loans, repayments } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { fund } from "../investing/test-fixtures";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { startOfBeijingDay } from "../shared/calendar";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { describeLoanRepayment } from "./describe-loan-repayment";
import { onlineReference, repayFromWallet } from "./repay-from-wallet";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";

const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

async function walletOf(db: Db, operatorId: string, userId: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code: chart.walletAvailable(userId).code });
  return account ? (await getBalance(db, { operatorId, accountId: account.id })).availableCny.toFixed(2) : "0.00";
}

describeEachDatabase("repaying online from the wallet", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;

  beforeAll(async () => {
    db = ctx.db;
    // ¥10,000 at 12 % over 6 months, equal principal; two investors.
    loan = await createDisbursedLoan(db, { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
    await fund(db, loan.market, loan.market.borrowerId, "3000.00");
  });

  it("pays the installment due from the wallet in one repayment through the wallet channel; a repeated submit is one payment", async () => {
    const { operatorId, borrowerId } = loan.market;
    const input = { operatorId, borrowerUserId: borrowerId, loanId: loan.loanId, amount: "1766.67", kind: "installment" as const, idempotencyKey: "form-key-0001", now: at("2026-02-15") };
    const first = await repayFromWallet(db, input);
    expect(first).toMatchObject({ replayed: false, principal: "1666.67", interest: "100.00", overpayment: "0.00" });
    expect((await repayFromWallet(db, input)).replayed).toBe(true);
    expect(await codeOf(repayFromWallet(db, { ...input, amount: "100.00" }))).toBe("idempotency.conflict");
    const rows = await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "wallet", reference: onlineReference("form-key-0001"), amount: "1766.67" });
    expect(await walletOf(db, operatorId, borrowerId)).toBe("1233.33");
    const [installment] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
    expect(installment!.status).toBe("paid");
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);
  });

  it("refuses more than the wallet holds, more than is due, another person's loan and bad amounts, beside the amount", async () => {
    const { operatorId, borrowerId } = loan.market;
    const base = { operatorId, borrowerUserId: borrowerId, loanId: loan.loanId, kind: "installment" as const, now: at("2026-03-15") };
    expect(await codeOf(repayFromWallet(db, { ...base, amount: "1500.00", idempotencyKey: "form-key-0002" }))).toBe("repayment.wallet_insufficient");
    expect(await codeOf(repayFromWallet(db, { ...base, amount: "abc", idempotencyKey: "form-key-0003" }))).toBe("repayment.invalid_amount");
    expect(await codeOf(repayFromWallet(db, { ...base, amount: "10", borrowerUserId: loan.investorIds[0]!, idempotencyKey: "form-key-0004" }))).toBe("repayment.loan_not_found");
    await fund(db, loan.market, borrowerId, "9000.00");
    const tooMuch = repayFromWallet(db, { ...base, amount: "9000.00", idempotencyKey: "form-key-0005" });
    expect(await codeOf(tooMuch)).toBe("repayment.wallet_overpayment");
  });

  it("pays the loan off early from the wallet at the payoff quote, closing it", async () => {
    const { operatorId, borrowerId } = loan.market;
    const now = at("2026-03-20");
    const view = await describeLoanRepayment(db, { operatorId, loanId: loan.loanId, now });
    const paid = await repayFromWallet(db, { operatorId, borrowerUserId: borrowerId, loanId: loan.loanId, amount: view.payoffTotal!, kind: "payoff", idempotencyKey: "form-key-0006", now });
    expect(paid.loanClosed).toBe(true);
    expect((await db.select().from(loans).where(eq(loans.id, loan.loanId)))[0]!.status).toBe("closed");
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);
  });
});
