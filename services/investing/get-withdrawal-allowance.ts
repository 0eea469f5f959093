import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { withdrawals } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";

/** What is left of today's limit (Beijing day). */
export async function withdrawalAllowanceToday(db: DbOrTx, input: { userId: string; dailyLimitCny: string; now?: Date }): Promise<string> {
  const now = input.now ?? new Date();
  const [today] = await db
    .select({ total: sql<string>`coalesce(sum(${withdrawals.amount}), 0)::text` })
    .from(withdrawals)
    .where(and(eq(withdrawals.userId, input.userId), inArray(withdrawals.status, ["requested", "processing", "paid"]), gte(withdrawals.requestedAt, startOfBeijingDay(beijingDate(now)))));
  return Cny.max(0, new Cny(input.dailyLimitCny).minus(today?.total ?? "0")).toFixed(2);
}
