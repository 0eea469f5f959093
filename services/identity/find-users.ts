import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { users } from "../../db/schema";

export interface UserSummary {
  id: string;
  phone: string;
  name: string | null;
}

const summary = { id: users.id, phone: users.phone, name: users.name };

export async function findUserByPhone(db: DbOrTx, operatorId: string, phone: string): Promise<UserSummary | null> {
  const [row] = await db.select(summary).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, phone)));
  return row ?? null;
}

/** Several users at once (e.g. the owners of a page of accounts), keyed by id. */
export async function getUsersByIds(db: DbOrTx, operatorId: string, ids: readonly string[]): Promise<Map<string, UserSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(summary)
    .from(users)
    .where(and(eq(users.operatorId, operatorId), inArray(users.id, [...new Set(ids)])));
  return new Map(rows.map((row) => [row.id, row]));
}
