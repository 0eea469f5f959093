import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { chart } from "./chart";
import { checkLedger, type LedgerCheckReport } from "./check-ledger";
import { openAccount } from "./open-account";
import { placeHold } from "./place-hold";
import { postEntry } from "./post-entry";
import { createBooks, createUser, SYSTEM, topUp, type Books } from "./test-fixtures";

class Rollback extends Error {}

describeEachDatabase("checkLedger", (ctx) => {
  let books: Books;

  /** Runs `tamper` and the check in one transaction that is then rolled back. */
  const checkAfter = async (tamper: (tx: Parameters<Parameters<typeof ctx.db.transaction>[0]>[0]) => Promise<void>) => {
    let report: LedgerCheckReport | undefined;
    await ctx.db
      .transaction(async (tx) => {
        await tamper(tx);
        report = await checkLedger(tx, { operatorId: books.operatorId });
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return report!;
  };
  const checks = (report: LedgerCheckReport) => [...new Set(report.violations.map((v) => v.check))].sort();

  beforeAll(async () => {
    books = await createBooks(ctx.db, 2);
    await topUp(ctx.db, books, books.wallets[0]!, "100.00");
    await topUp(ctx.db, books, books.wallets[1]!, "50.00");
    await placeHold(ctx.db, {
      operatorId: books.operatorId,
      idempotencyKey: "c-hold",
      debitAccountId: books.wallets[1]!,
      creditAccountId: books.custodyBank,
      amountCny: "20.00",
      kind: "withdrawal",
      cause: { type: "withdrawal" },
      placedBy: SYSTEM,
    });
  });

  it("passes clean books and counts what it checked", async () => {
    const report = await checkLedger(ctx.db, { operatorId: books.operatorId });
    expect(report).toMatchObject({ ok: true, violationCount: 0, violations: [] });
    expect(report.counts).toEqual({ entries: 2, postings: 4, accounts: 5, holds: 1 });
    expect((await checkLedger(ctx.db)).ok).toBe(true);
  });

  it("finds a posting altered behind the triggers' back, and the disabled trigger", async () => {
    const report = await checkAfter(async (tx) => {
      await tx.execute(sql`alter table ledger_postings disable trigger ledger_postings_append_only`);
      await tx.execute(sql`update ledger_postings set amount = amount * 2 where account_id = ${books.wallets[0]!}::uuid`);
    });
    expect(report.ok).toBe(false);
    expect(checks(report)).toEqual(["account.balance", "database.trigger", "entry.postings", "operator.balanced"]);
    const entry = report.violations.find((v) => v.check === "entry.postings")!;
    expect(entry.message).toMatch(/sum to -100\.00/);
    expect(entry.message).toMatch(/hash/);
    expect(report.violations.find((v) => v.check === "account.balance")!.subject).toBe(books.wallets[0]);
  });

  it("finds a deleted posting and a forged stored balance", async () => {
    const report = await checkAfter(async (tx) => {
      await tx.execute(sql`alter table ledger_postings disable trigger ledger_postings_append_only`);
      await tx.execute(sql`alter table ledger_accounts disable trigger ledger_accounts_guard`);
      await tx.execute(sql`delete from ledger_postings where account_id = ${books.clearingCard}::uuid`);
      await tx.execute(sql`update ledger_accounts set pending_out = 0 where id = ${books.wallets[1]!}::uuid`);
    });
    expect(checks(report)).toEqual(["account.balance", "database.trigger", "entry.postings", "operator.balanced"]);
    expect(report.violations.filter((v) => v.check === "entry.postings")).toHaveLength(2);
    expect(report.violations.find((v) => v.check === "account.balance")!.message).toMatch(
      /stored pending 0\.00, pending holds give 20\.00/,
    );
    expect(report.violationCount).toBe(report.violations.length);
  });

  it("finds an account whose class was changed behind the guard's back", async () => {
    const report = await checkAfter(async (tx) => {
      await tx.execute(sql`alter table ledger_accounts disable trigger ledger_accounts_guard`);
      await tx.execute(sql`update ledger_accounts set class = 'claim' where id = ${books.wallets[0]!}::uuid`);
    });
    expect(checks(report)).toEqual(["account.class", "database.trigger"]);
    expect(report.violations.find((v) => v.check === "account.class")).toMatchObject({
      subject: books.wallets[0],
      message: expect.stringMatching(/class claim, but its code wallet:available:\S+ gives wallet:available/),
    });
  });

  it("finds a posting moved onto another operator's account", async () => {
    const other = await createBooks(ctx.db, 0);
    const report = await checkAfter(async (tx) => {
      await tx.execute(sql`alter table ledger_postings disable trigger ledger_postings_append_only`);
      await tx.execute(
        sql`update ledger_postings set account_id = ${other.clearingCard}::uuid where account_id = ${books.clearingCard}::uuid`,
      );
    });
    expect(checks(report)).toEqual(["database.trigger", "entry.postings", "posting.account"]);
    expect(report.violations.filter((v) => v.check === "posting.account")).toHaveLength(2);
  });

  it("finds a loan whose principal differs from its investors' claims", async () => {
    const investor = await createUser(ctx.db, books.operatorId);
    const loanId = "loan-1";
    const principal = await openAccount(ctx.db, { operatorId: books.operatorId, ...chart.loanPrincipal(loanId) });
    const claim = await openAccount(ctx.db, { operatorId: books.operatorId, ...chart.claim(investor, loanId) });
    const report = await checkAfter(async (tx) => {
      // Balanced, allowed by every rule of the ledger, but 10.00 of principal has no claim.
      await postEntry(tx, {
        operatorId: books.operatorId,
        idempotencyKey: "bad-disbursement",
        kind: "disbursement",
        cause: { type: "loan", id: loanId },
        postedBy: SYSTEM,
        postings: [
          { accountId: principal.id, amountCny: "100.00" },
          { accountId: claim.id, amountCny: "-90.00" },
          { accountId: books.custodyBank, amountCny: "-10.00" },
        ],
      });
    });
    expect(checks(report)).toEqual(["loan.principal_equals_claims"]);
    expect(report.violations[0]!.message).toBe("loan principal 100.00 but claims sum to 90.00");
  });
});
