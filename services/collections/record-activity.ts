import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { collectionActivities } from "../../db/schema";
import { recordAudit } from "../audit";
import { DomainError } from "../shared/errors";
import { caseForWork, type CollectionsActor } from "./case-access";

export type ActivityValues = Omit<typeof collectionActivities.$inferInsert, "id" | "operatorId" | "caseId" | "byUserId" | "createdAt">;

/**
 * Shared by the three activity use cases: inside one transaction, lock the case, return
 * the earlier activity when this form's id was already recorded (a repeated submit
 * changes nothing), run the use case's checks, insert. The activity id comes from the
 * form (a UUID rendered into it), so it doubles as the idempotency key.
 */
export async function recordActivity(
  db: Db,
  input: { operatorId: string; caseId: string; actor: CollectionsActor; activityId: string; now: Date },
  check: (tx: DbOrTx, theCase: Awaited<ReturnType<typeof caseForWork>>) => Promise<ActivityValues>,
): Promise<{ activityId: string; replayed: boolean }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.activityId)) throw new DomainError("collections.invalid");
  return db.transaction(async (tx) => {
    const theCase = await caseForWork(tx, { ...input, forUpdate: true });
    const [earlier] = await tx
      .select({ id: collectionActivities.id, caseId: collectionActivities.caseId })
      .from(collectionActivities)
      .where(and(eq(collectionActivities.operatorId, input.operatorId), eq(collectionActivities.id, input.activityId)));
    if (earlier) {
      if (earlier.caseId !== theCase.id) throw new DomainError("collections.invalid");
      return { activityId: earlier.id, replayed: true };
    }
    if (theCase.status !== "open") throw new DomainError("collections.case_closed");
    const values = await check(tx, theCase);
    await tx.insert(collectionActivities).values({
      ...values,
      id: input.activityId,
      operatorId: input.operatorId,
      caseId: theCase.id,
      byUserId: input.actor.userId,
      createdAt: input.now,
    });
    await recordAudit(
      tx,
      {
        operatorId: input.operatorId,
        actorUserId: input.actor.userId,
        action: ACTIVITY_AUDIT_ACTION[values.kind] ?? "collections.activity_recorded",
        subject: theCase.id,
        details: auditDetails(input.activityId, values),
      },
      input.now,
    );
    return { activityId: input.activityId, replayed: false };
  });
}

/** The audit action of each activity kind (the timeline row is the collector's record; the audit row is the staff action). */
const ACTIVITY_AUDIT_ACTION: Readonly<Record<string, string>> = {
  note: "collections.note_added",
  contact: "collections.contact_logged",
  promise: "collections.promise_recorded",
};

function auditDetails(activityId: string, values: ActivityValues): Record<string, unknown> {
  const details: Record<string, unknown> = { activityId };
  if (values.contactChannel) details.channel = values.contactChannel;
  if (values.contactOutcome) details.outcome = values.contactOutcome;
  if (values.promiseAmount) details.amount = values.promiseAmount;
  if (values.promiseDate) details.promiseDate = values.promiseDate;
  return details;
}

/** A free-text field: trimmed, 1–500 characters. */
export function cleanNote(note: string | undefined | null, required: boolean): string | null {
  const text = (note ?? "").trim();
  if (!text) {
    if (required) throw new DomainError("collections.note_invalid", { field: "note" });
    return null;
  }
  if (text.length > 500) throw new DomainError("collections.note_invalid", { field: "note" });
  return text;
}
