import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agreementSignatures } from "../../db/schema";

/** One signed agreement of an application by kind, or null. */
export async function getSignature(db: DbOrTx, input: { applicationId: string; kind: string }) {
  const [row] = await db
    .select()
    .from(agreementSignatures)
    .where(and(eq(agreementSignatures.applicationId, input.applicationId), eq(agreementSignatures.kind, input.kind)));
  return row ?? null;
}
