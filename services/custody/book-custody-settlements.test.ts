import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import type { Db } from "../../db/client";
import { phonebillDeductions, statementImports, userRoles } from "../../db/schema";
import { createInvestor, createMarket } from "../investing/test-fixtures";
import { chart, getAccountByCode, getBalance } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { importStatement, reconcileDay, signOffDay } from "../reconciliation";
import { createDisbursedLoan } from "../repayment/testing/disbursed-loan";
import { checkCustodyNeverNegative } from "./check-custody";
import { listAgedClearingItems } from "./list-aged-clearing-items";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";

const HEADER = "value_date,reference,direction,amount_cny,counterparty,memo,balance_cny";
const file = (lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join("\r\n") + "\r\n");
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

async function balances(db: Db, operatorId: string) {
  const of = async (code: string) => {
    const account = await getAccountByCode(db, { operatorId, code });
    return account ? (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2) : "0.00";
  };
  return {
    custody: await of(chart.custodyBank().code),
    card: await of(chart.clearingCard().code),
    passbook: await of(chart.clearingPassbook().code),
    phonebill: await of(chart.clearingPhonebill().code),
  };
}

describeEachDatabase("custody statement books what arrived", (ctx) => {
  it("books passbook sweeps, Stripe payouts and phone-bill settlements from the bank's lines, once; a changed amount refuses the file", async () => {
    const loan = await createDisbursedLoan(ctx.db, { investments: ["3000.00"], disbursedAt: new Date(Date.now() - 30 * 60_000) });
    const { operatorId } = loan.market;
    const date = beijingDate(new Date());
    await ctx.db.insert(phonebillDeductions).values({ operatorId, requestId: "PB-T1", loanId: loan.loanId, installmentN: 1, phone: "13800000001", requestedAmount: "100.00", status: "confirmed", deductedAmount: "100.00", settlementId: "ST-T1" });
    expect(await balances(ctx.db, operatorId)).toEqual({ custody: "-3000.00", card: "3000.00", passbook: "0.00", phonebill: "0.00" });

    const day = file([
      `${date},po_T1,CR,3000.00,Stripe,payout,0.00`,
      `${date},PDS${date.replaceAll("-", "")},CR,50.00,银行,代扣归集,50.00`,
      `${date},ST-T1,CR,98.00,运营商,话费结算,148.00`,
      `${date},X-UNKNOWN,CR,10.00,某人,来历不明,158.00`,
      `${date},WD1,DR,5.00,李娜,提现,153.00`,
    ]);
    await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "c1.csv", bytes: day, actor: { system: "test" } });
    // Only the three settlements are booked: the unknown credit and the payout are left to reconciliation.
    expect(await balances(ctx.db, operatorId)).toEqual({ custody: "148.00", card: "0.00", passbook: "-50.00", phonebill: "-98.00" });

    const again = await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "c1.csv", bytes: day, actor: { system: "test" } });
    expect(again.alreadyImported).toBe(true);
    // A corrected statement repeating a line books it once.
    await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "c2.csv", bytes: file([`${date},po_T1,CR,3000.00,Stripe,payout,0.00`, `${date},po_T2,CR,1.00,Stripe,payout,1.00`]), actor: { system: "test" } });
    expect(await balances(ctx.db, operatorId)).toMatchObject({ custody: "149.00", card: "-1.00" });

    const imports = (await ctx.db.select().from(statementImports).where(eq(statementImports.operatorId, operatorId))).length;
    const changed = await failure(importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "c3.csv", bytes: file([`${date},PDS00000000,CR,1.00,x,y,1.00`, `${date},po_T1,CR,2999.00,Stripe,payout,0.00`]), actor: { system: "test" } }));
    expect(changed?.code).toBe("statement.file_rejected");
    expect(changed?.details).toMatchObject({ line: 3, reason: "bad_reference" });
    expect((await ctx.db.select().from(statementImports).where(eq(statementImports.operatorId, operatorId))).length).toBe(imports);
    expect(await balances(ctx.db, operatorId)).toMatchObject({ custody: "149.00", card: "-1.00", passbook: "-50.00" });
  });

  it("signs custody off only at the bank's closing balance", async () => {
    const date = beijingDate(new Date());
    for (const [bankBalance, outcome] of [["499.00", "reconciliation.bank_balance_differs"], ["500.00", "signed"]] as const) {
      const market = await createMarket(ctx.db);
      const { operatorId } = market;
      await createInvestor(ctx.db, market, "500.00");
      const finance = await createUser(ctx.db, operatorId);
      await ctx.db.insert(userRoles).values({ userId: finance, role: "finance" });
      await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "a.csv", bytes: file([`${date},po_A,CR,500.00,Stripe,payout,${bankBalance}`]), actor: { system: "test" } });
      await reconcileDay(ctx.db, { operatorId, channel: "custody_statement", date });
      const signed = await signOffDay(ctx.db, { operatorId, channel: "custody_statement", date, userId: finance }).then(() => "signed", (e: DomainError) => e);
      if (outcome === "signed") expect(signed).toBe("signed");
      else expect(signed).toMatchObject({ code: outcome, details: { bank: "499.00", books: "500.00" } });
    }
  });

  it("lists money waiting in a clearing account longer than the limit, first in first out", async () => {
    const market = await createMarket(ctx.db);
    const { operatorId } = market;
    await createInvestor(ctx.db, market, "500.00");
    await createInvestor(ctx.db, market, "200.00");
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000);
    expect(await listAgedClearingItems(ctx.db, { operatorId, now: new Date() })).toEqual([]);
    expect(await listAgedClearingItems(ctx.db, { operatorId, now: inFiveDays })).toMatchObject([{ accountCode: "clearing:card", items: 2 }]);
    const date = beijingDate(new Date());
    await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "a.csv", bytes: file([`${date},po_B,CR,600.00,Stripe,payout,600.00`]), actor: { system: "test" } });
    // The payout covers the first top-up and 100.00 of the second: 100.00 still waits.
    const [aged] = await listAgedClearingItems(ctx.db, { operatorId, now: inFiveDays });
    expect([aged!.items, aged!.amountCny.toFixed(2)]).toEqual([1, "100.00"]);
    expect(await listAgedClearingItems(ctx.db, { operatorId, now: inFiveDays, maxAgeDays: 6 })).toEqual([]);
  });

  it("flags a closed day custody:bank ended below zero: money paid out before it arrived; today is still open", async () => {
    const disbursedAt = new Date(Date.now() - 86_400_000);
    const loan = await createDisbursedLoan(ctx.db, { investments: ["1000.00"], disbursedAt });
    const { operatorId } = loan.market;
    const date = beijingDate(disbursedAt);
    // The investor's card money was lent before Stripe paid it into custody; seen from that day's end and from today.
    expect((await checkCustodyNeverNegative(ctx.db, { operatorId, now: disbursedAt })).count).toBe(0);
    const overdrawn = await checkCustodyNeverNegative(ctx.db, { operatorId });
    expect(overdrawn.count).toBe(1);
    expect(overdrawn.violations[0]).toMatchObject({ check: "custody.negative", subject: `${operatorId} ${date}`, message: `custody:bank closed ${date} at -1000.00` });
  });
});
