import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { products } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";

/** Takes a product off the shelf (no version active); editing it again publishes a new active version. */
export async function withdrawProduct(db: DbOrTx, input: { operatorId: string; actorUserId: string; code: string; now?: Date }): Promise<void> {
  const changed = await db
    .update(products)
    .set({ active: false })
    .where(and(eq(products.operatorId, input.operatorId), eq(products.code, input.code), eq(products.active, true)))
    .returning({ id: products.id });
  if (changed.length) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "product.withdrawn", subject: input.code }, input.now);
}
