import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../../../db/client";
import { auditLog, loanInstallments, passbookDebitBatches, passbookDebitInstructions, repayments, sandboxBankPassbooks } from "../../../../db/schema";
import { describeEachDatabase } from "../../../../db/testing";
import { chart, checkLedger, getAccountByCode, getBalance } from "../../../ledger";
import { DomainError } from "../../../shared/errors";
import { importPassbookResults } from "./import-passbook-results";
import { writeDebitResult } from "./passbook-files";
import { raisePassbookDebits } from "./raise-passbook-debits";
import { openSandboxPassbook, SandboxBank } from "./sandbox-bank";
import { at, loanOnChannel, TEST_SECRET } from "../testing";

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2);
}

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

/** Raises the day's batch, lets the sandbox bank answer it and returns the result file. */
async function bankRound(db: Db, operatorId: string, date: string, bank = new SandboxBank(db)) {
  const { batch } = await raisePassbookDebits(db, { operatorId, date, secretKey: TEST_SECRET, now: at(date, 6) });
  const ref = { operatorId, batchDate: batch!.batchDate, batchNo: batch!.batchNo, fileName: batch!.fileName };
  await bank.submitDebitBatch({ ...ref, csv: batch!.fileCsv });
  return { batch: batch!, result: (await bank.fetchDebitResults(ref))! };
}

async function instructionsOf(db: Db, loanId: string) {
  return db.select().from(passbookDebitInstructions).where(eq(passbookDebitInstructions.loanId, loanId)).orderBy(asc(passbookDebitInstructions.createdAt), asc(passbookDebitInstructions.reference));
}

async function installment(db: Db, loanId: string, n: number) {
  const [row] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loanId), eq(loanInstallments.n, n)));
  return row!;
}

describeEachDatabase("passbook auto-debit", (ctx) => {
  let db: Db;
  beforeAll(() => {
    db = ctx.db;
  });

  it("raises one batch a day with the amount due, the sandbox bank debits it, and the result is applied once however often it is imported", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000001" });
    const { operatorId } = loan;
    await openSandboxPassbook(db, { operatorId, accountNo: "6230000000000001", balance: "2000.00" });

    expect((await raisePassbookDebits(db, { operatorId, date: "2026-02-14", secretKey: TEST_SECRET })).batch).toBeNull();
    const { batch, result } = await bankRound(db, operatorId, "2026-02-15");
    expect(batch).toMatchObject({ batchDate: "2026-02-15", batchNo: 1, instructionCount: 1, totalAmount: "1766.67" });
    expect(batch.fileName).toMatch(/^passbook-debit-t[0-9a-f]+-20260215-1\.csv$/);
    const lines = batch.fileCsv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe('"reference","bank","account_no","account_name","amount_cny","due_date","loan_ref"');
    expect(lines[1]).toBe(`"PD20260215T000001","淮阳农商银行","6230000000000001","王小明",1766.67,"2026-02-15","${loan.loanId}"`);

    // The same date again raises nothing new.
    const again = await raisePassbookDebits(db, { operatorId, date: "2026-02-15", secretKey: TEST_SECRET });
    expect(again).toMatchObject({ created: false, batch: { id: batch.id } });
    expect(await db.select().from(passbookDebitBatches).where(eq(passbookDebitBatches.operatorId, operatorId))).toHaveLength(1);

    const first = await importPassbookResults(db, { operatorId, fileBytes: result, fileName: "r.csv", actorUserId: loan.financeUserId });
    expect(first.lines).toEqual([expect.objectContaining({ line: 2, reference: "PD20260215T000001", status: "SUCCESS", debited: "1766.67", outcome: "applied" })]);
    expect(await installment(db, loan.loanId, 1)).toMatchObject({ status: "paid", principalPaid: "1666.67", interestPaid: "100.00" });
    const [instruction] = await instructionsOf(db, loan.loanId);
    expect(instruction).toMatchObject({ status: "succeeded", debitedAmount: "1766.67", settledOn: "2026-02-15", attempt: 1, repaymentId: first.lines[0]!.repaymentId });
    const [passbook] = await db.select().from(sandboxBankPassbooks).where(eq(sandboxBankPassbooks.operatorId, operatorId));
    expect(passbook!.balance).toBe("233.33");
    expect(await balanceOf(db, operatorId, chart.clearingPassbook().code)).toBe("1766.67");

    // Duplicate delivery: the same file twice, and the bank resubmitted, change nothing.
    const second = await importPassbookResults(db, { operatorId, fileBytes: result, fileName: "r.csv" });
    expect(second.lines[0]!.outcome).toBe("unchanged");
    await new SandboxBank(db).submitDebitBatch({ operatorId, batchDate: batch.batchDate, batchNo: 1, fileName: batch.fileName, csv: batch.fileCsv });
    expect((await db.select().from(sandboxBankPassbooks).where(eq(sandboxBankPassbooks.operatorId, operatorId)))[0]!.balance).toBe("233.33");
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
    // Each import is audited: who uploaded it (none when due processing fetched it) and what it did.
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "passbook.results_imported"))).orderBy(asc(auditLog.createdAt));
    expect(audited.map((a) => [a.actorUserId, a.subject, a.details])).toEqual([
      [loan.financeUserId, "r.csv", { lines: 1, applied: 1, failed: 0 }],
      [null, "r.csv", { lines: 1, applied: 0, failed: 0 }],
    ]);
  });

  it("records insufficient funds, retries on a configured day, and applies a late SUCCESS of the first attempt without charging the loan twice", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000002" });
    const { operatorId } = loan;
    await openSandboxPassbook(db, { operatorId, accountNo: "6230000000000002", balance: "100.00" });
    const { result } = await bankRound(db, operatorId, "2026-02-15");
    const imported = await importPassbookResults(db, { operatorId, fileBytes: result });
    expect(imported.lines[0]).toMatchObject({ status: "INSUFFICIENT_FUNDS", debited: "0.00", outcome: "failed" });
    expect((await instructionsOf(db, loan.loanId))[0]).toMatchObject({ status: "insufficient_funds", bankMessage: "余额不足" });
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(0);

    // Day 2 after the due date is not a retry day (1, 3, 7); day 1 is.
    expect((await raisePassbookDebits(db, { operatorId, date: "2026-02-17", secretKey: TEST_SECRET })).batch).toBeNull();
    const retry = await raisePassbookDebits(db, { operatorId, date: "2026-02-16", secretKey: TEST_SECRET });
    expect(retry.created).toBe(true);
    const [firstAttempt, secondAttempt] = await instructionsOf(db, loan.loanId);
    expect(secondAttempt).toMatchObject({ reference: "PD20260216T000001", installmentN: 1, attempt: 2, amount: "1766.67", status: "sent" });
    // While it is in flight, no further instruction is raised for the loan.
    expect((await raisePassbookDebits(db, { operatorId, date: "2026-02-18", secretKey: TEST_SECRET })).batch).toBeNull();

    // The bank's late SUCCESS for the first attempt: the money moved, so it is applied.
    const late = writeDebitResult([{ reference: firstAttempt!.reference, status: "SUCCESS", debited: "1766.67", settledOn: "2026-02-15", message: "补记" }]);
    expect((await importPassbookResults(db, { operatorId, fileBytes: late })).lines[0]!.outcome).toBe("applied_late");
    expect(await installment(db, loan.loanId, 1)).toMatchObject({ status: "paid" });

    // The retry succeeds too: installment 1 is not paid twice; the money pays installment 2
    // ahead (1750.00) and the 16.67 beyond it waits in the borrower's wallet.
    const retryOk = writeDebitResult([{ reference: secondAttempt!.reference, status: "SUCCESS", debited: "1766.67", settledOn: "2026-02-16", message: "" }]);
    expect((await importPassbookResults(db, { operatorId, fileBytes: retryOk })).lines[0]!.outcome).toBe("applied");
    const rows = await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId)).orderBy(asc(repayments.receivedAt));
    expect(rows.map((r) => r.amount)).toEqual(["1766.67", "1766.67"]);
    expect(rows[1]!.installmentParts).toEqual([{ n: 2, principal: "1666.67", interest: "83.33", penalty: "0.00" }]);
    expect(rows[1]!.overpayment).toBe("16.67");
    expect(await installment(db, loan.loanId, 1)).toMatchObject({ principalPaid: "1666.67", interestPaid: "100.00" });
    expect(await balanceOf(db, operatorId, chart.walletAvailable(loan.market.borrowerId).code)).toBe("16.67");
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
  });

  it("imports a result file of more lines than a statement may have bind parameters (70,001 answers of one day)", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000009" });
    const { operatorId } = loan;
    await raisePassbookDebits(db, { operatorId, date: "2026-02-15", secretKey: TEST_SECRET });
    const [first] = await instructionsOf(db, loan.loanId);
    const extra = 70_000;
    const bulkReference = (i: number) => `PDBULK${String(i + 1).padStart(6, "0")}`;
    await db.execute(sql`
      insert into passbook_debit_instructions (operator_id, batch_id, reference, loan_id, installment_n, amount, attempt)
      select i.operator_id, i.batch_id, 'PDBULK' || lpad(g::text, 6, '0'), i.loan_id, i.installment_n, i.amount, i.attempt
        from passbook_debit_instructions i cross join generate_series(1, ${extra}) g where i.id = ${first!.id}::uuid`);
    const file = writeDebitResult([
      { reference: first!.reference, status: "SUCCESS", debited: first!.amount, settledOn: "2026-02-15", message: "" },
      ...Array.from({ length: extra }, (_, i) => ({ reference: bulkReference(i), status: "INSUFFICIENT_FUNDS" as const, debited: "0.00", settledOn: "2026-02-15", message: "余额不足" })),
    ]);

    const imported = await importPassbookResults(db, { operatorId, fileBytes: file });
    expect(imported.lines).toHaveLength(extra + 1);
    expect(imported.lines[0]).toMatchObject({ reference: first!.reference, outcome: "applied", repaymentId: expect.any(String) });
    expect(imported.lines.filter((l) => l.outcome === "failed")).toHaveLength(extra);
    const byStatus = await db
      .select({ status: passbookDebitInstructions.status, n: sql<number>`count(*)::int`, message: sql<string>`min(${passbookDebitInstructions.bankMessage})` })
      .from(passbookDebitInstructions)
      .where(eq(passbookDebitInstructions.operatorId, operatorId))
      .groupBy(passbookDebitInstructions.status);
    expect(Object.fromEntries(byStatus.map((r) => [r.status, r.n]))).toEqual({ succeeded: 1, insufficient_funds: extra });
    expect(byStatus.find((r) => r.status === "insufficient_funds")!.message).toBe("余额不足");
    expect((await instructionsOf(db, loan.loanId)).find((i) => i.id === first!.id)).toMatchObject({ status: "succeeded", repaymentId: imported.lines[0]!.repaymentId, debitedAmount: first!.amount });
    // The same file again changes nothing.
    const again = await importPassbookResults(db, { operatorId, fileBytes: file });
    expect(again.lines.every((l) => l.outcome === "unchanged")).toBe(true);
  });

  it("answers ACCOUNT_CLOSED for a closed or unknown passbook and a later INSUFFICIENT_FUNDS cannot undo a SUCCESS", async () => {
    const closed = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000003" });
    await openSandboxPassbook(db, { operatorId: closed.operatorId, accountNo: "6230000000000003", balance: "99999.00", closed: true });
    const { result } = await bankRound(db, closed.operatorId, "2026-02-15");
    expect((await importPassbookResults(db, { operatorId: closed.operatorId, fileBytes: result })).lines[0]).toMatchObject({ status: "ACCOUNT_CLOSED", outcome: "failed" });
    expect((await instructionsOf(db, closed.loanId))[0]!.status).toBe("account_closed");

    const unknown = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000004" });
    const round = await bankRound(db, unknown.operatorId, "2026-02-15");
    expect((await importPassbookResults(db, { operatorId: unknown.operatorId, fileBytes: round.result })).lines[0]!.status).toBe("ACCOUNT_CLOSED");

    // The demo setting opens unknown accounts lazily with a balance instead.
    const demo = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000005" });
    const demoRound = await bankRound(db, demo.operatorId, "2026-02-15", new SandboxBank(db, { openUnknownAccountsWith: "5000.00" }));
    const applied = await importPassbookResults(db, { operatorId: demo.operatorId, fileBytes: demoRound.result });
    expect(applied.lines[0]!.outcome).toBe("applied");
    const contrary = writeDebitResult([{ reference: applied.lines[0]!.reference, status: "INSUFFICIENT_FUNDS", debited: "0.00", settledOn: "2026-02-16", message: "" }]);
    expect((await importPassbookResults(db, { operatorId: demo.operatorId, fileBytes: contrary })).lines[0]!.outcome).toBe("ignored");
    expect((await instructionsOf(db, demo.loanId))[0]!.status).toBe("succeeded");
  });

  it("applies a SUCCESS for less than asked as debited (the rest stays due) and refuses one for more", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000006" });
    const { operatorId } = loan;
    await raisePassbookDebits(db, { operatorId, date: "2026-02-15", secretKey: TEST_SECRET });
    const [instruction] = await instructionsOf(db, loan.loanId);
    const tooMuch = writeDebitResult([{ reference: instruction!.reference, status: "SUCCESS", debited: "1766.68", settledOn: "2026-02-15", message: "" }]);
    const refused = await rejection(importPassbookResults(db, { operatorId, fileBytes: tooMuch }));
    expect(refused.code).toBe("statement.file_rejected");
    expect(refused.details).toMatchObject({ line: 2 });
    expect(String(refused.details.message)).toMatch(/more than asked/);

    const part = writeDebitResult([{ reference: instruction!.reference, status: "SUCCESS", debited: "1000.00", settledOn: "2026-02-15", message: "部分扣款" }]);
    expect((await importPassbookResults(db, { operatorId, fileBytes: part })).lines[0]).toMatchObject({ outcome: "applied", debited: "1000.00" });
    expect((await instructionsOf(db, loan.loanId))[0]).toMatchObject({ status: "succeeded", debitedAmount: "1000.00" });
    expect(await installment(db, loan.loanId, 1)).toMatchObject({ status: "partial", interestPaid: "100.00", principalPaid: "900.00" });
    // The next retry day asks for what is left.
    await raisePassbookDebits(db, { operatorId, date: "2026-02-16", secretKey: TEST_SECRET });
    expect((await instructionsOf(db, loan.loanId))[1]).toMatchObject({ amount: "766.67", attempt: 2 });
  });

  it("refuses a broken result file whole, with the line and the reason, and keeps nothing of it", async () => {
    const loan = await loanOnChannel(db, "passbook_debit", { accountNo: "6230000000000007" });
    const { operatorId } = loan;
    await raisePassbookDebits(db, { operatorId, date: "2026-02-15", secretKey: TEST_SECRET });
    const [instruction] = await instructionsOf(db, loan.loanId);
    const good = `${instruction!.reference},SUCCESS,1766.67,2026-02-15,ok`;
    const header = "reference,status,debited_cny,settled_on,message";
    const cases: [string, number, RegExp][] = [
      [`reference,status,debited,settled_on,message\n${good}\n`, 1, /header/],
      [`${header}\n${good}\nPD20990101T000001,SUCCESS,1.00,2026-02-15,\n`, 3, /unknown reference/],
      [`${header}\n${good}\n${instruction!.reference},SUCCESS,12.345,2026-02-15,\n`, 3, /bad amount/],
      [`${header}\n${instruction!.reference},OK,1766.67,2026-02-15,\n`, 2, /bad status/],
      [`${header}\n${instruction!.reference},INSUFFICIENT_FUNDS,5.00,2026-02-15,\n`, 2, /bad amount/],
      [`${header}\n${instruction!.reference},SUCCESS,1766.67,2026-02-30,\n`, 2, /settled_on/],
      [`${header}\n${good},extra\n`, 2, /columns/],
    ];
    for (const [file, line, reason] of cases) {
      const error = await rejection(importPassbookResults(db, { operatorId, fileBytes: new TextEncoder().encode(file) }));
      expect(error.code).toBe("statement.file_rejected");
      expect(error.details.line).toBe(line);
      expect(String(error.details.message)).toMatch(reason);
    }
    expect((await instructionsOf(db, loan.loanId))[0]!.status).toBe("sent");
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(0);
    // The good line alone, LF line ends and a BOM: accepted.
    expect((await importPassbookResults(db, { operatorId, fileBytes: `\uFEFF${header}\n${good}\n` })).lines[0]!.outcome).toBe("applied");
  });
});
