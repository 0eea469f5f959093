import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { products } from "../../db/schema";
import type { Product } from "../lending/products";

/** Every version of every product code, newest version first within a code. */
export async function listProductLibrary(db: DbOrTx, operatorId: string): Promise<Product[]> {
  return db.select().from(products).where(eq(products.operatorId, operatorId)).orderBy(asc(products.code), desc(products.version));
}
