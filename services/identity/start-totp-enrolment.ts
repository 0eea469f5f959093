import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { staffSecondFactors } from "../../db/schema";
import { decryptBytes, encryptBytes } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { newTotpKey, totpKeyUri } from "./totp";

/** The field-encryption purpose of TOTP keys; each key is bound to its user's row. */
export const TOTP_KEY_PURPOSE = "totp_key";

/**
 * Begins (or begins again) a staff member's TOTP enrolment: a new key, stored encrypted and
 * unconfirmed, and the otpauth URI the enrolment page shows as a QR code. A confirmed second
 * factor is never replaced here (losing it goes through an admin's reset).
 */
export async function startTotpEnrolment(
  db: DbOrTx,
  input: { userId: string; secretKey: Uint8Array; issuer: string; accountName: string },
): Promise<{ keyUri: string }> {
  const [existing] = await db.select({ confirmedAt: staffSecondFactors.confirmedAt }).from(staffSecondFactors).where(eq(staffSecondFactors.userId, input.userId));
  if (existing?.confirmedAt) throw new DomainError("auth.second_factor_already_enrolled");
  const key = newTotpKey();
  const keyEnc = encryptBytes(input.secretKey, TOTP_KEY_PURPOSE, key, `user:${input.userId}`);
  await db
    .insert(staffSecondFactors)
    .values({ userId: input.userId, keyEnc })
    .onConflictDoUpdate({ target: staffSecondFactors.userId, set: { keyEnc, lastUsedStep: null, createdAt: new Date() } });
  return { keyUri: totpKeyUri(input.issuer, input.accountName, key) };
}

/** The otpauth URI of an enrolment begun and not yet confirmed (the page shows the QR again after a mistyped first code); null otherwise. */
export async function pendingTotpKeyUri(
  db: DbOrTx,
  input: { userId: string; secretKey: Uint8Array; issuer: string; accountName: string },
): Promise<string | null> {
  const [row] = await db.select().from(staffSecondFactors).where(eq(staffSecondFactors.userId, input.userId));
  if (!row || row.confirmedAt) return null;
  return totpKeyUri(input.issuer, input.accountName, decryptBytes(input.secretKey, TOTP_KEY_PURPOSE, row.keyEnc, `user:${input.userId}`));
}
