import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { eq } from "drizzle-orm";
import { loanInstallments, loans } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { invest } from "../investing";
import { createInvestor, disburseForTest, createMarket, repayForTest, type Market } from "../investing/test-fixtures";
import { chart, makeBalanceSnapshots, openAccount, postEntry } from "../ledger";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import { createUser } from "../ledger/test-fixtures";
import { openLoanForFunding } from "../lending";
import { buildDisclosureReport, lastFullMonth, monthBound, monthBounds, shiftMonth, type DisclosureFigures } from "./build-disclosure-report";
import { monthFacts } from "./month-facts";
import { checkDisclosureMonths } from "./check-disclosure-months";
import { disclosureCsv } from "./disclosure-csv";
import { keptLedgerMonthFigures } from "./ledger-month-figures";
import { makeDisclosureMonths } from "./make-disclosure-months";
import { disclosurePdf } from "./disclosure-pdf";
import type { DisclosureLabels } from "./labels";
import { presentDisclosure } from "./present";

/** A Beijing wall-clock time as an instant. */
const bj = (local: string) => new Date(`${local}+08:00`);

interface LoanSpec {
  borrower: string;
  amount: string;
  disbursedAt: Date;
  /** Investors and their parts (sum = amount). */
  investors: Array<[string, string]>;
  /** Due dates of the installments (Beijing calendar days); principal split evenly, the last takes the rest. */
  dueDates: string[];
  /** Installments (1-based) paid in full, and when; the ledger gets the principal repayment then. */
  paid?: Record<number, Date>;
  /** Installment partly paid (principal part), status partial, paid_at null; ledger posting at `at`. */
  partial?: { n: number; principal: string; interest: string; at: Date };
  closedAt?: Date;
}

async function topUp(db: Db, operatorId: string, userId: string, amount: string) {
  const clearing = await openAccount(db, { operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(db, { operatorId, ...chart.walletAvailable(userId) });
  await postEntry(db, {
    operatorId,
    idempotencyKey: `top-up:${randomUUID()}`,
    kind: "top_up",
    cause: { type: "top_up", id: randomUUID() },
    postedBy: { system: "test" },
    postings: [
      { accountId: clearing.id, amountCny: amount },
      { accountId: wallet.id, amountCny: `-${amount}` },
    ],
    now: bj("2024-01-01T09:00:00"),
  });
}

/** Lists, funds (registered investors through the invest use case), disburses (the funding contract's entries) and schedules one loan at a past moment. */
async function seedLoan(db: Db, market: Market, spec: LoanSpec) {
  const { operatorId } = market;
  const loan = await openLoanForFunding(db, {
    operatorId,
    borrowerUserId: spec.borrower,
    productId: market.productId,
    amountCny: spec.amount,
    titleZh: "披露测试",
    regionZh: "河南省周口市",
    now: new Date(spec.disbursedAt.getTime() - 86_400_000),
  });
  for (const [investor, part] of spec.investors) {
    await invest(db, { operatorId, loanId: loan.id, investorUserId: investor, amount: part, idempotencyKey: randomUUID(), now: new Date(spec.disbursedAt.getTime() - 3_600_000) });
  }
  await disburseForTest(db, operatorId, loan.id, spec.disbursedAt);
  const amount = new Decimal(spec.amount);
  const each = amount.div(spec.dueDates.length).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const rows = spec.dueDates.map((dueDate, k) => {
    const n = k + 1;
    const principal = n === spec.dueDates.length ? amount.minus(each.times(spec.dueDates.length - 1)) : each;
    const interest = amount.times("0.01").toDecimalPlaces(2);
    const paidAt = spec.paid?.[n];
    const partial = spec.partial?.n === n ? spec.partial : undefined;
    return {
      operatorId,
      loanId: loan.id,
      n,
      dueDate,
      principal: principal.toFixed(2),
      interest: interest.toFixed(2),
      payment: principal.plus(interest).toFixed(2),
      principalPaid: paidAt ? principal.toFixed(2) : (partial?.principal ?? "0"),
      interestPaid: paidAt ? interest.toFixed(2) : (partial?.interest ?? "0"),
      status: paidAt ? ("paid" as const) : partial ? ("partial" as const) : ("scheduled" as const),
      paidAt: paidAt ?? null,
      createdAt: spec.disbursedAt,
    };
  });
  await db.insert(loanInstallments).values(rows);
  // Principal repayments on the ledger, split among the investors by their parts.
  const repay = async (principal: Decimal, at: Date) => {
    for (const [investor, part] of spec.investors) {
      const p = principal.times(part).div(amount).toDecimalPlaces(2);
      await repayForTest(db, { operatorId, loanId: loan.id, investorId: investor, principal: p.toFixed(2), interestNet: "1.00", fee: "0.10", at });
    }
  };
  for (const row of rows) if (row.paidAt) await repay(new Decimal(row.principal), row.paidAt);
  if (spec.partial && spec.investors.length === 1) await repay(new Decimal(spec.partial.principal), spec.partial.at);
  if (spec.closedAt) await db.update(loans).set({ status: "closed", closedAt: spec.closedAt }).where(eq(loans.id, loan.id));
  return loan.id;
}

/**
 * The same figures computed from raw rows in plain JavaScript: loans, installments, and
 * every posting with its account's code and owner. Shares a definition with the service,
 * not its code.
 */
async function expectedFigures(db: Db, operatorId: string, month: string) {
  const { asOfDate, from, asOf } = monthBounds(month);
  const t = asOf.getTime();
  const loanRows = await queryRows<{ id: string; borrower: string; amount: string; disbursed_at: string | null; closed_at: string | null }>(
    db,
    sql`select id::text, borrower_user_id::text as borrower, amount::text, disbursed_at::text, closed_at::text from loans where operator_id = ${operatorId}::uuid`,
  );
  const inst = await queryRows<{ loan_id: string; due_date: string; principal: string; interest: string; principal_paid: string; interest_paid: string; status: string; paid_at: string | null }>(
    db,
    sql`select loan_id::text, due_date, principal::text, interest::text, principal_paid::text, interest_paid::text, status::text, paid_at::text
          from loan_installments where operator_id = ${operatorId}::uuid`,
  );
  const postings = await queryRows<{ code: string; owner: string | null; amount: string; created_at: string }>(
    db,
    sql`select a.code, a.owner_user_id::text as owner, p.amount::text, p.created_at::text
          from ledger_postings p join ledger_accounts a on a.id = p.account_id where p.operator_id = ${operatorId}::uuid`,
  );
  const at = (s: string | null) => (s === null ? null : new Date(s).getTime());
  const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
  const disbursed = loanRows.filter((l) => at(l.disbursed_at) !== null && at(l.disbursed_at)! <= t);
  const inMonth = disbursed.filter((l) => at(l.disbursed_at)! >= from.getTime());
  const upToT = postings.filter((p) => at(p.created_at)! <= t);
  const principalOf = new Map<string, Decimal>();
  for (const l of loanRows) principalOf.set(l.id, sum(upToT.filter((p) => p.code === `loan:principal:${l.id}`).map((p) => new Decimal(p.amount))));
  const outstandingLoans = loanRows.filter((l) => principalOf.get(l.id)!.gt(0));
  const byBorrower = new Map<string, Decimal>();
  for (const l of outstandingLoans) byBorrower.set(l.borrower, (byBorrower.get(l.borrower) ?? new Decimal(0)).plus(principalOf.get(l.id)!));
  const outstanding = sum([...byBorrower.values()]);
  const sorted = [...byBorrower.values()].sort((a, b) => b.comparedTo(a));
  const claimOwed = new Map<string, Decimal>();
  for (const p of upToT.filter((p) => p.code.startsWith("claim:"))) claimOwed.set(p.owner!, (claimOwed.get(p.owner!) ?? new Decimal(0)).minus(p.amount));
  const live = new Set(disbursed.filter((l) => l.closed_at === null || at(l.closed_at)! > t).map((l) => l.id));
  const liveInst = inst.filter((i) => live.has(i.loan_id));
  const paidByT = (i: (typeof inst)[number]) => i.status === "paid" && i.paid_at !== null && at(i.paid_at)! <= t;
  const unpaid = (i: (typeof inst)[number], what: "principal" | "interest") =>
    paidByT(i) ? new Decimal(0) : i.status === "paid" ? new Decimal(i[what]) : new Decimal(i[what]).minus(i[`${what}_paid`]);
  const overdueInst = liveInst.filter((i) => i.due_date < asOfDate && !paidByT(i));
  const daysOverdue = (i: (typeof inst)[number]) => Math.round((Date.parse(`${asOfDate}T00:00:00Z`) - Date.parse(`${i.due_date}T00:00:00Z`)) / 86_400_000);
  const over90 = overdueInst.filter((i) => daysOverdue(i) > 90);
  const overdueAmount = sum(overdueInst.map((i) => unpaid(i, "principal")));
  const overdueLoanCount = new Set(overdueInst.map((i) => i.loan_id)).size;
  const pct = (x: Decimal | null) => (x === null ? null : x.times(100).toFixed(6));
  return {
    cumulativeDisbursedCount: disbursed.length,
    cumulativeDisbursedCny: sum(disbursed.map((l) => new Decimal(l.amount))).toFixed(2),
    monthDisbursedCount: inMonth.length,
    monthDisbursedCny: sum(inMonth.map((l) => new Decimal(l.amount))).toFixed(2),
    outstandingPrincipalCny: outstanding.toFixed(2),
    outstandingLoanCount: outstandingLoans.length,
    outstandingInterestCny: sum(liveInst.map((i) => unpaid(i, "interest"))).toFixed(2),
    cumulativeLenders: claimOwed.size,
    currentLenders: [...claimOwed.values()].filter((v) => v.gt(0)).length,
    cumulativeBorrowers: new Set(disbursed.map((l) => l.borrower)).size,
    currentBorrowers: byBorrower.size,
    top10BorrowerShare: pct(outstanding.isZero() ? null : sum(sorted.slice(0, 10)).div(outstanding)),
    largestBorrowerShare: pct(outstanding.isZero() ? null : sorted[0]!.div(outstanding)),
    overdueCny: overdueAmount.toFixed(2),
    overdueLoanCount,
    overdue90Cny: sum(over90.map((i) => unpaid(i, "principal"))).toFixed(2),
    overdue90LoanCount: new Set(over90.map((i) => i.loan_id)).size,
    overdueRateByCount: pct(outstandingLoans.length === 0 ? null : new Decimal(overdueLoanCount).div(outstandingLoans.length)),
    overdueRateByAmount: pct(outstanding.isZero() ? null : overdueAmount.div(outstanding)),
  };
}

/** The service's figures in the same plain shape (fractions as percent to 6 places). */
function plain(f: DisclosureFigures) {
  const pct = (x: Decimal | null) => (x === null ? null : new Decimal(x).times(100).toFixed(6));
  return {
    cumulativeDisbursedCount: f.cumulativeDisbursedCount,
    cumulativeDisbursedCny: f.cumulativeDisbursedCny.toFixed(2),
    monthDisbursedCount: f.monthDisbursedCount,
    monthDisbursedCny: f.monthDisbursedCny.toFixed(2),
    outstandingPrincipalCny: f.outstandingPrincipalCny.toFixed(2),
    outstandingLoanCount: f.outstandingLoanCount,
    outstandingInterestCny: f.outstandingInterestCny.toFixed(2),
    cumulativeLenders: f.cumulativeLenders,
    currentLenders: f.currentLenders,
    cumulativeBorrowers: f.cumulativeBorrowers,
    currentBorrowers: f.currentBorrowers,
    top10BorrowerShare: pct(f.top10BorrowerShare),
    largestBorrowerShare: pct(f.largestBorrowerShare),
    overdueCny: f.overdueCny.toFixed(2),
    overdueLoanCount: f.overdueLoanCount,
    overdue90Cny: f.overdue90Cny.toFixed(2),
    overdue90LoanCount: f.overdue90LoanCount,
    overdueRateByCount: pct(f.overdueRateByCount),
    overdueRateByAmount: pct(f.overdueRateByAmount),
  };
}

const LABELS: DisclosureLabels = {
  title: "信息披露月报",
  subtitle: "测试 · 2025-06",
  section: (s) => `节:${s}`,
  figure: (k) => `项:${k}`,
  columnFigure: "指标",
  columnValue: "数值",
  trendTitle: "近 12 个月",
  trendMonth: "月份",
  trendDisbursed: "当月放款",
  trendOutstanding: "借贷余额",
  trendOverdue: "逾期金额",
  trendRateByAmount: "金额逾期率",
  trendRateByCount: "项目逾期率",
  notAvailable: "—",
  notes: ["口径说明"],
};

describe("months", () => {
  it("bounds a month in Beijing time and steps across years", () => {
    const june = monthBounds("2025-06");
    expect(june).toMatchObject({ firstDate: "2025-06-01", asOfDate: "2025-06-30" });
    expect(june.from.toISOString()).toBe("2025-05-31T16:00:00.000Z");
    expect(june.asOf.toISOString()).toBe("2025-06-30T15:59:59.999Z");
    expect(monthBounds("2024-02").asOfDate).toBe("2024-02-29");
    expect(shiftMonth("2025-01", -1)).toBe("2024-12");
    expect(shiftMonth("2024-12", 13)).toBe("2026-01");
    // 1 July 00:30 in Beijing is still 30 June in UTC: the last full month is June.
    expect(lastFullMonth(new Date("2025-06-30T16:30:00Z"))).toBe("2025-06");
    expect(lastFullMonth(new Date("2025-06-30T15:30:00Z"))).toBe("2025-05");
  });
});

describeEachDatabase("monthly disclosure report", (ctx) => {
  it("matches figures computed from raw rows, month by month, across the boundaries", async () => {
    const db = ctx.db;
    const a = await createMarket(db);
    const other = await createMarket(db);
    const investors = [await createInvestor(db, a), await createInvestor(db, a), await createInvestor(db, a), await createInvestor(db, a)];
    for (const i of investors) await topUp(db, a.operatorId, i, "1000000.00");
    const [i1, i2, i3, i4] = investors as [string, string, string, string];
    const borrower = () => createUser(db, a.operatorId);

    // Month boundary: 23:30 on 30 June (Beijing) is June; 00:10 on 1 July (Beijing, still 30 June in UTC) is July.
    const lastDay = await seedLoan(db, a, { borrower: await borrower(), amount: "10000.00", disbursedAt: bj("2025-06-30T23:30:00"), investors: [[i1, "6000.00"], [i2, "4000.00"]], dueDates: ["2025-07-30", "2025-08-30"] });
    const nextDay = await seedLoan(db, a, { borrower: await borrower(), amount: "5000.00", disbursedAt: bj("2025-07-01T00:10:00"), investors: [[i3, "5000.00"]], dueDates: ["2025-08-01"] });

    // Over-90 boundary at 2025-06-30: due 2025-03-31 is 91 days overdue, due 2025-04-01 exactly 90.
    const big = await borrower();
    const d91 = await seedLoan(db, a, { borrower: big, amount: "30000.00", disbursedAt: bj("2025-02-28T10:00:00"), investors: [[i1, "30000.00"]], dueDates: ["2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31"] });
    const d90 = await seedLoan(db, a, { borrower: await borrower(), amount: "20000.00", disbursedAt: bj("2025-03-01T10:00:00"), investors: [[i2, "20000.00"]], dueDates: ["2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01"], paid: { 2: bj("2025-05-01T12:00:00") } });

    // Paid after month end: due 15 June, paid 10 July → overdue at the end of June, not of July.
    const late = await seedLoan(db, a, { borrower: big, amount: "8000.00", disbursedAt: bj("2025-05-15T10:00:00"), investors: [[i3, "8000.00"]], dueDates: ["2025-06-15", "2025-07-15"], paid: { 1: bj("2025-07-10T09:00:00") } });
    // Partly paid, due 20 June; partial payment 18 June.
    await seedLoan(db, a, { borrower: await borrower(), amount: "6000.00", disbursedAt: bj("2025-04-20T10:00:00"), investors: [[i4, "6000.00"]], dueDates: ["2025-05-20", "2025-06-20", "2025-07-20"], paid: { 1: bj("2025-05-19T10:00:00") }, partial: { n: 2, principal: "500.00", interest: "60.00", at: bj("2025-06-18T10:00:00") } });
    // Repaid and closed in May: outstanding nothing, its borrower and lender only cumulative.
    await seedLoan(db, a, { borrower: await borrower(), amount: "3000.00", disbursedAt: bj("2025-01-05T10:00:00"), investors: [[i4, "3000.00"]], dueDates: ["2025-02-05", "2025-03-05"], paid: { 1: bj("2025-02-05T10:00:00"), 2: bj("2025-03-05T10:00:00") }, closedAt: bj("2025-03-05T10:00:00") });

    // More than ten borrowers with outstanding principal: twelve small loans in May, not yet due.
    for (let k = 0; k < 12; k++) {
      await seedLoan(db, a, { borrower: await borrower(), amount: `${1000 + k * 100}.00`, disbursedAt: bj(`2025-05-${String(10 + k).padStart(2, "0")}T10:00:00`), investors: [[investors[k % 4]!, `${1000 + k * 100}.00`]], dueDates: ["2025-08-10", "2025-09-10"] });
    }

    // Another operator's loan in June must not count.
    const otherInvestor = await createInvestor(db, other);
    await topUp(db, other.operatorId, otherInvestor, "100000.00");
    await seedLoan(db, other, { borrower: other.borrowerId, amount: "50000.00", disbursedAt: bj("2025-06-10T10:00:00"), investors: [[otherInvestor, "50000.00"]], dueDates: ["2025-06-20"] });

    const report = await buildDisclosureReport(db, { operatorId: a.operatorId, month: "2025-07" });
    expect(report.trend.map((f) => f.month)).toEqual(["2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]);
    for (const f of report.trend) expect(plain(f), f.month).toEqual(await expectedFigures(db, a.operatorId, f.month));

    const june = (await buildDisclosureReport(db, { operatorId: a.operatorId, month: "2025-06", trendMonths: 1 })).figures;
    expect(plain(june)).toEqual(await expectedFigures(db, a.operatorId, "2025-06"));
    // The boundaries, stated outright.
    expect(june.monthDisbursedCount).toBe(1);
    expect(june.monthDisbursedCny.toFixed(2)).toBe("10000.00");
    const july = report.figures;
    expect(july.monthDisbursedCount).toBe(1);
    expect(july.monthDisbursedCny.toFixed(2)).toBe("5000.00");
    // At 30 June: d91's first installment is 91 days late (over 90), d90's first exactly 90 (not).
    expect(june.overdue90LoanCount).toBe(1);
    expect(june.overdue90Cny.toFixed(2)).toBe("6000.00");
    // Overdue loans at 30 June: d91 (31 Mar, 30 Apr, 31 May), d90 (1 Apr, 1 Jun), late (15 Jun), the partly paid one (20 Jun).
    expect(june.overdueLoanCount).toBe(4);
    // 18,000 (d91: 31 Mar, 30 Apr, 31 May at 6,000; 30 June is due that day, not overdue) + 10,000 (d90: 1 Apr and 1 Jun
    // at 5,000) + 4,000 (late) + 1,500 (2,000 − 500 partly paid).
    expect(june.overdueCny.toFixed(2)).toBe("33500.00");
    // End of July: `late`'s 15 June installment was paid on 10 July and no longer counts, but its 15 July one does;
    // with d91, d90, the partly paid loan and the last-day loan (due 30 July): five loans.
    expect(july.overdueLoanCount).toBe(5);
    expect(july.overdueCny.minus(june.overdueCny).toFixed(2)).toBe(
      // + d91 30 Jun (6,000; its 31 Jul is due that day) + d90 1 Jul (5,000) + late 15 Jul (4,000) − late 15 Jun (4,000)
      // + partial 20 Jul (2,000) + last-day 30 Jul (5,000)
      "18000.00",
    );
    // Borrowers by the end of June: last-day, big (d91 and late), d90, partly paid, closed, and the 12 small = 17; the
    // closed loan's borrower owes nothing any more (16). The 1 July loan's borrower is not yet one.
    expect(june.currentBorrowers).toBe(16);
    expect(june.cumulativeBorrowers).toBe(17);
    expect(june.top10BorrowerShare).not.toBeNull();
    expect(june.top10BorrowerShare!.lt(1)).toBe(true);
    // The largest borrower is `big`: d91 (30,000, nothing repaid) and late (8,000, its June installment paid only in July).
    expect(june.largestBorrowerShare!.times(june.outstandingPrincipalCny).toDecimalPlaces(2).toFixed(2)).toBe("38000.00");
    expect(june.cumulativeLenders).toBe(4);
    expect(june.currentLenders).toBe(4);
    void [lastDay, nextDay, d91, d90, late];

    // The day close keeps the ledger figures of every closed month; the report then reads them, with the same figures.
    await makeBalanceSnapshots(db, { operatorId: a.operatorId, now: bj("2025-08-02T01:00:00") });
    expect((await makeDisclosureMonths(db, { operatorId: a.operatorId })).months).toEqual(
      ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]
        .concat(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]),
    );
    expect((await makeDisclosureMonths(db, { operatorId: a.operatorId })).months).toEqual([]);
    const fromKept = await buildDisclosureReport(db, { operatorId: a.operatorId, month: "2025-07" });
    for (const f of fromKept.trend) expect(plain(f), f.month).toEqual(await expectedFigures(db, a.operatorId, f.month));
    expect(await checkDisclosureMonths(db, { operatorId: a.operatorId })).toEqual([]);
    // A kept month is published as it stood at its close: a partial payment now (installments keep only running
    // totals, no dates) would move the live computation of June, not the kept June.
    await db
      .transaction(async (tx) => {
        const [due] = await queryRows<{ id: string }>(tx, sql`select i.id from loan_installments i join loans l on l.id = i.loan_id
          where l.operator_id = ${a.operatorId}::uuid and i.due_date < '2025-06-30' and i.status <> 'paid' and i.principal - i.principal_paid >= 100 limit 1`);
        await tx.execute(sql`update loan_installments set principal_paid = principal_paid + 100 where id = ${due!.id}::uuid`);
        const live = (await monthFacts(tx, { operatorId: a.operatorId, months: [monthBound("2025-06")] })).get("2025-06")!;
        expect(new Cny(live.overdue!.amount).plus(100).toFixed(2)).toBe(june.overdueCny.toFixed(2));
        expect((await buildDisclosureReport(tx, { operatorId: a.operatorId, month: "2025-06", trendMonths: 1 })).figures.overdueCny.toFixed(2)).toBe(june.overdueCny.toFixed(2));
        throw new Error("rollback");
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== "rollback") throw error;
      });
    // A kept row is what the report reads, and ledger:check compares it with the snapshots.
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update disclosure_month_figures set current_lenders = current_lenders + 1 where operator_id = ${a.operatorId}::uuid and month = '2025-06'`);
        expect((await buildDisclosureReport(tx, { operatorId: a.operatorId, month: "2025-06", trendMonths: 1 })).figures.currentLenders).toBe(5);
        expect(await checkDisclosureMonths(tx, { operatorId: a.operatorId })).toEqual([
          { check: "snapshot.disclosure", subject: `${a.operatorId}@2025-06`, message: "currentLenders kept 5, snapshots give 4" },
        ]);
        throw new Error("rollback");
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== "rollback") throw error;
      });
    // A posting booked into June reopens it: June's and July's rows are not read any more, the figures follow the
    // posting at once, and the next day close rebuilds the rows.
    await seedLoan(db, a, { borrower: await borrower(), amount: "7000.00", disbursedAt: bj("2025-06-25T10:00:00"), investors: [[i4, "7000.00"]], dueDates: ["2025-09-25"] });
    expect([...(await keptLedgerMonthFigures(db, { operatorId: a.operatorId, months: ["2025-05", "2025-06", "2025-07"] })).keys()]).toEqual(["2025-05"]);
    const reopened = (await buildDisclosureReport(db, { operatorId: a.operatorId, month: "2025-06", trendMonths: 1 })).figures;
    expect(plain(reopened)).toEqual(await expectedFigures(db, a.operatorId, "2025-06"));
    expect(reopened.outstandingPrincipalCny.minus(june.outstandingPrincipalCny).toFixed(2)).toBe("7000.00");
    await makeBalanceSnapshots(db, { operatorId: a.operatorId, now: bj("2025-08-02T02:00:00") });
    expect((await makeDisclosureMonths(db, { operatorId: a.operatorId })).months).toEqual(["2025-06", "2025-07"]);
    expect(plain((await buildDisclosureReport(db, { operatorId: a.operatorId, month: "2025-06", trendMonths: 1 })).figures)).toEqual(plain(reopened));
    expect(await checkDisclosureMonths(db, { operatorId: a.operatorId })).toEqual([]);

    // The page, CSV and PDF views of it.
    const presented = presentDisclosure(report);
    expect(presented.trend).toHaveLength(12);
    expect(presented.rows.find((r) => r.key === "monthDisbursedCny")!.value).toBe("5000.00");
    expect(presented.rows.find((r) => r.key === "overdueRateByAmount")!.value).toMatch(/^\d+\.\d{2}%$/);
    expect(Math.max(...presented.trend.map((p) => p.outstandingBar))).toBe(1000);
    const csv = disclosureCsv(presented, LABELS);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"节:lending / 项:monthDisbursedCny",5000.00\r\n');
    const pdf = await disclosurePdf(presented, LABELS);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("reports an empty month: zeros, and no shares or rates to divide", async () => {
    const a = await createMarket(ctx.db);
    const report = await buildDisclosureReport(ctx.db, { operatorId: a.operatorId, month: "2025-06", trendMonths: 3 });
    expect(report.trend).toHaveLength(3);
    expect(plain(report.figures)).toEqual(await expectedFigures(ctx.db, a.operatorId, "2025-06"));
    expect(plain(report.figures)).toMatchObject({
      cumulativeDisbursedCount: 0,
      outstandingPrincipalCny: "0.00",
      outstandingInterestCny: "0.00",
      currentLenders: 0,
      top10BorrowerShare: null,
      largestBorrowerShare: null,
      overdueRateByCount: null,
      overdueRateByAmount: null,
    });
    const presented = presentDisclosure(report);
    expect(presented.rows.find((r) => r.key === "top10BorrowerShare")!.value).toBe("");
    expect(disclosureCsv(presented, LABELS)).toContain('"节:concentration / 项:top10BorrowerShare","—"');
  });

  it("refuses a month that is not YYYY-MM", async () => {
    const a = await createMarket(ctx.db);
    await expect(buildDisclosureReport(ctx.db, { operatorId: a.operatorId, month: "2025-13" })).rejects.toMatchObject({ code: "disclosure.invalid_month" });
  });
});
