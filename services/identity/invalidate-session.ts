import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { sessions } from "../../db/schema";

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere, or everywhere but the given session. */
export async function invalidateUserSessions(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return deleted.length;
}
