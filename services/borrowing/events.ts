import type { DbOrTx } from "../../db/client";
import { applicationEvents } from "../../db/schema";

export type EventKind =
  | "created"
  | "created_at_store"
  | "submitted"
  | "prelim_approve"
  | "prelim_refer"
  | "prelim_reject"
  | "callback_recorded"
  | "approval_proposed"
  | "approval_confirmed"
  | "approval_declined"
  | "approved"
  | "rejected"
  | "signed"
  | "listed"
  | "disbursed"
  | "repayment_channel_changed"
  | "withdrawn"
  | "declined"
  | "expired";

export async function recordEvent(
  db: DbOrTx,
  input: { operatorId: string; applicationId: string; kind: EventKind; actorUserId: string | null; note?: string | null; details?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await db.insert(applicationEvents).values({
    operatorId: input.operatorId,
    applicationId: input.applicationId,
    kind: input.kind,
    actorUserId: input.actorUserId,
    note: input.note ?? null,
    details: input.details ?? {},
    createdAt: now,
  });
}
