import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerHolds } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { holdFromRow, publicHold } from "./entry-rows";
import type { Hold } from "./types";
import { isUuid, normalizeOperatorId } from "./validate";

export async function getHold(db: DbOrTx, input: { operatorId: string; holdId: string }): Promise<Hold> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.holdId)) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
  const [row] = await db
    .select()
    .from(ledgerHolds)
    .where(and(eq(ledgerHolds.operatorId, operatorId), eq(ledgerHolds.id, input.holdId.toLowerCase())));
  if (!row) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
  return publicHold(holdFromRow(row));
}
