import { and, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, payouts, users, withdrawals } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import type { Withdrawal } from "./withdrawal";

export interface WithdrawalPayoutView {
  id: string;
  status: string;
  approvalsRequired: number;
  firstApprovedBy: { id: string; name: string | null };
  firstApprovedAt: Date;
  secondApprovedBy: { id: string; name: string | null } | null;
  instructedAt: Date | null;
  sendError: string | null;
  bankStatus: string | null;
  bankMessage: string | null;
  bankReference: string | null;
  settledOn: string | null;
}

export interface WithdrawalQueueItem extends Withdrawal {
  investor: { phoneMasked: string; legalName: string | null };
  payout: WithdrawalPayoutView | null;
}

/** Finance's queue (`requested`, oldest first: first and second approvals), the bank's (`processing`), or history (newest first). */
export async function listWithdrawals(
  db: DbOrTx,
  input: { operatorId: string; status?: Withdrawal["status"] | Withdrawal["status"][] | null; limit?: number },
): Promise<WithdrawalQueueItem[]> {
  const first = alias(users, "first_approver");
  const second = alias(users, "second_approver");
  const statuses = input.status ? (Array.isArray(input.status) ? input.status : [input.status]) : null;
  const rows = await db
    .select({ w: withdrawals, phone: users.phone, legalName: investorProfiles.legalName, p: payouts, firstName: first.name, secondName: second.name })
    .from(withdrawals)
    .innerJoin(users, eq(users.id, withdrawals.userId))
    .leftJoin(investorProfiles, eq(investorProfiles.userId, withdrawals.userId))
    .leftJoin(payouts, eq(payouts.withdrawalId, withdrawals.id))
    .leftJoin(first, eq(first.id, payouts.firstApprovedBy))
    .leftJoin(second, eq(second.id, payouts.secondApprovedBy))
    .where(and(eq(withdrawals.operatorId, input.operatorId), ...(statuses ? [inArray(withdrawals.status, statuses)] : [])))
    .orderBy(statuses && statuses.every((s) => s === "requested" || s === "processing") ? withdrawals.requestedAt : desc(withdrawals.requestedAt))
    .limit(input.limit ?? 100);
  return rows.map(({ w, phone, legalName, p, firstName, secondName }) => ({
    ...w,
    investor: { phoneMasked: maskPhone(phone), legalName },
    payout: p
      ? {
          id: p.id,
          status: p.status,
          approvalsRequired: p.approvalsRequired,
          firstApprovedBy: { id: p.firstApprovedBy, name: firstName },
          firstApprovedAt: p.firstApprovedAt,
          secondApprovedBy: p.secondApprovedBy ? { id: p.secondApprovedBy, name: secondName } : null,
          instructedAt: p.instructedAt,
          sendError: p.sendError,
          bankStatus: p.bankStatus,
          bankMessage: p.bankMessage,
          bankReference: p.bankReference,
          settledOn: p.settledOn,
        }
      : null,
  }));
}
