import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { products } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { createProductVersion, type Product, type ProductTerms } from "../lending/products";

/** Every version of every product code, newest version first within a code. */
export async function listProductLibrary(db: DbOrTx, operatorId: string): Promise<Product[]> {
  return db.select().from(products).where(eq(products.operatorId, operatorId)).orderBy(asc(products.code), desc(products.version));
}

/** An admin's edit: a new version (the loans made under earlier versions keep theirs). */
export async function editProduct(db: DbOrTx, input: { operatorId: string; actorUserId: string; terms: ProductTerms; now?: Date }): Promise<Product> {
  const product = await createProductVersion(db, { operatorId: input.operatorId, terms: input.terms, createdByUserId: input.actorUserId });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "product.version_created", subject: product.id, details: { code: product.code, version: product.version } }, input.now);
  return product;
}

/** Takes a product off the shelf (no version active); editing it again publishes a new active version. */
export async function withdrawProduct(db: DbOrTx, input: { operatorId: string; actorUserId: string; code: string; now?: Date }): Promise<void> {
  const changed = await db
    .update(products)
    .set({ active: false })
    .where(and(eq(products.operatorId, input.operatorId), eq(products.code, input.code), eq(products.active, true)))
    .returning({ id: products.id });
  if (changed.length) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "product.withdrawn", subject: input.code }, input.now);
}
