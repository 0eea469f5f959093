import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { users, withdrawals } from "../../db/schema";
import type { SmsParams, SmsSender } from "../sms";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";

export type Withdrawal = typeof withdrawals.$inferSelect;

/** The open request finance decides on, locked; nobody decides their own. */
export async function lockRequestedWithdrawal(tx: DbOrTx, input: { operatorId: string; withdrawalId: string; decidedByUserId: string }): Promise<Withdrawal> {
  if (!isUuid(input.withdrawalId)) throw new DomainError("withdrawal.not_found");
  const [row] = await tx
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.id, input.withdrawalId), eq(withdrawals.operatorId, input.operatorId)))
    .for("update");
  if (!row) throw new DomainError("withdrawal.not_found");
  if (row.status !== "requested") throw new DomainError("withdrawal.already_decided", { details: { status: row.status } });
  if (row.userId === input.decidedByUserId) throw new DomainError("withdrawal.own_request");
  return row;
}

/** Tells the investor what became of their request (SMS withdrawal_update, sent after commit). */
export async function notifyInvestor(tx: DbOrTx, smsFor: (tx: DbOrTx) => SmsSender, operatorId: string, userId: string, params: SmsParams<"withdrawal_update">) {
  const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  if (user) await smsFor(tx).send({ operatorId, phone: user.phone, kind: "withdrawal_update", params });
}
