import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cardTopUps } from "../../db/schema";
import { DomainError } from "../shared/errors";
import type { CardTopUp } from "./start-card-top-up";

/** One of the investor's own card top-ups (not found for anyone else's). */
export async function getCardTopUp(db: Db, input: { operatorId: string; userId: string; topUpId: string }): Promise<CardTopUp> {
  if (!/^[0-9a-f-]{36}$/i.test(input.topUpId)) throw new DomainError("topup.not_found");
  const [row] = await db
    .select()
    .from(cardTopUps)
    .where(and(eq(cardTopUps.id, input.topUpId), eq(cardTopUps.operatorId, input.operatorId), eq(cardTopUps.userId, input.userId)));
  if (!row) throw new DomainError("topup.not_found");
  return row;
}
