import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { investorProfiles } from "../../db/schema";
import { reencryptColumn, REENCRYPT_DEFAULT_BATCH_SIZE, type ColumnReport, type EncryptedColumn } from "../shared/crypto/reencrypt-column";
import { maskIdNumber } from "../shared/resident-id";
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
  reports.push(await remaskInvestorIdNumbers(db, input.batchSize ?? REENCRYPT_DEFAULT_BATCH_SIZE));
  return reports;
}

async function remaskInvestorIdNumbers(db: Db, batchSize: number): Promise<ColumnReport> {
  const report: ColumnReport = { name: "investor_profiles.id_number_masked", rewritten: 0, failed: 0 };
  // The one mask shows three characters, so its fourth is a star.
  const notOneMask = sql`substr(${investorProfiles.idNumberMasked}, 4, 1) <> '*'`;
  let after: string | null = null;
  for (;;) {
    const rows = await db
      .select({ userId: investorProfiles.userId, masked: investorProfiles.idNumberMasked })
      .from(investorProfiles)
      .where(and(notOneMask, after === null ? undefined : gt(investorProfiles.userId, after)))
      .orderBy(asc(investorProfiles.userId))
      .limit(batchSize);
    if (rows.length === 0) return report;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const updated = await tx
          .update(investorProfiles)
          .set({ idNumberMasked: maskIdNumber(row.masked) })
          .where(and(eq(investorProfiles.userId, row.userId), eq(investorProfiles.idNumberMasked, row.masked)))
          .returning({ userId: investorProfiles.userId });
        report.rewritten += updated.length;
      }
    });
    after = rows[rows.length - 1]!.userId;
  }
}
