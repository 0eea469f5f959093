import type { DbOrTx } from "../../db/client";
import { borrowingSettings } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { checkSettings, type BorrowingSettings, type SettingsView } from "./borrowing-settings";
import { getBorrowingSettings } from "./get-borrowing-settings";

/** An admin's change; recorded in the audit log with the values before and after. */
export async function updateBorrowingSettings(
  db: DbOrTx,
  input: { operatorId: string; actorUserId: string; settings: BorrowingSettings; now?: Date },
): Promise<SettingsView> {
  checkSettings(input.settings);
  const now = input.now ?? new Date();
  const before = await getBorrowingSettings(db, input.operatorId);
  const values = { ...input.settings, updatedByUserId: input.actorUserId, updatedAt: now };
  await db
    .insert(borrowingSettings)
    .values({ operatorId: input.operatorId, ...values })
    .onConflictDoUpdate({ target: borrowingSettings.operatorId, set: values });
  await recordAudit(
    db,
    { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "borrowing.settings_changed", details: { before, after: input.settings } },
    now,
  );
  return getBorrowingSettings(db, input.operatorId);
}
