import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { staffRecoveryCodes, staffSecondFactors } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { decryptBytes } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { TOTP_KEY_PURPOSE } from "./start-totp-enrolment";
import { hashRecoveryCode, matchTotpStep } from "./totp";

export type SecondFactorMethod = "totp" | "recovery_code";

/**
 * Checks a code from the person's authenticator (or one of their recovery codes) and uses it
 * up: the accepted step is stored with a compare-and-set, so the same code sent twice at once
 * is accepted once; a recovery code is marked used the same way. `requireConfirmed` false is
 * the enrolment's own first code.
 */
export async function verifySecondFactor(
  db: DbOrTx,
  input: { operatorId: string; userId: string; code: string; secretKey: Uint8Array; now?: Date; requireConfirmed?: boolean },
): Promise<SecondFactorMethod> {
  const now = input.now ?? new Date();
  const [factor] = await db.select().from(staffSecondFactors).where(eq(staffSecondFactors.userId, input.userId));
  if (!factor || ((input.requireConfirmed ?? true) && !factor.confirmedAt)) throw new DomainError("auth.second_factor_not_enrolled", { field: "code" });
  const key = decryptBytes(input.secretKey, TOTP_KEY_PURPOSE, factor.keyEnc, `user:${input.userId}`);
  const step = matchTotpStep(key, input.code, now.getTime(), factor.lastUsedStep);
  if (step !== null) {
    const used = await db
      .update(staffSecondFactors)
      .set({ lastUsedStep: step, confirmedAt: factor.confirmedAt ?? now })
      .where(and(eq(staffSecondFactors.userId, input.userId), or(isNull(staffSecondFactors.lastUsedStep), lt(staffSecondFactors.lastUsedStep, step))))
      .returning({ userId: staffSecondFactors.userId });
    if (used.length === 1) return "totp";
  } else if (factor.confirmedAt && /^[a-z2-9]{5}-?[a-z2-9]{5}$/i.test(input.code.trim())) {
    const used = await db
      .update(staffRecoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(staffRecoveryCodes.userId, input.userId), eq(staffRecoveryCodes.codeHash, hashRecoveryCode(input.secretKey, input.code)), isNull(staffRecoveryCodes.usedAt)))
      .returning({ userId: staffRecoveryCodes.userId });
    if (used.length === 1) {
      await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.userId, action: "second_factor.recovery_code_used" }, now);
      return "recovery_code";
    }
  }
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.userId, action: "second_factor.failed" }, now);
  throw new DomainError("auth.second_factor_wrong", { field: "code" });
}

/** Recovery codes not yet used, for the security page. */
export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.userId, userId), isNull(staffRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
