import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { borrowingSettings } from "../../db/schema";
import { DEFAULT_BORROWING_SETTINGS, settingsView, type SettingsView } from "./borrowing-settings";

/** The operator's settings, or the defaults until an admin first saves them. */
export async function getBorrowingSettings(db: DbOrTx, operatorId: string): Promise<SettingsView> {
  const [row] = await db.select().from(borrowingSettings).where(eq(borrowingSettings.operatorId, operatorId));
  if (!row) return settingsView(DEFAULT_BORROWING_SETTINGS, null);
  const { operatorId: _o, updatedByUserId: _u, updatedAt, ...values } = row;
  return settingsView(values, updatedAt);
}
