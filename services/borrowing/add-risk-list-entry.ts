import type { DbOrTx } from "../../db/client";
import { riskListEntries } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { normaliseListValue, type RiskList, type RiskListEntry, type RiskListKind } from "./risk-list-values";

/** A black- or red-list entry, stored as a keyed hash and a mask; a duplicate is refused. */
export async function addRiskListEntry(
  db: DbOrTx,
  input: { operatorId: string; list: RiskList; kind: RiskListKind; value: string; reason: string; actorUserId: string | null; secretKey: Uint8Array; now?: Date },
): Promise<RiskListEntry> {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 200) throw new DomainError("risk_list.invalid", { field: "reason" });
  const { value, masked } = normaliseListValue(input.kind, input.value);
  const now = input.now ?? new Date();
  const [row] = await db
    .insert(riskListEntries)
    .values({
      operatorId: input.operatorId,
      list: input.list,
      kind: input.kind,
      valueHash: lookupHash(input.secretKey, input.kind, value),
      valueMasked: masked,
      reason,
      createdByUserId: input.actorUserId,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new DomainError("risk_list.duplicate", { field: "value" });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "risk_list.added", subject: row.id, details: { list: input.list, kind: input.kind, masked, reason } }, now);
  return row;
}
