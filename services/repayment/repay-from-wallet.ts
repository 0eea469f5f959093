import type { Notify } from "../notifications";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loans, repayments } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart } from "../ledger/chart";
import { getAccountByCode } from "../ledger/get-account";
import { getBalance } from "../ledger/get-balance";
import { Cny, parseAmountCny } from "../ledger/money";
import { DomainError, isDomainError } from "../shared/errors";
import { runIdempotent } from "../shared/idempotency";
import { applyRepayments, type AppliedRepayment } from "./apply-repayments";
import { collectionInFlight } from "./channels/collection-in-flight";
import { replayedRepayment } from "./plan-repayments";

/** The reference an online repayment is stored under: the form's key, so a repeated submit is one repayment. */
export const onlineReference = (key: string) => `online:${key}`;

/**
 * The borrower repays (or pays off) their own loan online from their wallet's available
 * balance (还款 on the loan page): through `applyRepayments` like every channel, with the
 * wallet channel's source (`wallet`: its account is the borrower's wallet, and it may not
 * pay more than is due) and the reference `online:<form key>`. One balanced entry set in one
 * transaction: wallet → what is due, split among the investors. A repeated submit returns
 * the first repayment; the same key with another amount or kind is `idempotency.conflict`.
 * Money comes into the wallet by card top-up (Stripe) or an earlier overpayment, so "by card"
 * is a top-up and then this. Not the borrower's loan: not found. While a passbook debit or a
 * phone-bill deduction of the loan awaits its answer, it is refused (`repayment.collecting`):
 * paying now could pay the same installment twice.
 */
export async function repayFromWallet(
  db: Db,
  input: { operatorId: string; borrowerUserId: string; loanId: string; amount: string; kind: "installment" | "payoff"; idempotencyKey: string; now?: Date; notify?: Notify },
): Promise<AppliedRepayment> {
  const now = input.now ?? new Date();
  const key = input.idempotencyKey.trim();
  if (!/^[A-Za-z0-9_-]{8,80}$/.test(key)) throw new DomainError("idempotency.conflict", { field: "amount" });
  const amount = parseAmount(input.amount);
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("repayment.loan_not_found");
  const [loan] = await db
    .select({ id: loans.id, status: loans.status })
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId), eq(loans.borrowerUserId, input.borrowerUserId)));
  if (!loan) throw new DomainError("repayment.loan_not_found");
  const reference = onlineReference(key);
  const find = async (handle: DbOrTx) => {
    const [stored] = await handle.select().from(repayments).where(and(eq(repayments.operatorId, input.operatorId), eq(repayments.source, "wallet"), eq(repayments.reference, reference)));
    return stored;
  };
  try {
    const { result } = await runIdempotent({
      find: () => find(db),
      contentOf: (stored: typeof repayments.$inferSelect) => ({ loanId: stored.loanId, amount: new Cny(stored.amount), kind: stored.kind }),
      content: { loanId: loan.id, amount, kind: input.kind },
      resultOf: (stored) => replayedRepayment(stored),
      create: (replay) =>
        db.transaction(async (tx) => {
          const twin = await find(tx);
          if (twin) return replay(twin);
          // Under the loan's lock (the one 主动还款 takes): no bank debit or bill deduction of it is awaiting its answer.
          await tx.select({ id: loans.id }).from(loans).where(eq(loans.id, loan.id)).for("update");
          if (await collectionInFlight(tx, { operatorId: input.operatorId, loanId: loan.id })) throw new DomainError("repayment.collecting", { field: "amount" });
          await checkAvailable(tx, { operatorId: input.operatorId, userId: input.borrowerUserId, amount });
          const [applied] = await applyRepayments(tx, {
            operatorId: input.operatorId,
            requests: [{ loanId: loan.id, source: "wallet", reference, amountCny: amount, kind: input.kind, receivedAt: now }],
            postedBy: { userId: input.borrowerUserId },
            now,
            ...(input.notify ? { notify: input.notify } : {}),
          });
          await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.borrowerUserId, action: "repayment.online", subject: loan.id, details: { amount: amount.toFixed(2), kind: input.kind, repaymentId: applied!.repaymentId } }, now);
          return { result: applied!, replayed: false };
        }),
      keyConstraints: ["repayments_source_reference_key"],
      conflict: { field: "amount" },
    });
    return result;
  } catch (error) {
    if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("repayment.wallet_insufficient", { field: "amount" });
    if (isDomainError(error) && !error.field && ["repayment.wallet_overpayment", "repayment.payoff_short", "repayment.nothing_due"].includes(error.code)) {
      throw new DomainError(error.code, { field: "amount", details: { ...error.details } });
    }
    throw error;
  }
}

function parseAmount(raw: string): Cny {
  let amount: Cny;
  try {
    amount = new Cny(parseAmountCny(raw.trim()));
  } catch {
    throw new DomainError("repayment.invalid_amount", { field: "amount" });
  }
  if (amount.lte(0) || amount.decimalPlaces() > 2) throw new DomainError("repayment.invalid_amount", { field: "amount" });
  return amount;
}

/** The wallet's available balance covers the payment (the ledger refuses it too; this names the field). */
async function checkAvailable(tx: DbOrTx, input: { operatorId: string; userId: string; amount: Cny }): Promise<void> {
  const account = await getAccountByCode(tx, { operatorId: input.operatorId, code: chart.walletAvailable(input.userId).code });
  const available = account ? (await getBalance(tx, { operatorId: input.operatorId, accountId: account.id })).availableCny : new Cny(0);
  if (available.lt(input.amount)) throw new DomainError("repayment.wallet_insufficient", { field: "amount", details: { available: available.toFixed(2) } });
}
