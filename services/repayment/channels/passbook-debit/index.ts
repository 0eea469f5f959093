// Passbook auto-debit (存折划扣): the channel description and what the finance page and tests use.
export { passbookDebitChannel } from "./channel";
export type { BankAdapter, DebitBatchFile, DebitBatchRef } from "./bank-adapter";
export { SandboxBank, openSandboxPassbook } from "./sandbox-bank";
export { createDropBank } from "./drop-bank";
export { raisePassbookDebits, type PassbookDebitBatch } from "./raise-passbook-debits";
export { importPassbookResults, type PassbookLineOutcome, type PassbookLineResult } from "./import-passbook-results";
export { readDebitBatch, writeDebitBatch, writeDebitResult } from "./passbook-files";
export { readDebitResult, DEBIT_RESULT_COLUMNS, DEBIT_RESULT_STATUSES, type DebitResultLine } from "./debit-result-statement";
export { PASSBOOK_DEBITS_STEP, runPassbookDebits, exchangePassbookFiles, bankFor } from "./run-passbook-debits";
export { requestPassbookDebitNow, passbookNowReference } from "./request-passbook-debit-now";
export { listPassbookBatches, getPassbookBatchFile, type PassbookBatchSummary } from "./list-passbook-batches";
