import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerHolds } from "../../db/schema";
import { DomainError, assert } from "../shared/errors";
import { inTransaction } from "./db-helpers";
import { holdFromRow, publicHold } from "./entry-rows";
import { lockAccounts } from "./lock-accounts";
import type { Actor, Hold } from "./types";
import { isUuid, normalizeOperatorId, validateActor } from "./validate";

export interface VoidHoldInput {
  operatorId: string;
  holdId: string;
  voidedBy: Actor;
  now?: Date;
}

/**
 * Second phase, cancelling: releases a pending hold without posting anything, exactly
 * once. Voiding a voided hold returns it unchanged (a retry); voiding a posted hold is
 * `ledger.hold_not_pending`.
 */
export async function voidHold(db: DbOrTx, input: VoidHoldInput): Promise<{ hold: Hold; replayed: boolean }> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.holdId)) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
  const holdId = input.holdId.toLowerCase();
  const actor = validateActor(input.voidedBy, "voidedBy");
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(ledgerHolds)
      .where(and(eq(ledgerHolds.operatorId, operatorId), eq(ledgerHolds.id, holdId)))
      .for("update");
    if (!row) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
    const hold = holdFromRow(row);
    if (hold.status === "voided") return { hold: publicHold(hold), replayed: true };
    if (hold.status !== "pending") throw new DomainError("ledger.hold_not_pending", { details: { holdId: hold.id, status: hold.status } });
    // Releasing the reservation updates the wallet row: lock it in the global order first.
    await lockAccounts(tx, operatorId, [hold.debitAccountId, hold.creditAccountId]);
    const [resolved] = await tx
      .update(ledgerHolds)
      .set({ status: "voided", resolvedAt: now, resolvedByUserId: actor.userId, resolvedBySystem: actor.system })
      .where(and(eq(ledgerHolds.id, hold.id), eq(ledgerHolds.status, "pending")))
      .returning();
    assert(resolved, `hold ${hold.id} changed under its row lock`);
    return { hold: publicHold(holdFromRow(resolved)), replayed: false };
  });
}
