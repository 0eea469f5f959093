import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { users } from "../../db/schema";
import { DomainError } from "../shared/errors";

/**
 * One person, one account per operator: the (operator, phone) unique key decides, and
 * a concurrent first sign-in by the same phone resolves to the same row. A closed account
 * (services/privacy close-account) signs in no more: `auth.account_closed`, shown beside the code just typed.
 */
export async function findOrCreateUser(db: DbOrTx, operatorId: string, phone: string): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insert(users)
    .values({ operatorId, phone })
    .onConflictDoNothing({ target: [users.operatorId, users.phone] })
    .returning({ id: users.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await db
    .select({ id: users.id, closedAt: users.closedAt })
    .from(users)
    .where(and(eq(users.operatorId, operatorId), eq(users.phone, phone)));
  if (!existing) throw new Error(`user ${phone} vanished after a unique conflict`);
  if (existing.closedAt) throw new DomainError("auth.account_closed", { field: "code" });
  return { id: existing.id, created: false };
}
