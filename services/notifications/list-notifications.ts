import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { notifications } from "../../db/schema";
import { inboxText, type InboxReading } from "./inbox-text";
import { INBOX_PAGE_SIZE } from "./limits";

export interface InboxItem {
  id: string;
  kind: string;
  /** The notification's wording in the reader's language (inbox-text.ts): the SMS template's without `reading`. */
  text: string;
  createdAt: Date;
  read: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  page: number;
  pageCount: number;
  total: number;
  unread: number;
}

export type NotificationRow = typeof notifications.$inferSelect;

export function toInboxItem(row: NotificationRow, reading?: InboxReading): InboxItem {
  return {
    id: row.id,
    kind: row.kind,
    text: inboxText(row.kind, row.params, reading),
    createdAt: row.createdAt,
    read: row.readAt !== null,
  };
}

/** How many of the person's inbox items are unread (the count in the navigation). */
export async function countUnreadNotifications(db: DbOrTx, input: { userId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, input.userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** One page of the person's inbox, newest first; a page past the end gives the last page. */
export async function listNotifications(db: DbOrTx, input: { userId: string; page?: number; reading?: InboxReading }): Promise<InboxPage> {
  const [totals] = await db.select({ n: count() }).from(notifications).where(eq(notifications.userId, input.userId));
  const total = Number(totals?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, input.userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE)
    .offset((page - 1) * INBOX_PAGE_SIZE);
  const unread = await countUnreadNotifications(db, { userId: input.userId });
  return { items: rows.map((row) => toInboxItem(row, input.reading)), page, pageCount, total, unread };
}
