import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agreementSignatures } from "../../db/schema";

/** An application's signed agreements, in signing order. */
export async function listSignatures(db: DbOrTx, applicationId: string) {
  return db.select().from(agreementSignatures).where(eq(agreementSignatures.applicationId, applicationId)).orderBy(asc(agreementSignatures.signedAt));
}
