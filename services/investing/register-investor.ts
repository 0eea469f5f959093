import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { inTransaction } from "../ledger/db-helpers";
import { agreementConsents, investorProfiles, userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { agreementTextHash, INVESTOR_AGREEMENTS } from "./agreements";
import { isUniqueViolation } from "./db-errors";
import { INVESTOR_RESIDENT_ID, maskBankCard, parseBankCard, parseBankCode, parseLegalName } from "./identity-checks";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { beijingDate } from "../shared/calendar";
import { encryptField } from "../shared/crypto/field-encryption";
import { piiIndex } from "../shared/crypto/lookup-hash";

export interface RegisterInvestorInput {
  operatorId: string;
  userId: string;
  legalName: string;
  idNumber: string;
  bankCode: string;
  bankCard: string;
  /** Agreement codes the person ticked; every current investor agreement is required. */
  consentedAgreements: readonly string[];
  /** The server secret's key (config), for encryption at rest. */
  secretKey: Uint8Array;
  clientIp?: string | null;
  now?: Date;
}

/** What the PII ciphertexts are bound to (AAD) and derived under. */
export const PII = {
  idNumber: { purpose: "id-number", boundTo: (userId: string) => `investor_profiles:${userId}:id_number` },
  bankCard: { purpose: "bank-card", boundTo: (userId: string) => `investor_profiles:${userId}:bank_card` },
} as const;

/**
 * Real-name registration (实名): the legal name, a valid adult resident ID, a bank card for
 * withdrawals and consent to every current investor agreement. The ID number and card
 * are stored encrypted and masked; one identity registers once per operator. On success
 * the user holds the investor role. All or nothing, in one transaction.
 */
export async function registerInvestor(db: DbOrTx, input: RegisterInvestorInput): Promise<{ idNumberMasked: string; bankCardMasked: string }> {
  const now = input.now ?? new Date();
  // The form shows a message beside each field, so every field is checked and the errors collected.
  const errors: DomainError[] = [];
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (error instanceof DomainError) {
        errors.push(error);
        return null;
      }
      throw error;
    }
  };
  const legalName = attempt(() => parseLegalName(input.legalName));
  const id = attempt(() => parseResidentId(input.idNumber, beijingDate(now), INVESTOR_RESIDENT_ID));
  const bankCode = attempt(() => parseBankCode(input.bankCode));
  const card = attempt(() => parseBankCard(input.bankCard));
  const missing = INVESTOR_AGREEMENTS.filter((a) => !input.consentedAgreements.includes(a.code));
  if (missing.length > 0) errors.push(new DomainError("investor.consent_required", { field: "consent" }));
  if (errors.length > 0) throw new InvestorFormError(errors);

  const idNumberMasked = maskIdNumber(id!.number);
  const bankCardMasked = maskBankCard(card!);
  const idNumberIndex = piiIndex(input.secretKey, PII.idNumber.purpose, id!.number);
  try {
    await inTransaction(db, async (tx) => {
      await checkCanRegister(tx, { operatorId: input.operatorId, userId: input.userId, idNumberIndex });
      await tx.insert(investorProfiles).values({
        userId: input.userId,
        operatorId: input.operatorId,
        legalName: legalName!,
        idNumberEncrypted: encryptField(input.secretKey, PII.idNumber.purpose, id!.number, PII.idNumber.boundTo(input.userId)),
        idNumberIndex,
        idNumberMasked,
        bankCode: bankCode!,
        bankCardEncrypted: encryptField(input.secretKey, PII.bankCard.purpose, card!, PII.bankCard.boundTo(input.userId)),
        bankCardMasked,
        verifiedAt: now,
        createdAt: now,
      });
      await recordConsents(tx, { operatorId: input.operatorId, userId: input.userId, clientIp: input.clientIp ?? null, now });
      await tx.update(users).set({ name: legalName! }).where(eq(users.id, input.userId));
      await tx.insert(userRoles).values({ userId: input.userId, role: "investor" }).onConflictDoNothing();
      await recordAudit(
        tx,
        {
          operatorId: input.operatorId,
          actorUserId: input.userId,
          action: "investor.registered",
          subject: input.userId,
          details: { idNumber: idNumberMasked, bankCard: bankCardMasked, agreements: INVESTOR_AGREEMENTS.map((a) => `${a.code}@${a.version}`) },
        },
        now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error, "investor_profiles_operator_id_number_key")) throw new DomainError("investor.id_number_taken", { field: "idNumber" });
    if (isUniqueViolation(error, "investor_profiles_pkey")) throw new DomainError("investor.already_registered");
    throw error;
  }
  return { idNumberMasked, bankCardMasked };
}

/** The user exists at this operator, has no investor profile yet, and no one else here registered this ID number. */
async function checkCanRegister(tx: DbOrTx, input: { operatorId: string; userId: string; idNumberIndex: Uint8Array }): Promise<void> {
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.operatorId, input.operatorId)))
    .for("update");
  if (!user) throw new DomainError("investor.not_registered");
  const [existing] = await tx.select({ userId: investorProfiles.userId }).from(investorProfiles).where(eq(investorProfiles.userId, input.userId));
  if (existing) throw new DomainError("investor.already_registered");
  const [taken] = await tx
    .select({ userId: investorProfiles.userId })
    .from(investorProfiles)
    .where(and(eq(investorProfiles.operatorId, input.operatorId), eq(investorProfiles.idNumberIndex, input.idNumberIndex)));
  if (taken) throw new DomainError("investor.id_number_taken", { field: "idNumber" });
}

/** Consent to every current investor agreement, each with its version and text hash. */
async function recordConsents(tx: DbOrTx, input: { operatorId: string; userId: string; clientIp: string | null; now: Date }): Promise<void> {
  await tx
    .insert(agreementConsents)
    .values(
      INVESTOR_AGREEMENTS.map((a) => ({
        operatorId: input.operatorId,
        userId: input.userId,
        agreementCode: a.code,
        agreementVersion: a.version,
        textHash: agreementTextHash(a),
        clientIp: input.clientIp,
        consentedAt: input.now,
      })),
    )
    .onConflictDoNothing();
}

/** Several field errors at once (a form shows each beside its field). */
export class InvestorFormError extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.code).join(", "));
    this.name = "InvestorFormError";
  }
}
