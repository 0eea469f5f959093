import { isUuid } from "../shared/ids";
import { randomUUID } from "node:crypto";
import { notifyUser, type Notify } from "../notifications";
import { formatMoney } from "../shared/money-text";
import Decimal from "decimal.js";
import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investments, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, placeHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import type { Loan } from "../lending";
import { DomainError, isDomainError } from "../shared/errors";
import { checkInvestAmount } from "./check-invest-amount";
import { checkInvestor } from "./check-investor";
import { runIdempotent, type Outcome } from "../shared/idempotency";
import { parseTypedAmount } from "../ledger/money-input";

export type Investment = typeof investments.$inferSelect;

export function parseInvestAmount(raw: string): Decimal {
  const amount = parseTypedAmount(raw);
  if (!amount || amount.isZero()) throw new DomainError("invest.amount_invalid", { field: "amount" });
  return amount;
}

/**
 * Invests in a loan in funding (funding contract, step "invest"): in one transaction the
 * loan row is locked FOR UPDATE, the amount checked against what is left, a ledger hold
 * placed on the investor's wallet (wallet:available → wallet:held, key `invest:<id>`), the
 * investment recorded `pending` and the loan's funded amount raised — to `funded` when
 * full. Concurrent investors queue on the loan's row lock, so the funded amount never
 * passes the loan amount (the CHECK backs that up). The idempotency key (from the form)
 * makes a repeated submit return the first investment (shared/idempotency.ts: the same loan,
 * investor and amount; anything else is `idempotency.conflict`).
 */
/**
 * An investment placed by an auto-invest rule (services/auto-invest): the rule is recorded on the
 * investment, and while the loan's manual share is reserved `ceiling` is the most all rules together
 * may hold in the loan — checked here, under the loan's row lock (`invest.auto_share_reserved`).
 */
export type AutoInvestPlacement = { ruleId: string; ceiling: Decimal | null };

export async function invest(
  db: Db,
  input: { operatorId: string; investorUserId: string; loanId: string; amount: string; idempotencyKey: string; autoInvest?: AutoInvestPlacement; now?: Date; notify?: Notify },
): Promise<{ investment: Investment; loan: Loan; replayed: boolean }> {
  const now = input.now ?? new Date();
  const amount = parseInvestAmount(input.amount);
  const key = input.idempotencyKey.trim();
  // A key the form did not make (a stale or tampered page) is refused before anything is read.
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("invest.idempotency_conflict");
  if (!isUuid(input.loanId)) throw new DomainError("loan.not_found");

  const find = async (handle: DbOrTx) => {
    const [stored] = await handle.select().from(investments).where(and(eq(investments.operatorId, input.operatorId), eq(investments.idempotencyKey, key)));
    return stored;
  };
  const { result, replayed } = await runIdempotent({
    find: () => find(db),
    contentOf: (stored: Investment) => ({ loanId: stored.loanId, investorUserId: stored.investorUserId, amount: new Cny(stored.amount) }),
    content: { loanId: input.loanId, investorUserId: input.investorUserId, amount },
    // A replay's loan is read after the transaction (on PGlite's one connection, not beside it).
    resultOf: (stored): Placed => ({ investment: stored, loan: null }),
    create: (replay) => placeUnderLock(db, { ...input, amount, key, now }, async (tx) => {
      // A twin of this request may have committed while we waited for the loan's lock.
      const twin = await find(tx);
      return twin ? replay(twin) : null;
    }),
    keyConstraints: ["investments_operator_key_key"],
    conflict: { field: "amount" },
  });
  const loan = result.loan ?? (await db.select().from(loans).where(eq(loans.id, result.investment.loanId)))[0]!;
  return { investment: result.investment, loan, replayed };
}

/** The investment, with its loan as the transaction left it (null for a replay: read afterwards). */
type Placed = { investment: Investment; loan: Loan | null };

/** Checks the investor, then locks the loan, replays a twin that won the lock, else places the investment. */
async function placeUnderLock(
  db: Db,
  input: { operatorId: string; investorUserId: string; loanId: string; amount: Decimal; key: string; autoInvest?: AutoInvestPlacement; now: Date; notify?: Notify },
  twinOf: (tx: DbOrTx) => Promise<Outcome<Placed> | null>,
): Promise<Outcome<Placed>> {
  const { amount, now } = input;
  const [unlocked] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!unlocked) throw new DomainError("loan.not_found");
  await checkInvestor(db, { operatorId: input.operatorId, investorUserId: input.investorUserId, loan: unlocked, now });
  try {
    return await db.transaction(async (tx) => {
      const [loan] = await tx
        .select()
        .from(loans)
        .where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)))
        .for("update");
      if (!loan) throw new DomainError("loan.not_found");
      const twin = await twinOf(tx);
      if (twin) return twin;
      if (loan.status !== "funding" || loan.fundingDeadline.getTime() <= now.getTime()) throw new DomainError("invest.loan_not_open");
      checkInvestAmount(loan, amount);
      if (input.autoInvest?.ceiling) await checkAutoCeiling(tx, loan.id, amount, input.autoInvest.ceiling);
      const placed = await placeInvestment(tx, { operatorId: input.operatorId, investorUserId: input.investorUserId, loan, amount, key: input.key, ruleId: input.autoInvest?.ruleId ?? null, now });
      // The investment that fills the loan tells its borrower (SMS + inbox), in this transaction.
      if (placed.loan.status === "funded") await notifyUser(tx, input.notify, { operatorId: input.operatorId, userId: loan.borrowerUserId, kind: "loan_funded", params: { title: loan.titleZh, amount: formatMoney(loan.amount) } });
      return { result: placed, replayed: false };
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("invest.insufficient_balance", { field: "amount" });
    throw error;
  }
}

/** Under the loan's lock: what rules already hold in the loan plus this amount stays within the ceiling. */
async function checkAutoCeiling(tx: DbOrTx, loanId: string, amount: Decimal, ceiling: Decimal) {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${investments.amount}), 0)` })
    .from(investments)
    .where(and(eq(investments.loanId, loanId), isNotNull(investments.autoInvestRuleId), ne(investments.status, "voided")));
  if (new Cny(row?.total ?? "0").plus(amount).gt(ceiling)) throw new DomainError("invest.auto_share_reserved", { field: "amount", details: { ceiling: ceiling.toFixed(2) } });
}

/** On the locked loan: the hold on the investor's wallet, the pending investment, the loan's funded amount (and `funded` when full). */
async function placeInvestment(
  tx: DbOrTx,
  input: { operatorId: string; investorUserId: string; loan: Loan; amount: Decimal; key: string; ruleId: string | null; now: Date },
): Promise<{ investment: Investment; loan: Loan }> {
  const { operatorId, investorUserId, loan, amount, key, now } = input;
  const available = await openAccount(tx, { operatorId: operatorId, ...chart.walletAvailable(investorUserId) });
  const held = await openAccount(tx, { operatorId: operatorId, ...chart.walletHeld(investorUserId) });
  const investmentId = randomUUID();
  const { hold } = await placeHold(tx, {
    operatorId: operatorId,
    idempotencyKey: `invest:${investmentId}`,
    debitAccountId: available.id,
    creditAccountId: held.id,
    amountCny: amount,
    kind: "invest",
    memo: loan.titleZh.slice(0, 200),
    cause: { type: "investment", id: investmentId },
    placedBy: { userId: investorUserId },
    now,
  });
  const [investment] = await tx
    .insert(investments)
    .values({
      id: investmentId,
      operatorId: operatorId,
      loanId: loan.id,
      investorUserId: investorUserId,
      amount: formatCny(amount),
      holdId: hold.id,
      status: "pending",
      idempotencyKey: key,
      autoInvestRuleId: input.ruleId,
      createdAt: now,
    })
    .returning();
  const funded = new Cny(loan.fundedAmount).plus(amount);
  const full = funded.eq(loan.amount);
  const [updated] = await tx
    .update(loans)
    .set({ fundedAmount: formatCny(funded), ...(full ? { status: "funded" as const, fundedAt: now } : {}) })
    .where(eq(loans.id, loan.id))
    .returning();
  await recordAudit(
    tx,
    { operatorId: operatorId, actorUserId: investorUserId, action: "investment.placed", subject: investmentId, details: { loanId: loan.id, amount: formatCny(amount), loanFull: full, ...(input.ruleId ? { autoInvestRuleId: input.ruleId } : {}) } },
    now,
  );
  if (full) {
    await recordAudit(tx, { operatorId: operatorId, actorUserId: null, action: "loan.funded", subject: loan.id, details: { amount: loan.amount } }, now);
  }
  return { investment: investment!, loan: updated! };
}
