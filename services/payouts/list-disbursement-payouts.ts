import { and, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client";
import { loans, payouts, users } from "../../db/schema";

export interface DisbursementPayoutView {
  id: string;
  loanId: string;
  titleZh: string;
  attempt: number;
  amount: string;
  status: (typeof payouts.$inferSelect)["status"];
  payee: string;
  approvedBy: string | null;
  approvedAt: Date;
  instructedAt: Date | null;
  sendError: string | null;
  bankStatus: string | null;
  bankMessage: string | null;
  settledOn: string | null;
}

/**
 * Finance's view of loan payouts by bank: those with the bank now (approved, instructed:
 * 银行处理中), and recent attempts that failed or were paid, newest first (a failed attempt
 * of a loan still funded is what the re-instruct button answers).
 */
export async function listDisbursementPayouts(db: DbOrTx, input: { operatorId: string; limit?: number }): Promise<DisbursementPayoutView[]> {
  const approver = alias(users, "approver");
  const rows = await db
    .select({ p: payouts, titleZh: loans.titleZh, approvedBy: approver.name })
    .from(payouts)
    .innerJoin(loans, eq(loans.id, payouts.loanId))
    .leftJoin(approver, eq(approver.id, payouts.firstApprovedBy))
    .where(and(eq(payouts.operatorId, input.operatorId), eq(payouts.kind, "disbursement"), inArray(payouts.status, ["approved", "instructed", "failed", "paid"])))
    .orderBy(desc(payouts.createdAt))
    .limit(input.limit ?? 50);
  return rows.map(({ p, titleZh, approvedBy }) => ({
    id: p.id,
    loanId: p.loanId!,
    titleZh,
    attempt: p.attempt,
    amount: p.amount,
    status: p.status,
    payee: `${p.payeeBank} ${p.payeeAccountMasked}`,
    approvedBy,
    approvedAt: p.firstApprovedAt,
    instructedAt: p.instructedAt,
    sendError: p.sendError,
    bankStatus: p.bankStatus,
    bankMessage: p.bankMessage,
    settledOn: p.settledOn,
  }));
}
