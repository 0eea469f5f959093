import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { staffSecondFactors } from "../../db/schema";

export async function hasConfirmedSecondFactor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ confirmedAt: staffSecondFactors.confirmedAt }).from(staffSecondFactors).where(eq(staffSecondFactors.userId, userId));
  return Boolean(row?.confirmedAt);
}
