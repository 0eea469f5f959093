import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cardTopUps, investorProfiles } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { Cny, formatCny } from "../ledger/money";
import type { CardCheckout } from "../payments/stripe";
import { DomainError } from "../shared/errors";
import { runIdempotent } from "../shared/idempotency";
import { CARD_TOP_UP_MAX_CNY, CARD_TOP_UP_MIN_CNY } from "./limits";
import { stripeFenFromCny } from "./money-input";
import { parseFormAmount } from "../ledger/money-input";

export type CardTopUp = typeof cardTopUps.$inferSelect;

/**
 * Opens a card top-up: records it (`open`), then asks the card processor for a hosted
 * checkout page in CNY and keeps its address. Nothing is credited here — only a verified
 * webhook does that. The form's idempotency key makes a repeated submit return the same
 * top-up (and the same checkout page); the same key with another amount or investor is
 * `idempotency.conflict` (shared/idempotency.ts).
 */
export async function startCardTopUp(
  db: Db,
  checkout: CardCheckout,
  input: {
    operatorId: string;
    userId: string;
    amount: string;
    idempotencyKey: string;
    successUrl: (topUpId: string) => string;
    cancelUrl: (topUpId: string) => string;
    now?: Date;
  },
): Promise<{ topUp: CardTopUp; replayed: boolean }> {
  const amount = parseFormAmount(input.amount, { min: CARD_TOP_UP_MIN_CNY, max: CARD_TOP_UP_MAX_CNY }, "topup.amount_invalid");
  const [profile] = await db.select({ userId: investorProfiles.userId }).from(investorProfiles).where(eq(investorProfiles.userId, input.userId));
  if (!profile) throw new DomainError("investor.not_registered");
  return openCardCheckout(db, checkout, { ...input, amount, description: `钱包充值 Wallet top-up ${formatCny(amount)} CNY`, repayment: null });
}

/**
 * The card payment both purposes share (a wallet top-up, a borrower's card repayment): the
 * `card_top_ups` row under the form's idempotency key, then Stripe's hosted checkout page.
 * A repayment names its loan and kind; the same key with another amount, person, loan or kind
 * is `idempotency.conflict`. Nothing is credited here — only the verified webhook does that.
 */
export async function openCardCheckout(
  db: Db,
  checkout: CardCheckout,
  input: {
    operatorId: string;
    userId: string;
    amount: Decimal;
    idempotencyKey: string;
    description: string;
    repayment: { loanId: string; kind: "installment" | "payoff" } | null;
    successUrl: (topUpId: string) => string;
    cancelUrl: (topUpId: string) => string;
    now?: Date;
  },
): Promise<{ topUp: CardTopUp; replayed: boolean }> {
  const now = input.now ?? new Date();
  const { amount } = input;
  const key = input.idempotencyKey.trim();
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("topup.not_found");
  const findByKey = async () => {
    const [stored] = await db.select().from(cardTopUps).where(and(eq(cardTopUps.operatorId, input.operatorId), eq(cardTopUps.idempotencyKey, key)));
    return stored;
  };
  const { result: topUp, replayed } = await runIdempotent({
    find: findByKey,
    contentOf: (stored: CardTopUp) => ({ userId: stored.userId, amount: new Cny(stored.amount), loanId: stored.loanId, kind: stored.repaymentKind }),
    content: { userId: input.userId, amount, loanId: input.repayment?.loanId ?? null, kind: input.repayment?.kind ?? null },
    resultOf: (stored) => stored,
    create: () =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(cardTopUps)
          .values({ operatorId: input.operatorId, userId: input.userId, amount: formatCny(amount), idempotencyKey: key, loanId: input.repayment?.loanId ?? null, repaymentKind: input.repayment?.kind ?? null, createdAt: now, updatedAt: now })
          .returning();
        const details = { amount: formatCny(amount), ...(input.repayment ? { loanId: input.repayment.loanId, kind: input.repayment.kind } : {}) };
        await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: input.repayment ? "card_repayment.opened" : "card_top_up.opened", subject: row!.id, details }, now);
        return { result: row!, replayed: false };
      }),
    keyConstraints: ["card_top_ups_operator_key_key"],
    conflict: { field: "amount" },
  });
  // A replay whose checkout page is open already gets the same page; otherwise it is opened
  // (the processor's own idempotency key `card-top-up:<id>` makes a second ask the same session).
  if (topUp.checkoutUrl) return { topUp, replayed };
  const id = topUp.id;
  let session: { sessionId: string; url: string };
  try {
    session = await checkout.createCheckout({
      topUpId: id,
      operatorId: input.operatorId,
      userId: input.userId,
      amountFen: stripeFenFromCny(amount),
      description: input.description,
      successUrl: input.successUrl(id),
      cancelUrl: input.cancelUrl(id),
    });
  } catch (error) {
    console.error(`card payment ${id}: checkout could not be opened`, error);
    throw new DomainError("topup.card_unavailable");
  }
  const [row] = await db
    .update(cardTopUps)
    .set({ checkoutSessionId: session.sessionId, checkoutUrl: session.url, updatedAt: new Date() })
    .where(eq(cardTopUps.id, id))
    .returning();
  return { topUp: row!, replayed };
}
