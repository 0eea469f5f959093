import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { notifications } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import type { InboxReading } from "./inbox-text";
import { toInboxItem, type InboxItem } from "./list-notifications";

/**
 * Opens one of the person's own inbox items and marks it read (the first opening's time is
 * kept); `markedRead` says this opening was the first. Another person's item, or an unknown
 * id, is `notifications.not_found`.
 */
export async function openNotification(db: DbOrTx, input: { userId: string; notificationId: string; now?: Date; reading?: InboxReading }): Promise<InboxItem & { markedRead: boolean }> {
  if (!isUuid(input.notificationId)) throw new DomainError("notifications.not_found");
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, input.notificationId), eq(notifications.userId, input.userId)));
  if (!row) throw new DomainError("notifications.not_found");
  if (row.readAt === null) {
    const readAt = input.now ?? new Date();
    await db
      .update(notifications)
      .set({ readAt })
      .where(and(eq(notifications.id, row.id), isNull(notifications.readAt)));
    return { ...toInboxItem({ ...row, readAt }, input.reading), markedRead: true };
  }
  return { ...toInboxItem(row, input.reading), markedRead: false };
}
