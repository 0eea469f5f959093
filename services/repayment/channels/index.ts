// Repayment channels: passbook auto-debit (存折划扣) and phone-bill deduction (话费划扣).
export type { BankAdapter, DebitBatchFile, DebitBatchRef } from "./bank-adapter";
export type { BillingAnswer, OperatorBillingAdapter } from "./operator-billing-adapter";
export { SandboxBank, openSandboxPassbook } from "./sandbox-bank";
export { SandboxOperatorBilling, sandboxBillingAnswer, SANDBOX_COMMISSION_RATE } from "./sandbox-operator-billing";
export { channelAdapters, type ChannelDeps } from "./channel-adapters";
export { raisePassbookDebits, type PassbookDebitBatch } from "./raise-passbook-debits";
export { importPassbookResults, type PassbookLineOutcome, type PassbookLineResult } from "./import-passbook-results";
export { readDebitBatch, readDebitResult, writeDebitBatch, writeDebitResult, DEBIT_RESULT_STATUSES } from "./passbook-files";
export { requestPhonebillDeductions, phonebillRequestId } from "./request-phonebill-deductions";
export { applyPhonebillAnswers, type PhonebillAnswerOutcome, type PhonebillAnswerResult } from "./apply-phonebill-answers";
export { recordPhonebillSettlement, type RecordedSettlement } from "./record-phonebill-settlement";
export { readSettlement, writeSettlement, settlementFileName, type SettlementLine } from "./phonebill-settlement-file";
export { PASSBOOK_DEBITS_STEP, PHONE_BILL_DEDUCTIONS_STEP, runPassbookDebits, runPhonebillDeductions } from "./channel-due-steps";
export { listPassbookBatches, listPhonebillDeductions, listPhonebillSettlements, getPassbookBatchFile } from "./list-channel-activity";
