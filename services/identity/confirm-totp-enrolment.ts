import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { inTransaction } from "../ledger/db-helpers";
import { staffRecoveryCodes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { hashRecoveryCode, newRecoveryCodes } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";

/**
 * Completes enrolment with the first code the person's app shows: the factor is confirmed and
 * ten one-time recovery codes are made (shown once; only their keyed hashes are kept), all in
 * one transaction.
 */
export async function confirmTotpEnrolment(
  db: DbOrTx,
  input: { operatorId: string; userId: string; code: string; secretKey: Uint8Array; now?: Date },
): Promise<{ recoveryCodes: string[] }> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await verifySecondFactor(tx, { ...input, now, requireConfirmed: false });
    const recoveryCodes = newRecoveryCodes();
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, input.userId));
    await tx.insert(staffRecoveryCodes).values(recoveryCodes.map((code) => ({ userId: input.userId, codeHash: hashRecoveryCode(input.secretKey, code), createdAt: now })));
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: "second_factor.enrolled" }, now);
    return { recoveryCodes };
  });
}
