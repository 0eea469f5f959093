import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { cardTopUps, storeCashTopUps } from "../../db/schema";

/** The investor's own top-ups, card and cash, newest first. */
export async function listMyTopUps(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }) {
  const limit = input.limit ?? 10;
  const card = await db
    .select()
    .from(cardTopUps)
    .where(and(eq(cardTopUps.operatorId, input.operatorId), eq(cardTopUps.userId, input.userId)))
    .orderBy(desc(cardTopUps.createdAt))
    .limit(limit);
  const cash = await db
    .select()
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.investorUserId, input.userId)))
    .orderBy(desc(storeCashTopUps.createdAt))
    .limit(limit);
  return [
    ...card.map((c) => ({ id: c.id, channel: "card" as const, amount: c.amount, status: c.status, refundedAmount: c.refundedAmount, createdAt: c.createdAt, receiptNo: null })),
    ...cash.map((c) => ({ id: c.id, channel: "cash" as const, amount: c.amount, status: "succeeded" as const, refundedAmount: "0", createdAt: c.createdAt, receiptNo: c.receiptNo })),
  ]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, limit);
}
