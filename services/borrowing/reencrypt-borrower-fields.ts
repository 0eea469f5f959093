import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { reencryptColumn, REENCRYPT_DEFAULT_BATCH_SIZE, type ColumnReport, type EncryptedColumn } from "../shared/crypto/reencrypt-column";
import { remaskIdNumbers } from "../shared/remask-id-numbers";

/**
 * The borrower's encrypted columns and how they are sealed: per purpose, not bound to the
 * row (the purposes are those applications.ts and raise-passbook-debits.ts encrypt under).
 */
export const BORROWER_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { name: "loan_applications.id_number_enc", table: loanApplications, key: loanApplications.id, column: loanApplications.idNumberEnc, purpose: "id_number" },
  { name: "loan_applications.passbook_account_enc", table: loanApplications, key: loanApplications.id, column: loanApplications.passbookAccountEnc, purpose: "bank_account" },
  { name: "loan_applications.supplier_account_enc", table: loanApplications, key: loanApplications.id, column: loanApplications.supplierAccountEnc, purpose: "bank_account" },
];

/**
 * Rewrites the borrower columns still in an older layout to the current one (see
 * reencryptColumn), and stored ID masks in another form (the demo data's 4 + 4) to the one mask.
 */
export async function reencryptBorrowerFields(
  db: Db,
  input: { secretKey: Uint8Array; batchSize?: number; onBatch?: (report: ColumnReport) => void },
): Promise<ColumnReport[]> {
  const reports: ColumnReport[] = [];
  for (const column of BORROWER_ENCRYPTED_COLUMNS) reports.push(await reencryptColumn(db, { ...input, column }));
  const { id: key, idNumberMasked: column } = loanApplications;
  const remasked = await remaskIdNumbers(db, { table: loanApplications, key, column, batchSize: input.batchSize ?? REENCRYPT_DEFAULT_BATCH_SIZE });
  reports.push({ name: "loan_applications.id_number_masked", rewritten: remasked, failed: 0 });
  return reports;
}
