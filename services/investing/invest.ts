import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investments, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, placeHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { buildSchedule, type Loan } from "../lending";
import { DomainError, isDomainError } from "../shared/errors";
import { expectedReturns, type ExpectedReturns } from "./expected-returns";
import { getInvestorStatus } from "./get-investor-status";
import { gradeAllows, gradeNeededFor } from "./risk-questionnaire";
import { parseTypedAmount } from "../ledger/money-input";

export type Investment = typeof investments.$inferSelect;

function parseInvestAmount(raw: string): Decimal {
  const amount = parseTypedAmount(raw);
  if (!amount || amount.isZero()) throw new DomainError("invest.amount_invalid", { field: "amount" });
  return amount;
}

/**
 * The loan's rules for one amount: a multiple of the step, at least the minimum (or all
 * that is left, when less is left), at most what is left. Returns the amount.
 */
export function checkInvestAmount(loan: Pick<Loan, "amount" | "fundedAmount" | "investmentStep" | "minInvestment">, amount: Decimal): Decimal {
  const left = new Cny(loan.amount).minus(loan.fundedAmount);
  const details = { left: left.toFixed(2), min: new Cny(loan.minInvestment).toFixed(2), step: new Cny(loan.investmentStep).toFixed(2) };
  if (amount.gt(left)) throw new DomainError("invest.amount_above_left", { field: "amount", details });
  if (amount.eq(left)) return amount;
  if (amount.lt(loan.minInvestment)) throw new DomainError("invest.amount_below_minimum", { field: "amount", details });
  if (!amount.mod(loan.investmentStep).isZero()) throw new DomainError("invest.amount_step", { field: "amount", details });
  return amount;
}

async function checkInvestor(db: Db, input: { operatorId: string; investorUserId: string; loan: Loan; now: Date }) {
  const status = await getInvestorStatus(db, { operatorId: input.operatorId, userId: input.investorUserId, now: input.now });
  if (!status.isInvestor || !status.profile) throw new DomainError("investor.not_registered");
  if (!status.risk) throw new DomainError("risk.assessment_required");
  if (status.risk.expired) throw new DomainError("risk.assessment_expired");
  if (!gradeAllows(status.risk.grade, input.loan.riskLevel)) {
    throw new DomainError("risk.grade_too_low", { details: { grade: status.risk.grade, needed: gradeNeededFor(input.loan.riskLevel) } });
  }
  if (input.loan.borrowerUserId === input.investorUserId) throw new DomainError("invest.own_loan");
}

/** The investor's expected share of the loan's payments for `amount` (before investing). */
export function previewReturns(loan: Loan, amountCny: string): ExpectedReturns {
  const schedule = buildSchedule({ principalCny: new Cny(loan.amount).toFixed(2), annualRate: loan.annualRate, termMonths: loan.termMonths, method: loan.method });
  return expectedReturns({ schedule, loanAmountCny: loan.amount, principalCny: amountCny, serviceFeeRate: loan.serviceFeeRate });
}

/**
 * Checks an amount against the loan and the investor without changing anything: the
 * confirmation step shows the expected returns of what passes here.
 */
export async function previewInvestment(
  db: Db,
  input: { operatorId: string; investorUserId: string; loanId: string; amount: string; now?: Date },
): Promise<{ loan: Loan; amount: string; returns: ExpectedReturns }> {
  const now = input.now ?? new Date();
  const amount = parseInvestAmount(input.amount);
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan) throw new DomainError("loan.not_found");
  if (loan.status !== "funding" || loan.fundingDeadline.getTime() <= now.getTime()) throw new DomainError("invest.loan_not_open");
  await checkInvestor(db, { operatorId: input.operatorId, investorUserId: input.investorUserId, loan, now });
  checkInvestAmount(loan, amount);
  return { loan, amount: amount.toFixed(2), returns: previewReturns(loan, amount.toFixed(2)) };
}

/**
 * Invests in a loan in funding (funding contract, step "invest"): in one transaction the
 * loan row is locked FOR UPDATE, the amount checked against what is left, a ledger hold
 * placed on the investor's wallet (wallet:available → wallet:held, key `invest:<id>`), the
 * investment recorded `pending` and the loan's funded amount raised — to `funded` when
 * full. Concurrent investors queue on the loan's row lock, so the funded amount never
 * passes the loan amount (the CHECK backs that up). The idempotency key (from the form)
 * makes a repeated submit return the first investment.
 */
export async function invest(
  db: Db,
  input: { operatorId: string; investorUserId: string; loanId: string; amount: string; idempotencyKey: string; now?: Date },
): Promise<{ investment: Investment; loan: Loan; replayed: boolean }> {
  const now = input.now ?? new Date();
  const amount = parseInvestAmount(input.amount);
  const key = input.idempotencyKey.trim();
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("invest.idempotency_conflict");

  const replay = async (tx: DbOrTx) => {
    const [existing] = await tx
      .select()
      .from(investments)
      .where(and(eq(investments.operatorId, input.operatorId), eq(investments.idempotencyKey, key)));
    if (!existing) return null;
    if (existing.loanId !== input.loanId || existing.investorUserId !== input.investorUserId || !new Cny(existing.amount).eq(amount)) {
      throw new DomainError("invest.idempotency_conflict");
    }
    const [loan] = await tx.select().from(loans).where(eq(loans.id, existing.loanId));
    return { investment: existing, loan: loan!, replayed: true };
  };
  const early = await replay(db);
  if (early) return early;

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
      // A twin of this request may have committed while we waited for the lock.
      const twin = await replay(tx);
      if (twin) return twin;
      if (loan.status !== "funding" || loan.fundingDeadline.getTime() <= now.getTime()) throw new DomainError("invest.loan_not_open");
      checkInvestAmount(loan, amount);

      const available = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletAvailable(input.investorUserId) });
      const held = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletHeld(input.investorUserId) });
      const investmentId = randomUUID();
      const { hold } = await placeHold(tx, {
        operatorId: input.operatorId,
        idempotencyKey: `invest:${investmentId}`,
        debitAccountId: available.id,
        creditAccountId: held.id,
        amountCny: amount,
        kind: "invest",
        memo: loan.titleZh.slice(0, 200),
        cause: { type: "investment", id: investmentId },
        placedBy: { userId: input.investorUserId },
        now,
      });
      const [investment] = await tx
        .insert(investments)
        .values({
          id: investmentId,
          operatorId: input.operatorId,
          loanId: loan.id,
          investorUserId: input.investorUserId,
          amount: formatCny(amount),
          holdId: hold.id,
          status: "pending",
          idempotencyKey: key,
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
        { operatorId: input.operatorId, actorUserId: input.investorUserId, action: "investment.placed", subject: investmentId, details: { loanId: loan.id, amount: formatCny(amount), loanFull: full } },
        now,
      );
      if (full) {
        await recordAudit(tx, { operatorId: input.operatorId, actorUserId: null, action: "loan.funded", subject: loan.id, details: { amount: loan.amount } }, now);
      }
      return { investment: investment!, loan: updated!, replayed: false };
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("invest.insufficient_balance", { field: "amount" });
    throw error;
  }
}
