import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { operators } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { recordAudit } from "./record-audit";

/** A stated reason is a sentence, not an essay: long enough for a ticket number and a why. */
export const REVEAL_REASON_MAX_LENGTH = 200;

/** What a page shows unmasked: `name`, `phone`, `id_number`, `bank_account`, `birth_date`, `address`. */
export type PersonalField = "name" | "phone" | "id_number" | "bank_account" | "birth_date" | "address";

export type RevealDecision = { revealed: true; reasonRequired: boolean } | { revealed: false; reasonRequired: true };

/**
 * The gate in front of every staff view of a person's unmasked data. When the operator
 * requires a stated reason (operators.reveal_reason_required) and none is given, nothing
 * is revealed and the page asks for one. Otherwise the view is recorded — who (the actor),
 * when, whose record (`record`, e.g. `collection_case:<id>`, and the person's user id),
 * which fields, and the reason — and the page may show the data.
 */
export async function revealPersonalData(
  db: DbOrTx,
  input: { operatorId: string; actorUserId: string; record: string; subjectUserId: string | null; fields: readonly PersonalField[]; reason?: string | null; now?: Date },
): Promise<RevealDecision> {
  const reason = (input.reason ?? "").trim();
  if (reason.length > REVEAL_REASON_MAX_LENGTH) throw new DomainError("audit.reason_invalid", { field: "reason", details: { max: REVEAL_REASON_MAX_LENGTH } });
  const [operator] = await db.select({ required: operators.revealReasonRequired }).from(operators).where(eq(operators.id, input.operatorId));
  const reasonRequired = operator?.required ?? false;
  if (reasonRequired && reason === "") return { revealed: false, reasonRequired: true };
  await recordAudit(
    db,
    {
      operatorId: input.operatorId,
      actorUserId: input.actorUserId,
      action: "personal_data.viewed",
      subject: input.record,
      details: { subjectUserId: input.subjectUserId, fields: [...input.fields], ...(reason ? { reason } : {}) },
    },
    input.now,
  );
  return { revealed: true, reasonRequired };
}
