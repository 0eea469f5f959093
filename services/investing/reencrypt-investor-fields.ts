import type { Db } from "../../db/client";
import { investorProfiles } from "../../db/schema";
import { reencryptColumn, REENCRYPT_DEFAULT_BATCH_SIZE, type ColumnReport, type EncryptedColumn } from "../shared/crypto/reencrypt-column";
import { remaskIdNumbers } from "../shared/remask-id-numbers";
import { PII } from "./register-investor";

/** The investor's encrypted columns: per purpose, each value bound to its profile (register-investor's PII). */
export const INVESTOR_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    name: "investor_profiles.id_number_encrypted",
    table: investorProfiles,
    key: investorProfiles.userId,
    column: investorProfiles.idNumberEncrypted,
    purpose: PII.idNumber.purpose,
    boundTo: PII.idNumber.boundTo,
  },
  {
    name: "investor_profiles.bank_card_encrypted",
    table: investorProfiles,
    key: investorProfiles.userId,
    column: investorProfiles.bankCardEncrypted,
    purpose: PII.bankCard.purpose,
    boundTo: PII.bankCard.boundTo,
  },
];

/**
 * Rewrites the investor columns still in an older layout to the current one (see
 * reencryptColumn), and stored ID masks still in the older 4 + 4 form to the one mask
 * (pages already re-mask them on read; this makes the stored copy agree).
 */
export async function reencryptInvestorFields(
  db: Db,
  input: { secretKey: Uint8Array; batchSize?: number; onBatch?: (report: ColumnReport) => void },
): Promise<ColumnReport[]> {
  const reports: ColumnReport[] = [];
  for (const column of INVESTOR_ENCRYPTED_COLUMNS) reports.push(await reencryptColumn(db, { ...input, column }));
  const { userId: key, idNumberMasked: column } = investorProfiles;
  const remasked = await remaskIdNumbers(db, { table: investorProfiles, key, column, batchSize: input.batchSize ?? REENCRYPT_DEFAULT_BATCH_SIZE });
  reports.push({ name: "investor_profiles.id_number_masked", rewritten: remasked, failed: 0 });
  return reports;
}
