import Decimal from "decimal.js";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { loanDelinquency, loanInstallments, loans, repayments, settlementCertificates } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { ensureStore } from "../stores";
import { startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { applyRepayments } from "./apply-repayments";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";

const SYSTEM = { system: "test" };
const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2);
}


describeEachDatabase("applying repayments", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  let storeId: string;

  beforeAll(async () => {
    db = ctx.db;
    // ¥10,000 at 12 % over 6 months, equal principal; three investors 50 / 30 / 20 %.
    loan = await createDisbursedLoan(db, { investments: ["5000.00", "3000.00", "2000.00"], disbursedAt: at("2026-01-15") });
    storeId = (await ensureStore(db, { operatorId: loan.market.operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Store", addressZh: "人民路 88 号" })).id;
  });

  it("splits an installment among the investors by outstanding principal, net of the service fee, in one balanced entry", async () => {
    const { operatorId } = loan.market;
    const [first] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
    expect(first).toMatchObject({ principal: "1666.67", interest: "100.00" });
    const [applied] = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: "PD20260215U000001", amountCny: "1766.67", receivedAt: at(first!.dueDate) }],
    });
    expect(applied).toMatchObject({ replayed: false, principal: "1666.67", interest: "100.00", penalty: "0.00", overpayment: "0.00", loanClosed: false });
    expect(applied!.entryIds).toHaveLength(1);

    // Interest 100.00, fee 10 % = 10.00, investors get 90.00 split 45 / 27 / 18; principal 1666.67 split by 5:3:2.
    const wallets = await Promise.all(loan.investorIds.map((id) => balanceOf(db, operatorId, chart.walletAvailable(id).code)));
    const claims = await Promise.all(loan.investorIds.map((id) => balanceOf(db, operatorId, chart.claim(id, loan.loanId).code)));
    expect(wallets).toEqual(["878.34", "527.00", "351.33"]);
    expect(claims).toEqual(["4166.66", "2500.00", "1666.67"]);
    expect(await balanceOf(db, operatorId, chart.revenueServiceFee().code)).toBe("10.00");
    expect(await balanceOf(db, operatorId, chart.loanPrincipal(loan.loanId).code)).toBe("8333.33");
    const [row] = await db.select().from(repayments).where(eq(repayments.id, applied!.repaymentId));
    expect(row!.weights).toEqual(
      expect.arrayContaining([{ investorUserId: loan.investorIds[0], outstandingPrincipal: "5000.00" }]),
    );
    const [installment] = await db.select().from(loanInstallments).where(eq(loanInstallments.id, first!.id));
    expect(installment).toMatchObject({ status: "paid", principalPaid: "1666.67", interestPaid: "100.00" });
  });

  it("applies a repeated event once and refuses the same reference with another amount", async () => {
    const { operatorId } = loan.market;
    const again = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: "PD20260215U000001", amountCny: "1766.67", receivedAt: at("2026-02-16") }],
    });
    expect(again[0]!.replayed).toBe(true);
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect(
      await codeOf(
        applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: "PD20260215U000001", amountCny: "1.00", receivedAt: at("2026-02-16") }] }),
      ),
    ).toBe("idempotency.conflict");
  });

  it("takes a partial payment in the configured order and keeps an overpayment in the borrower's wallet", async () => {
    const { operatorId, borrowerId } = loan.market;
    // Installment 2 (principal 1666.67, interest 83.33): ¥50 covers interest first.
    const [partial] = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "store_cash", storeId, reference: "R0001", amountCny: "50.00", receivedAt: at("2026-03-15") }],
    });
    expect(partial).toMatchObject({ interest: "50.00", principal: "0.00", overpayment: "0.00" });
    const [second] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 2)));
    expect(second).toMatchObject({ status: "partial", interestPaid: "50.00" });
    // ¥2,000 more: the rest of installment 2 (1700.00), 300.00 kept for later.
    const [over] = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "store_cash", storeId, reference: "R0002", amountCny: "2000.00", receivedAt: at("2026-03-15", 11) }],
    });
    expect(over).toMatchObject({ interest: "33.33", principal: "1666.67", overpayment: "300.00" });
    expect(await balanceOf(db, operatorId, chart.walletAvailable(borrowerId).code)).toBe("300.00");
    expect(await balanceOf(db, operatorId, chart.clearingStore(storeId).code)).toBe("2050.00");
  });

  it("pays a loan off early with interest only to the payoff day, closes it and issues a settlement certificate", async () => {
    const { operatorId } = loan.market;
    // Outstanding 6666.66 after two installments; installment 3 runs 2026-03-15 → 2026-04-15 (31 days),
    // paid off on 2026-03-25 (10 days): interest 66.67 × 10 / 31 = 21.51; installments 4–6 interest waived.
    const short = codeOf(
      applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ loanId: loan.loanId, source: "store_cash", storeId, reference: "R0003", amountCny: "6000.00", kind: "payoff", receivedAt: at("2026-03-25") }] }),
    );
    expect(await short).toBe("repayment.payoff_short");
    const [payoff] = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "store_cash", storeId, reference: "R0003", amountCny: "6688.17", kind: "payoff", receivedAt: at("2026-03-25") }],
      now: at("2026-03-25"),
    });
    expect(payoff).toMatchObject({ principal: "6666.66", interest: "21.51", overpayment: "0.00", loanClosed: true });
    const [closed] = await db.select().from(loans).where(eq(loans.id, loan.loanId));
    expect(closed!.status).toBe("closed");
    const installments = await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan.loanId)).orderBy(asc(loanInstallments.n));
    expect(installments.every((i) => i.status === "paid")).toBe(true);
    expect(installments.slice(3).every((i) => new Decimal(i.interestWaived).eq(i.interest))).toBe(true);
    for (const id of loan.investorIds) expect(await balanceOf(db, operatorId, chart.claim(id, loan.loanId).code)).toBe("0.00");
    expect(await balanceOf(db, operatorId, chart.loanPrincipal(loan.loanId).code)).toBe("0.00");
    const [certificate] = await db.select().from(settlementCertificates).where(eq(settlementCertificates.loanId, loan.loanId));
    expect(certificate).toMatchObject({ totalPrincipal: "10000.00", settledOn: "2026-03-25" });
    const [delinquency] = await db.select().from(loanDelinquency).where(eq(loanDelinquency.loanId, loan.loanId));
    expect(delinquency!.bucket).toBe("current");
  });

  it("keeps money that arrives after the loan is paid off (a late debit result) in the borrower's wallet", async () => {
    const { operatorId, borrowerId } = loan.market;
    const before = new Decimal(await balanceOf(db, operatorId, chart.walletAvailable(borrowerId).code));
    const [late] = await applyRepayments(db, {
      operatorId,
      postedBy: SYSTEM,
      requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: "PD20260415U000009", amountCny: "1733.34", receivedAt: at("2026-04-15") }],
    });
    expect(late).toMatchObject({ principal: "0.00", interest: "0.00", overpayment: "1733.34" });
    expect(await balanceOf(db, operatorId, chart.walletAvailable(borrowerId).code)).toBe(before.plus("1733.34").toFixed(2));
    const report = await checkLedger(db, { operatorId });
    expect(report.violations).toEqual([]);
  });

  it("refuses bad input before touching anything", async () => {
    const { operatorId } = loan.market;
    const request = { loanId: loan.loanId, source: "passbook_debit" as const, reference: "PD-X", receivedAt: at("2026-04-15") };
    expect(await codeOf(applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ ...request, amountCny: "0" }] }))).toBe("repayment.invalid_amount");
    expect(await codeOf(applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ ...request, amountCny: "1.001" }] }))).toBe("repayment.invalid_amount");
    expect(await codeOf(applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ ...request, amountCny: "1", reference: "bad ref!" }] }))).toBe("repayment.invalid_reference");
    expect(await codeOf(applyRepayments(db, { operatorId, postedBy: SYSTEM, requests: [{ ...request, amountCny: "1", source: "store_cash" }] }))).toBe("repayment.store_required");
  });
});
