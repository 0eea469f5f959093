import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, ledgerAdjustments, phonebillDeductions, reconciliationSignOffs, statementImports, statementLines, userRoles, users } from "../../db/schema";
import type { Db } from "../../db/client";
import { approveAdjustment } from "../finance";
import { chart, getAccountByCode, getBalance, openAccount, postEntry } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { recordCashTopUp } from "../investing/record-cash-top-up";
import { createInvestor } from "../investing/test-fixtures";
import { applyRepayments } from "../repayment";
import { createDisbursedLoan } from "../repayment/testing/disbursed-loan";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { assignClerk, ensureStore } from "../stores";
import {
  generateSandboxStatements,
  importStatement,
  loadResultsWithState,
  markTimingDifference,
  proposeBreakAdjustment,
  reconcileDay,
  signOffDay,
  type Channel,
} from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (s: string) => new TextEncoder().encode(s);

async function financeUser(db: Db, operatorId: string): Promise<string> {
  const id = await createUser(db, operatorId);
  await db.insert(userRoles).values({ userId: id, role: "finance" });
  return id;
}

/**
 * One day of business through the real services: a loan paid out from custody, repaid
 * by passbook debit, by cash at store S001 and by phone bill (a confirmed deduction in a
 * settlement), and an investor's cash top-up at the same store.
 */
async function dayOfBusiness(db: Db) {
  const now = new Date();
  const loan = await createDisbursedLoan(db, { investments: ["3000.00"], disbursedAt: new Date(now.getTime() - 20 * 60_000) });
  const operatorId = loan.market.operatorId;
  const store = await ensureStore(db, { operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Chengguan", addressZh: "某路 1 号" });
  const clerk = await createUser(db, operatorId);
  await assignClerk(db, { userId: clerk, storeId: store.id });
  const investor = await createInvestor(db, loan.market);
  const [person] = await db.select().from(users).where(eq(users.id, investor));
  await recordCashTopUp(db, { operatorId, clerkUserId: clerk, investorPhone: person!.phone, amount: "500", receiptNo: "R1001", idempotencyKey: randomUUID(), now });
  const at = new Date(now.getTime() - 5 * 60_000);
  const applied = await applyRepayments(db, {
    operatorId,
    postedBy: { system: "test" },
    now,
    requests: [
      { loanId: loan.loanId, source: "passbook_debit", reference: "PD20261121U000001", amountCny: "120.00", receivedAt: at },
      { loanId: loan.loanId, source: "store_cash", reference: "R1002", amountCny: "80.00", receivedAt: at, storeId: store.id, receivedByUserId: clerk },
      { loanId: loan.loanId, source: "phone_bill", reference: "PB000001", amountCny: "50.00", receivedAt: at },
      { loanId: loan.loanId, source: "phone_bill", reference: "PB000002", amountCny: "150.00", receivedAt: at },
    ],
  });
  for (const [reference, amount] of [["PB000001", "50.00"], ["PB000002", "150.00"]] as const) {
    await db.insert(phonebillDeductions).values({
      operatorId,
      requestId: reference,
      loanId: loan.loanId,
      installmentN: 1,
      phone: "13800001234",
      requestedAmount: amount,
      status: "confirmed",
      deductedAmount: amount,
      repaymentId: applied.find((a) => a.reference === reference)!.repaymentId,
      settlementId: "ST-SANDBOX-1",
      requestedAt: at,
      answeredAt: at,
    });
  }
  return { operatorId, loan, store, date: beijingDate(now), now };
}

async function importAll(db: Db, operatorId: string, files: { source: string; fileName: string; bytes: Uint8Array }[], actor = { system: "test" }) {
  for (const file of files) await importStatement(db, { operatorId, ...file, actor });
}

describeEachDatabase("reconciliation against the books", (ctx) => {
  it("imports a file once: the same bytes again change nothing and say so; a broken file is refused whole", async () => {
    const { operatorId } = await dayOfBusiness(ctx.db);
    const first = await importStatement(ctx.db, { operatorId, source: "store_cash", fileName: "store-cash.csv", bytes: fixture("store-cash.csv"), actor: { system: "test" } });
    const again = await importStatement(ctx.db, { operatorId, source: "store_cash", fileName: "renamed.csv", bytes: fixture("store-cash.csv"), actor: { system: "test" } });
    expect(first).toMatchObject({ alreadyImported: false, lineCount: 3, totalAmount: "7000.00", dates: ["2026-11-21"] });
    expect(again).toMatchObject({ alreadyImported: true, importId: first.importId, fileName: "store-cash.csv" });
    const imports = await ctx.db.select().from(statementImports).where(eq(statementImports.operatorId, operatorId));
    const lines = await ctx.db.select().from(statementLines).where(eq(statementLines.importId, first.importId));
    expect(imports).toHaveLength(1);
    expect(lines.map((l) => [l.lineNo, l.reference, l.amount, l.kind])).toEqual([
      [2, "R2026112100001", "1216.67", "REPAYMENT"],
      [3, "R2026112100002", "5000.00", "TOP_UP"],
      [4, "R2026112100003", "783.33", "REPAYMENT"],
    ]);

    for (const [source, name, line, reason] of [
      ["store_cash", "store-cash-bad-date.csv", 3, "bad_date"],
      ["passbook_result", "passbook-result-bad-amount.csv", undefined, "bad_amount"],
      ["stripe_balance", "stripe-balance-missing-column.csv", 1, "wrong_columns"],
    ] as const) {
      const error = await importStatement(ctx.db, { operatorId, source, fileName: name, bytes: fixture(name), actor: { system: "test" } }).then(
        () => null,
        (e: unknown) => e as DomainError,
      );
      expect(error?.code).toBe("statement.file_rejected");
      expect(error?.field).toBe("file");
      expect(error?.details.reason).toBe(reason);
      if (line) expect(error?.details.line).toBe(line);
    }
    expect(await ctx.db.select().from(statementImports).where(eq(statementImports.operatorId, operatorId))).toHaveLength(1);
  });

  it("sandbox statements reconcile every channel with zero open breaks; the phone-bill commission is posted once", async () => {
    const { operatorId, date } = await dayOfBusiness(ctx.db);
    const files = await generateSandboxStatements(ctx.db, { operatorId, date });
    expect(files.map((f) => f.source).sort()).toEqual(["custody_statement", "passbook_result", "phonebill_settlement", "store_cash", "stripe_balance"]);
    await importAll(ctx.db, operatorId, files);
    const tiers: Record<string, string[]> = {};
    for (const channel of ["passbook_result", "phonebill_settlement", "store_cash", "stripe_balance", "custody_statement"] as Channel[]) {
      const run = await reconcileDay(ctx.db, { operatorId, channel, date });
      const day = await loadResultsWithState(ctx.db, { operatorId, channel, fromDate: date, toDate: date });
      expect(day.filter((r) => r.state !== "matched").map((r) => r.result.status), channel).toEqual([]);
      expect(run.counts.matched).toBe(day.length);
      tiers[channel] = day.map((r) => r.result.tier!).sort();
    }
    expect(tiers).toEqual({
      passbook_result: ["reference"],
      phonebill_settlement: ["grouped"],
      store_cash: ["reference", "reference"],
      // The fixture's card top-ups have no PaymentIntent (posted directly); Stripe's payout of them matches the custody line by its po_ id.
      stripe_balance: ["reference"],
      // The payout from custody by amount and date; the passbook sweep and the card payout by the references the bank booked them under.
      custody_statement: ["amount_date", "reference", "reference"],
    });
    const balance = async (code: string) => {
      const account = await getAccountByCode(ctx.db, { operatorId, code });
      return (await getBalance(ctx.db, { operatorId, accountId: account!.id })).postedCny.toFixed(2);
    };
    // The bank's statement booked what arrived: the clearing accounts it settles are empty, custody holds the difference.
    expect(await balance(chart.clearingPassbook().code)).toBe("0.00");
    expect(await balance(chart.clearingCard().code)).toBe("0.00");
    expect(await balance(chart.custodyBank().code)).toBe("120.00");
    // Commission 2% of 200.00 = 4.00, posted once however often the day is matched.
    await reconcileDay(ctx.db, { operatorId, channel: "phonebill_settlement", date });
    const fee = await getAccountByCode(ctx.db, { operatorId, code: chart.expenseChannelFee().code });
    expect((await getBalance(ctx.db, { operatorId, accountId: fee!.id })).postedCny.toFixed(2)).toBe("4.00");
    const clearing = await getAccountByCode(ctx.db, { operatorId, code: chart.clearingPhonebill().code });
    expect((await getBalance(ctx.db, { operatorId, accountId: clearing!.id })).postedCny.toFixed(2)).toBe("196.00");

    const finance = await financeUser(ctx.db, operatorId);
    await signOffDay(ctx.db, { operatorId, channel: "phonebill_settlement", date, userId: finance });
    expect(await codeOf(reconcileDay(ctx.db, { operatorId, channel: "phonebill_settlement", date }))).toBe("reconciliation.day_signed_off");
    // Custody signs off against the bank's closing balance; the passbook day too, although the bank's sweep emptied its clearing account.
    for (const channel of ["custody_statement", "passbook_result"] as const) await signOffDay(ctx.db, { operatorId, channel, date, userId: finance });
  });

  it("injected differences show exactly as breaks; an adjustment needs a second finance user; sign-off waits for every break", async () => {
    const { operatorId, date, store } = await dayOfBusiness(ctx.db);
    const files = await generateSandboxStatements(ctx.db, { operatorId, date });
    const cash = files.find((f) => f.source === "store_cash")!;
    const [header, repayment, topUp] = text(cash.bytes).replace(/\r\n$/, "").split("\r\n") as [string, string, string];
    expect(repayment).toContain("R1002");
    expect(topUp).toContain("R1001");
    // The store reports the repayment twice and the top-up as 5000 instead of 500; the passbook bank drops its only line.
    const broken = [header, repayment, repayment, topUp.replace('"TOP_UP",500.00', '"TOP_UP",5000.00')].join("\r\n") + "\r\n";
    expect(broken).toContain("5000.00");
    await importAll(ctx.db, operatorId, [
      { ...cash, bytes: bytesOf(broken) },
      { source: "passbook_result", fileName: "passbook.csv", bytes: bytesOf("reference,status,debited_cny,settled_on,message\r\nPD-OTHER,ACCOUNT_CLOSED,0.00," + date + ",\r\n") },
    ]);
    await reconcileDay(ctx.db, { operatorId, channel: "store_cash", date });
    await reconcileDay(ctx.db, { operatorId, channel: "passbook_result", date });
    const day = await loadResultsWithState(ctx.db, { operatorId, channel: "store_cash", fromDate: date, toDate: date });
    expect(day.map((r) => [r.result.status, r.result.difference]).sort()).toEqual([
      ["amount_differs", "4500.00"],
      ["duplicate", "80.00"],
      ["matched", "0.00"],
    ]);
    const passbook = await loadResultsWithState(ctx.db, { operatorId, channel: "passbook_result", fromDate: date, toDate: date });
    expect(passbook.map((r) => r.result.status)).toEqual(["missing_in_theirs"]);

    const maker = await financeUser(ctx.db, operatorId);
    const checker = await financeUser(ctx.db, operatorId);
    expect(await codeOf(signOffDay(ctx.db, { operatorId, channel: "store_cash", date, userId: maker }))).toBe("reconciliation.open_breaks");

    const differs = day.find((r) => r.result.status === "amount_differs")!;
    const duplicate = day.find((r) => r.result.status === "duplicate")!;
    const breakForm = {
      operatorId,
      channel: "store_cash",
      date,
      breakKey: differs.result.breakKey,
      reason: "门店多收现金 4500 元，入账",
      lines: [
        { accountCode: chart.clearingStore(store.id).code, amountCny: "4500.00" },
        { accountCode: chart.custodyBank().code, amountCny: "-4500.00" },
      ],
      userId: maker,
      idempotencyKey: "break-form-0001",
    };
    const { adjustmentId } = await proposeBreakAdjustment(ctx.db, breakForm);
    // The form submitted again proposes nothing more: the break awaits the first proposal's approval.
    expect(await codeOf(proposeBreakAdjustment(ctx.db, breakForm))).toBe("reconciliation.break_not_open");
    expect((await ctx.db.select().from(ledgerAdjustments).where(eq(ledgerAdjustments.operatorId, operatorId))).map((a) => a.id)).toEqual([adjustmentId]);
    const state = async () => (await loadResultsWithState(ctx.db, { operatorId, channel: "store_cash", fromDate: date, toDate: date })).find((r) => r.result.breakKey === differs.result.breakKey)!.state;
    expect(await state()).toBe("awaiting_approval");
    expect(await codeOf(approveAdjustment(ctx.db, { operatorId, adjustmentId, decidedByUserId: maker }))).toBe("adjustment.own_proposal");
    expect(await state()).toBe("awaiting_approval");
    expect(await codeOf(signOffDay(ctx.db, { operatorId, channel: "store_cash", date, userId: maker }))).toBe("reconciliation.open_breaks");
    await approveAdjustment(ctx.db, { operatorId, adjustmentId, decidedByUserId: checker });
    expect(await state()).toBe("resolved");

    expect(await codeOf(markTimingDifference(ctx.db, { operatorId, channel: "store_cash", date, breakKey: duplicate.result.breakKey, note: "x", expectedDate: date, userId: maker }))).toBe("reconciliation.note_required");
    await markTimingDifference(ctx.db, { operatorId, channel: "store_cash", date, breakKey: duplicate.result.breakKey, note: "门店重复上报，次日更正", expectedDate: date, userId: maker });
    expect(await codeOf(markTimingDifference(ctx.db, { operatorId, channel: "store_cash", date, breakKey: duplicate.result.breakKey, note: "again", expectedDate: date, userId: maker }))).toBe("reconciliation.break_not_open");

    // A re-run keeps the resolutions (they follow the break's key).
    await reconcileDay(ctx.db, { operatorId, channel: "store_cash", date });
    const signedAt = new Date();
    await signOffDay(ctx.db, { operatorId, channel: "store_cash", date, userId: checker, now: signedAt });
    const [signOff] = await ctx.db.select().from(reconciliationSignOffs).where(and(eq(reconciliationSignOffs.operatorId, operatorId), eq(reconciliationSignOffs.channel, "store_cash")));
    expect(signOff).toMatchObject({ signedByUserId: checker, date, matchedCount: 1, resolvedCount: 2 });
    expect(signOff!.signedAt.getTime()).toBe(signedAt.getTime());
    expect(await codeOf(signOffDay(ctx.db, { operatorId, channel: "store_cash", date, userId: maker }))).toBe("reconciliation.already_signed_off");
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "reconciliation.signed_off")));
    expect(audit).toHaveLength(1);
  });

  it("a custody line that fits two payouts is flagged ambiguous, not guessed; an unexplained posting blocks sign-off", async () => {
    const first = await createDisbursedLoan(ctx.db, { investments: ["2000.00"], disbursedAt: new Date(Date.now() - 30 * 60_000) });
    await createDisbursedLoan(ctx.db, { investments: ["2000.00"], disbursedAt: new Date(Date.now() - 20 * 60_000), market: first.market });
    const operatorId = first.market.operatorId;
    const date = beijingDate(new Date());
    const header = "value_date,reference,direction,amount_cny,counterparty,memo,balance_cny";
    await importStatement(ctx.db, { operatorId, source: "custody_statement", fileName: "c.csv", bytes: bytesOf(`${header}\n${date},BK0001,DR,2000.00,借款人,放款,8000.00\n`), actor: { system: "test" } });
    await reconcileDay(ctx.db, { operatorId, channel: "custody_statement", date });
    const day = await loadResultsWithState(ctx.db, { operatorId, channel: "custody_statement", fromDate: date, toDate: date });
    expect(day.map((r) => [r.result.status, (r.result.ourItemIds as string[]).length])).toEqual([["ambiguous", 2]]);

    // A posting on clearing:passbook that no reconciled item explains.
    const passbook = await openAccount(ctx.db, { operatorId, ...chart.clearingPassbook() });
    const custody = await openAccount(ctx.db, { operatorId, ...chart.custodyBank() });
    await postEntry(ctx.db, { operatorId, idempotencyKey: `stray-${randomUUID()}`, kind: "adjustment", memo: "stray", cause: { type: "adjustment" }, postedBy: { system: "test" }, postings: [{ accountId: passbook.id, amountCny: "10.00" }, { accountId: custody.id, amountCny: "-10.00" }] });
    const finance = await financeUser(ctx.db, operatorId);
    expect(await codeOf(signOffDay(ctx.db, { operatorId, channel: "passbook_result", date, userId: finance }))).toBe("reconciliation.clearing_not_expected");
  });
});
