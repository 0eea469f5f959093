import type { DbOrTx } from "../../db/client";
import { recordAudit } from "../audit/record-audit";
import { createProductVersion, type Product, type ProductTerms } from "../lending/products";

/** An admin's edit: a new version (the loans made under earlier versions keep theirs). */
export async function editProduct(db: DbOrTx, input: { operatorId: string; actorUserId: string; terms: ProductTerms; now?: Date }): Promise<Product> {
  const product = await createProductVersion(db, { operatorId: input.operatorId, terms: input.terms, createdByUserId: input.actorUserId });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "product.version_created", subject: product.id, details: { code: product.code, version: product.version } }, input.now);
  return product;
}
