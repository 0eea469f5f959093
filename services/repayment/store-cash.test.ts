import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { ledgerEntries, ledgerPostings, loanApplications, repayments, storeCashUps, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { recordCashTopUp } from "../investing/record-cash-top-up";
import { createInvestor } from "../investing/test-fixtures";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { assignClerk, ensureStore } from "../stores";
import { closeStoreDay, getStoreDay, storeCashReportCsv } from "./close-store-day";
import { describeLoanRepayment } from "./describe-loan-repayment";
import { findBorrowerAtCounter } from "./find-borrower-at-counter";
import { getSettlementCertificate, settlementCertificatePdf } from "./settlement-certificate-pdf";
import { takeStoreRepayment } from "./take-store-repayment";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";

const SECRET = new Uint8Array(32).fill(7);
const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}${error.field ? `@${error.field}` : ""}`;
    throw error;
  }
  throw new Error("expected a DomainError");
}

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2);
}

describeEachDatabase("store cash repayments, the daily cash-up and the settlement certificate", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  let operatorId: string;
  let storeId: string;
  let clerkId: string;

  beforeAll(async () => {
    db = ctx.db;
    // ¥10,000 at 12 % over 6 months, equal principal: installment 1 is 1666.67 + 100.00, due 2026-02-15.
    loan = await createDisbursedLoan(db, { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
    operatorId = loan.market.operatorId;
    storeId = (await ensureStore(db, { operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Chengguan store", addressZh: "人民路 88 号" })).id;
    const [clerk] = await db.insert(users).values({ operatorId, phone: "18600000003", name: "店员小周" }).returning({ id: users.id });
    clerkId = clerk!.id;
    await assignClerk(db, { userId: clerkId, storeId });
    await db
      .update(loanApplications)
      .set({ fullName: "王小明", idNumberMasked: "110105********002X", idNumberHash: lookupHash(SECRET, "id_number", "11010519491231002X") })
      .where(eq(loanApplications.loanId, loan.loanId));
  });

  it("finds the borrower by phone or ID number with what is due and the payoff amount", async () => {
    const [borrower] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, loan.market.borrowerId));
    const byPhone = await findBorrowerAtCounter(db, { operatorId, query: borrower!.phone, secretKey: SECRET, now: at("2026-02-20") });
    const byId = await findBorrowerAtCounter(db, { operatorId, query: "110105 19491231002x", secretKey: SECRET, now: at("2026-02-20") });
    expect(byId.userId).toBe(byPhone.userId);
    expect(byPhone.nameMasked).toBe("王*明");
    expect(byPhone.loans).toHaveLength(1);
    const view = byPhone.loans[0]!;
    expect(view.due.lines.map((l) => [l.n, l.total, l.daysOverdue])).toEqual([[1, "1766.67", 5]]);
    expect(view.payoffTotal).not.toBeNull();
    expect(await codeOf(findBorrowerAtCounter(db, { operatorId, query: "13900000000", secretKey: SECRET }))).toBe("repayment.borrower_not_found@query");
    expect(await codeOf(findBorrowerAtCounter(db, { operatorId, query: "abc", secretKey: SECRET }))).toBe("repayment.lookup_invalid@query");
  });

  it("takes cash for an installment once per receipt number; another loan or amount on the receipt is a field error", async () => {
    const now = at("2026-02-20", 9);
    const input = { operatorId, clerkUserId: clerkId, loanId: loan.loanId, amount: "1766.67", receiptNo: "r-0001", kind: "installment" as const, now };
    const first = await takeStoreRepayment(db, input);
    expect(first).toMatchObject({ replayed: false, principal: "1666.67", interest: "100.00", overpayment: "0.00", storeId });
    const again = await takeStoreRepayment(db, { ...input, now: at("2026-02-20", 9.5) });
    expect(again).toMatchObject({ replayed: true, repaymentId: first.repaymentId });
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect(await balanceOf(db, operatorId, chart.clearingStore(storeId).code)).toBe("1766.67");

    expect(await codeOf(takeStoreRepayment(db, { ...input, amount: "100.00" }))).toBe("idempotency.conflict@receiptNo");
    expect(await codeOf(takeStoreRepayment(db, { ...input, receiptNo: "bad receipt!" }))).toBe("repayment.invalid_reference@receiptNo");
    expect(await codeOf(takeStoreRepayment(db, { ...input, receiptNo: "R-0002", amount: "0" }))).toBe("repayment.invalid_amount@amount");
    expect(await codeOf(takeStoreRepayment(db, { ...input, receiptNo: "R-0002", amount: "10", kind: "payoff" }))).toBe("repayment.payoff_short@amount");
  });

  it("closes the day once: one balanced entry custody:bank / clearing:store for repayments and top-ups, and the report CSV", async () => {
    const investor = await createInvestor(db, loan.market);
    await db.update(users).set({ phone: "18600000042" }).where(eq(users.id, investor));
    await recordCashTopUp(db, { operatorId, clerkUserId: clerkId, investorPhone: "18600000042", amount: "500.00", receiptNo: "T-0001", idempotencyKey: "top-up-key-0001", now: at("2026-02-20", 11) });
    // A top-up's receipt number cannot be used again for a repayment.
    expect(await codeOf(takeStoreRepayment(db, { operatorId, clerkUserId: clerkId, loanId: loan.loanId, amount: "1.00", receiptNo: "T-0001", kind: "installment", now: at("2026-02-20", 12) }))).toBe("repayment.receipt_taken@receiptNo");

    const day = await getStoreDay(db, { operatorId, clerkUserId: clerkId, now: at("2026-02-20", 17) });
    expect(day).toMatchObject({ businessDate: "2026-02-20", repaymentCount: 1, repaymentTotal: "1766.67", topUpCount: 1, topUpTotal: "500.00", total: "2266.67", cashUp: null });

    const closed = await closeStoreDay(db, { operatorId, clerkUserId: clerkId, now: at("2026-02-20", 18) });
    expect(closed.replayed).toBe(false);
    expect(closed.cashUp).toMatchObject({ repaymentCount: 1, repaymentTotal: "1766.67", topUpCount: 1, topUpTotal: "500.00" });
    const [entry] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, closed.cashUp.entryId!));
    expect(entry!.idempotencyKey).toBe(`cash-up:${storeId}:2026-02-20`);
    const postings = await db.select().from(ledgerPostings).where(eq(ledgerPostings.entryId, entry!.id));
    expect(postings.reduce((t, p) => t + Math.round(Number(p.amount) * 100), 0)).toBe(0);
    expect(await balanceOf(db, operatorId, chart.clearingStore(storeId).code)).toBe("0.00");

    const twice = await closeStoreDay(db, { operatorId, clerkUserId: clerkId, now: at("2026-02-20", 19) });
    expect(twice).toMatchObject({ replayed: true, cashUp: { id: closed.cashUp.id } });
    expect(await db.select().from(storeCashUps).where(and(eq(storeCashUps.storeId, storeId)))).toHaveLength(1);
    expect(await balanceOf(db, operatorId, chart.custodyBank().code)).not.toBe("0.00");

    // The day is closed: no more cash on it, but the same receipt resubmitted still answers as before.
    expect(await codeOf(takeStoreRepayment(db, { operatorId, clerkUserId: clerkId, loanId: loan.loanId, amount: "50.00", receiptNo: "R-0003", kind: "installment", now: at("2026-02-20", 20) }))).toBe("repayment.day_closed");
    expect((await takeStoreRepayment(db, { operatorId, clerkUserId: clerkId, loanId: loan.loanId, amount: "1766.67", receiptNo: "R-0001", kind: "installment", now: at("2026-02-20", 20) })).replayed).toBe(true);

    const report = storeCashReportCsv(await getStoreDay(db, { operatorId, clerkUserId: clerkId, date: "2026-02-20" }));
    expect(report.fileName).toBe("store-cash-S001-20260220.csv");
    expect(report.csv).toBe(
      "\uFEFF" +
        [
          '"store_code","business_date","receipt_no","kind","amount_cny","clerk"',
          '"S001","2026-02-20","R-0001","REPAYMENT",1766.67,"186****0003"',
          '"S001","2026-02-20","T-0001","TOP_UP",500.00,"186****0003"',
        ].join("\r\n") +
        "\r\n",
    );
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);
  });

  it("a payoff closes the loan; the certificate carries its number, the amount and the name (text extracted from the PDF)", async () => {
    expect(await codeOf(getSettlementCertificate(db, { operatorId, loanId: loan.loanId }))).toBe("certificate.not_settled");
    const now = at("2026-02-21", 10);
    const view = await describeLoanRepayment(db, { operatorId, loanId: loan.loanId, now });
    // Installment 1 was paid on 02-20; installment 2 (due 03-15) is offered as paying ahead, not as due now.
    expect(view.due).toMatchObject({ ahead: true, total: "1750.00" });
    expect(view.due.lines.map((l) => [l.n, l.dueDate])).toEqual([[2, "2026-03-15"]]);
    const paid = await takeStoreRepayment(db, { operatorId, clerkUserId: clerkId, loanId: loan.loanId, amount: view.payoffTotal!, receiptNo: "R-0004", kind: "payoff", now });
    expect(paid.loanClosed).toBe(true);
    const after = await describeLoanRepayment(db, { operatorId, loanId: loan.loanId, now });
    expect(after).toMatchObject({ status: "closed", payoffTotal: null });
    expect(after.repayments.map((r) => r.reference)).toEqual(["R-0004", "R-0001"]);
    expect(await codeOf(getSettlementCertificate(db, { operatorId, loanId: loan.loanId, borrowerUserId: clerkId }))).toBe("certificate.not_settled");
    const cert = await getSettlementCertificate(db, { operatorId, loanId: loan.loanId, borrowerUserId: loan.market.borrowerId });
    expect(cert).toMatchObject({ borrowerName: "王小明", amount: "10000.00", settledOn: "2026-02-21", totalPrincipal: "10000.00" });
    const pdf = await settlementCertificatePdf(cert);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    let text = "";
    for (let p = 1; p <= document.numPages; p++) {
      const content = await (await document.getPage(p)).getTextContent();
      text += content.items.map((item) => ("str" in item ? item.str : "")).join("");
    }
    for (const expected of ["结清证明", cert.certificateNo, "王小明", "110105********002X", "人民币 10,000.00 元", cert.loanNo, "全部结清", "2026年2月21日"]) expect(text).toContain(expected);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
