import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { payouts } from "../../db/schema";
import { isUuid } from "../ledger/validate";
import { DomainError } from "../shared/errors";

export type Payout = typeof payouts.$inferSelect;

/** Statuses in which the bank may still answer (the instruction was, or may have been, delivered). */
export const AWAITING_BANK = ["approved", "instructed"] as const;

export async function lockPayout(tx: DbOrTx, input: { operatorId: string; payoutId: string }): Promise<Payout> {
  if (!isUuid(input.payoutId)) throw new DomainError("payout.not_found");
  const [row] = await tx
    .select()
    .from(payouts)
    .where(and(eq(payouts.operatorId, input.operatorId), eq(payouts.id, input.payoutId)))
    .for("update");
  if (!row) throw new DomainError("payout.not_found");
  return row;
}

/** Resolves within `ms` or rejects with a timeout: a bank call that hangs counts as not answered. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
