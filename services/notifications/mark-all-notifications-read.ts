import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { notifications } from "../../db/schema";

/** Marks every unread inbox item of the person read; returns how many changed. */
export async function markAllNotificationsRead(db: DbOrTx, input: { userId: string; now?: Date }): Promise<number> {
  const changed = await db
    .update(notifications)
    .set({ readAt: input.now ?? new Date() })
    .where(and(eq(notifications.userId, input.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return changed.length;
}
