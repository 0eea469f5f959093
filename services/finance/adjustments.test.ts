import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { getBalance } from "../ledger";
import { createBooks, topUp } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { approveAdjustment, rejectAdjustment } from "./decide-adjustment";
import { getAdjustment, listAdjustments } from "./list-adjustments";
import { proposeAdjustment } from "./propose-adjustment";
import type { Db } from "../../db/client";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`),
  );
}

async function setup(db: Db) {
  const books = await createBooks(db, 2);
  const [maker, checker] = books.users as [string, string];
  await topUp(db, books, books.wallets[0]!, "100.00");
  const walletCode = `wallet:available:${maker}`;
  return { books, maker, checker, walletCode };
}

describeEachDatabase("adjustments under maker-checker", (ctx) => {
  it("a proposal posts nothing; another finance user's approval posts it once and changes the balances", async () => {
    const { books, maker, checker, walletCode } = await setup(ctx.db);
    const { id } = await proposeAdjustment(ctx.db, {
      operatorId: books.operatorId,
      proposedByUserId: maker,
      reason: "门店现金多收退回 receipt 0042",
      lines: [
        { accountCode: "clearing:card", amountCny: "12.34" },
        { accountCode: walletCode, amountCny: "-12.34" },
      ],
    });
    const before = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]! });
    expect(before.postedCny.toFixed(2)).toBe("100.00");
    expect((await getAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id }))?.status).toBe("proposed");

    const { entryId } = await approveAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: checker });
    const after = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]! });
    expect(after.postedCny.toFixed(2)).toBe("112.34");
    const view = await getAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id });
    expect(view).toMatchObject({ status: "approved", entryId, decidedBy: { id: checker } });

    // A second click, or a second checker, changes nothing.
    expect(await codeOf(approveAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: checker }))).toBe("adjustment.already_decided");
    expect((await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]! })).postedCny.toFixed(2)).toBe("112.34");
  });

  it("nobody approves or rejects their own proposal", async () => {
    const { books, maker, walletCode } = await setup(ctx.db);
    const { id } = await proposeAdjustment(ctx.db, {
      operatorId: books.operatorId,
      proposedByUserId: maker,
      reason: "self-approval attempt",
      lines: [
        { accountCode: "clearing:card", amountCny: "1.00" },
        { accountCode: walletCode, amountCny: "-1.00" },
      ],
    });
    expect(await codeOf(approveAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: maker }))).toBe("adjustment.own_proposal");
    expect(await codeOf(rejectAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: maker }))).toBe("adjustment.own_proposal");
    // The database refuses it too, whatever code might try.
    await expect(
      ctx.db.execute(sql`update ledger_adjustments set status = 'rejected', decided_by_user_id = proposed_by_user_id, decided_at = now() where id = ${id}`),
    ).rejects.toThrow();
  });

  it("a rejection posts nothing and closes the proposal", async () => {
    const { books, maker, checker, walletCode } = await setup(ctx.db);
    const { id } = await proposeAdjustment(ctx.db, {
      operatorId: books.operatorId,
      proposedByUserId: maker,
      reason: "wrong account, to be redone",
      lines: [
        { accountCode: "custody:bank", amountCny: "5.00" },
        { accountCode: walletCode, amountCny: "-5.00" },
      ],
    });
    await rejectAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: checker, note: "use clearing:card" });
    expect(await getAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id })).toMatchObject({ status: "rejected", decisionNote: "use clearing:card", entryId: null });
    expect((await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]! })).postedCny.toFixed(2)).toBe("100.00");
    expect(await codeOf(approveAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: checker }))).toBe("adjustment.already_decided");
    expect((await listAdjustments(ctx.db, { operatorId: books.operatorId, status: "proposed" })).map((a) => a.id)).not.toContain(id);
  });

  it("refuses a proposal without a reason, with an unknown account, unbalanced or with fractions of a fen", async () => {
    const { books, maker, walletCode } = await setup(ctx.db);
    const propose = (reason: string, lines: Array<{ accountCode: string; amountCny: string }>) =>
      codeOf(proposeAdjustment(ctx.db, { operatorId: books.operatorId, proposedByUserId: maker, reason, lines }));
    const good = [
      { accountCode: "clearing:card", amountCny: "1.00" },
      { accountCode: walletCode, amountCny: "-1.00" },
    ];
    expect(await propose("  ", good)).toBe("adjustment.reason_required");
    expect(await propose("fix it", [good[0]!, { accountCode: "wallet:available:nobody", amountCny: "-1.00" }])).toBe("adjustment.account_not_found");
    expect(await propose("fix it", [good[0]!, { accountCode: walletCode, amountCny: "-0.99" }])).toBe("ledger.unbalanced");
    expect(await propose("fix it", [{ accountCode: "clearing:card", amountCny: "1.001" }, { accountCode: walletCode, amountCny: "-1.001" }])).toBe("ledger.too_many_decimals");
    expect(await propose("fix it", [good[0]!])).toBe("ledger.too_few_postings");
    expect(await listAdjustments(ctx.db, { operatorId: books.operatorId })).toHaveLength(0);
  });

  it("an approval that would overdraw a wallet fails whole: the proposal stays open", async () => {
    const { books, maker, checker, walletCode } = await setup(ctx.db);
    const { id } = await proposeAdjustment(ctx.db, {
      operatorId: books.operatorId,
      proposedByUserId: maker,
      reason: "too large a correction",
      lines: [
        { accountCode: walletCode, amountCny: "100.01" },
        { accountCode: "clearing:card", amountCny: "-100.01" },
      ],
    });
    expect(await codeOf(approveAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id, decidedByUserId: checker }))).toBe("ledger.insufficient_funds");
    expect((await getAdjustment(ctx.db, { operatorId: books.operatorId, adjustmentId: id }))?.status).toBe("proposed");
  });

  it("the proposal form's key: a repeat with the same lines (typed 12.3 or 12.30) is the first proposal, other content is refused beside the reason", async () => {
    const { books, maker, checker, walletCode } = await setup(ctx.db);
    const form = {
      operatorId: books.operatorId,
      proposedByUserId: maker,
      reason: "门店现金多收退回 receipt 0043",
      lines: [
        { accountCode: "clearing:card", amountCny: "12.30" },
        { accountCode: walletCode, amountCny: "-12.30" },
      ],
      idempotencyKey: "adjust-form-0001",
    };
    const first = await proposeAdjustment(ctx.db, form);
    const again = await proposeAdjustment(ctx.db, { ...form, lines: [{ accountCode: "clearing:card", amountCny: "12.3" }, { accountCode: walletCode, amountCny: "-12.3" }] });
    expect(again.id).toBe(first.id);
    const refused = (changed: Partial<typeof form>) =>
      proposeAdjustment(ctx.db, { ...form, ...changed }).then(
        () => null,
        (e: DomainError) => `${e.code}@${e.field}`,
      );
    expect(await refused({ reason: "another reason entirely" })).toBe("idempotency.conflict@reason");
    expect(await refused({ lines: [{ accountCode: "clearing:card", amountCny: "12.31" }, { accountCode: walletCode, amountCny: "-12.31" }] })).toBe("idempotency.conflict@reason");
    expect(await refused({ proposedByUserId: checker })).toBe("idempotency.conflict@reason");
    expect(await refused({ idempotencyKey: "short" })).toBe("adjustment.form_expired@undefined");
    expect(await listAdjustments(ctx.db, { operatorId: books.operatorId })).toHaveLength(1);
    // Without a key (a system proposal) every call is a proposal of its own.
    await proposeAdjustment(ctx.db, { ...form, idempotencyKey: undefined });
    expect(await listAdjustments(ctx.db, { operatorId: books.operatorId })).toHaveLength(2);
  });
});
