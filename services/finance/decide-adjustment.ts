import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ledgerAdjustments } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { postEntry } from "../ledger";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { StoredAdjustmentLine } from "./propose-adjustment";

export interface DecideAdjustmentInput {
  operatorId: string;
  adjustmentId: string;
  decidedByUserId: string;
  note?: string;
  now?: Date;
}

async function lockProposal(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], input: DecideAdjustmentInput) {
  if (!isUuid(input.adjustmentId)) throw new DomainError("adjustment.not_found");
  const [row] = await tx
    .select()
    .from(ledgerAdjustments)
    .where(and(eq(ledgerAdjustments.id, input.adjustmentId), eq(ledgerAdjustments.operatorId, input.operatorId)))
    .for("update");
  if (!row) throw new DomainError("adjustment.not_found");
  if (row.status !== "proposed") throw new DomainError("adjustment.already_decided", { details: { status: row.status } });
  if (row.proposedByUserId === input.decidedByUserId) throw new DomainError("adjustment.own_proposal");
  return row;
}

/**
 * The checker's approval: posts the entry (idempotency key `adjustment:<id>`, so a
 * repeated click cannot post twice) and marks the proposal approved, in one transaction.
 */
export async function approveAdjustment(db: Db, input: DecideAdjustmentInput): Promise<{ entryId: string }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input);
    const lines = proposal.lines as StoredAdjustmentLine[];
    const posted = await postEntry(tx, {
      operatorId: input.operatorId,
      idempotencyKey: `adjustment:${proposal.id}`,
      kind: "adjustment",
      memo: proposal.reason,
      cause: { type: "adjustment", id: proposal.id },
      postedBy: { userId: input.decidedByUserId },
      postings: lines.map((line) => ({ accountId: line.accountId, amountCny: line.amount })),
      now,
    });
    await tx
      .update(ledgerAdjustments)
      .set({ status: "approved", decidedByUserId: input.decidedByUserId, decidedAt: now, decisionNote: input.note?.trim() || null, entryId: posted.entry.id })
      .where(eq(ledgerAdjustments.id, proposal.id));
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.decidedByUserId, action: "adjustment.approved", subject: proposal.id, details: { entryId: posted.entry.id } },
      now,
    );
    return { entryId: posted.entry.id };
  });
}

export async function rejectAdjustment(db: Db, input: DecideAdjustmentInput): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input);
    await tx
      .update(ledgerAdjustments)
      .set({ status: "rejected", decidedByUserId: input.decidedByUserId, decidedAt: now, decisionNote: input.note?.trim() || null })
      .where(eq(ledgerAdjustments.id, proposal.id));
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.decidedByUserId, action: "adjustment.rejected", subject: proposal.id, details: { note: input.note ?? "" } },
      now,
    );
  });
}
