/**
 * STAND-IN for the investor journey's investing service (issue 5), which does not exist
 * on this branch: to be replaced by `investInLoan` at merge. It follows the funding
 * contract (docs/decisions/2026-11-21-loan-funding-contract.md) exactly — placeHold
 * wallet:available → wallet:held under key `invest:<investmentId>`, the investment row
 * `pending`, the loan row locked FOR UPDATE while `funded_amount` grows, `funded` when
 * full — and nothing more (no risk grade, step or minimum checks). Used by database tests
 * only; never by a production path.
 */
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { investments, loans, userRoles } from "../../../db/schema";
import { findOrCreateUser } from "../../identity/find-or-create-user";
import { chart, openAccount, placeHold, postEntry } from "../../ledger";
import { DomainError } from "../../shared/errors";

export async function investStandIn(
  db: Db,
  input: { operatorId: string; loanId: string; investorUserId: string; amountCny: string; investmentId?: string; now?: Date },
): Promise<{ investmentId: string; loanStatus: string }> {
  const investmentId = input.investmentId ?? randomUUID();
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const available = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletAvailable(input.investorUserId) });
    const held = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletHeld(input.investorUserId) });
    const [loan] = await tx.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId))).for("update");
    if (!loan || loan.status !== "funding") throw new DomainError("loan.invalid", { field: "loanId" });
    const fundedAfter = new Decimal(loan.fundedAmount).plus(input.amountCny);
    if (fundedAfter.gt(loan.amount)) throw new DomainError("loan.invalid", { field: "amount" });
    const { hold } = await placeHold(tx, {
      operatorId: input.operatorId,
      idempotencyKey: `invest:${investmentId}`,
      debitAccountId: available.id,
      creditAccountId: held.id,
      amountCny: input.amountCny,
      kind: "invest",
      memo: `出借 ${loan.titleZh}`.slice(0, 200),
      cause: { type: "investment", id: investmentId },
      placedBy: { userId: input.investorUserId },
      now,
    });
    await tx.insert(investments).values({
      id: investmentId,
      operatorId: input.operatorId,
      loanId: loan.id,
      investorUserId: input.investorUserId,
      amount: new Decimal(input.amountCny).toFixed(2),
      holdId: hold.id,
      status: "pending",
      idempotencyKey: `invest:${investmentId}`,
      createdAt: now,
    });
    const full = fundedAfter.eq(loan.amount);
    await tx
      .update(loans)
      .set({ fundedAmount: fundedAfter.toFixed(2), ...(full ? { status: "funded" as const, fundedAt: now } : {}) })
      .where(eq(loans.id, loan.id));
    return { investmentId, loanStatus: full ? "funded" : "funding" };
  });
}

/** A sandbox investor with money in their wallet (a card top-up booked Dr clearing:card / Cr wallet:available). */
export async function sandboxInvestor(db: Db, input: { operatorId: string; phone: string; topUpCny: string; topUpKey: string }): Promise<string> {
  return db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, input.operatorId, input.phone);
    await tx.insert(userRoles).values({ userId: user.id, role: "investor" }).onConflictDoNothing();
    const clearing = await openAccount(tx, { operatorId: input.operatorId, ...chart.clearingCard() });
    const wallet = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletAvailable(user.id) });
    await openAccount(tx, { operatorId: input.operatorId, ...chart.walletHeld(user.id) });
    await postEntry(tx, {
      operatorId: input.operatorId,
      idempotencyKey: input.topUpKey,
      kind: "top_up",
      memo: "沙箱出借人充值 Sandbox investor top-up",
      cause: { type: "top_up", id: input.topUpKey },
      postedBy: { system: "sandbox-funding" },
      postings: [
        { accountId: clearing.id, amountCny: input.topUpCny },
        { accountId: wallet.id, amountCny: new Decimal(input.topUpCny).negated().toFixed(2) },
      ],
    });
    return user.id;
  });
}

/**
 * Funds a loan in `funding` to the full amount: two sandbox investors each top up and
 * invest half (the second takes the odd fen). Dev route and Playwright only.
 */
export async function fundLoanFullyStandIn(db: Db, input: { operatorId: string; loanId: string }): Promise<{ investmentIds: string[] }> {
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan || loan.status !== "funding") throw new DomainError("loan.invalid", { field: "loanId" });
  const remaining = new Decimal(loan.amount).minus(loan.fundedAmount);
  const first = remaining.div(2).toDecimalPlaces(0, Decimal.ROUND_DOWN);
  const parts = [first, remaining.minus(first)].filter((p) => p.gt(0));
  const investmentIds: string[] = [];
  for (const [index, part] of parts.entries()) {
    const phone = `1770000009${index + 1}`;
    const investor = await sandboxInvestor(db, { operatorId: input.operatorId, phone, topUpCny: part.toFixed(2), topUpKey: `sandbox-top-up:${loan.id}:${index + 1}` });
    const { investmentId } = await investStandIn(db, { operatorId: input.operatorId, loanId: loan.id, investorUserId: investor, amountCny: part.toFixed(2) });
    investmentIds.push(investmentId);
  }
  return { investmentIds };
}
