import { and, desc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { debtTransfers, loans } from "../../db/schema";
import { Cny, formatCny } from "../ledger/money";

export interface MyTransfer {
  id: string;
  loanId: string;
  titleZh: string;
  /** The viewer's side. */
  side: "sold" | "bought";
  status: (typeof debtTransfers.$inferSelect)["status"];
  closeReason: string | null;
  principal: string;
  pricePercent: string;
  price: string | null;
  fee: string | null;
  /** The seller's proceeds (price − fee), once sold. */
  proceeds: string | null;
  accruedInterest: string | null;
  listedAt: Date;
  expiresAt: Date;
  soldAt: Date | null;
}

/** The investor's listings (any status) and purchases, newest first (the portfolio's 债权转让 section). */
export async function listMyTransfers(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }): Promise<MyTransfer[]> {
  const rows = await db
    .select({ t: debtTransfers, titleZh: loans.titleZh })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), or(eq(debtTransfers.sellerUserId, input.userId), eq(debtTransfers.buyerUserId, input.userId))))
    .orderBy(desc(debtTransfers.createdAt))
    .limit(input.limit ?? 50);
  return rows.map(({ t, titleZh }) => ({
    id: t.id,
    loanId: t.loanId,
    titleZh,
    side: t.sellerUserId === input.userId ? "sold" : "bought",
    status: t.status,
    closeReason: t.closeReason,
    principal: formatCny(new Cny(t.principal)),
    pricePercent: new Cny(t.priceRate).times(100).toFixed(2),
    price: t.price,
    fee: t.fee,
    proceeds: t.price && t.fee ? formatCny(new Cny(t.price).minus(t.fee)) : null,
    accruedInterest: t.accruedInterest,
    listedAt: t.createdAt,
    expiresAt: t.expiresAt,
    soldAt: t.soldAt,
  }));
}
