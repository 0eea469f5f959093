/** A passbook debit batch file as we send it (docs/file-formats.md, "Debit batch"). */
export interface DebitBatchFile {
  operatorId: string;
  batchDate: string;
  batchNo: number;
  fileName: string;
  /** The CSV text (UTF-8 with BOM, CRLF). */
  csv: string;
}

/** Which batch's results we ask for. */
export interface DebitBatchRef {
  operatorId: string;
  batchDate: string;
  batchNo: number;
  fileName: string;
}

/**
 * The bank that runs passbook auto-debits (存折划扣) under the borrowers' entrusted debit
 * authorisations. Submitting the same file again must be harmless (banks deduplicate by
 * file name); results come back later as the bank's result file.
 */
export interface BankAdapter {
  submitDebitBatch(file: DebitBatchFile): Promise<void>;
  /** The result file's bytes once the bank has answered the batch, else null. */
  fetchDebitResults(batch: DebitBatchRef): Promise<Uint8Array | null>;
  /** Called once the result file is booked: a file exchange stops offering it (at-least-once until then). */
  acknowledgeDebitResults?(batch: DebitBatchRef): Promise<void>;
}

export function resultFileName(batch: { fileName: string }): string {
  return batch.fileName.replace(/^passbook-debit-/, "passbook-result-");
}
