// Phone-bill deduction (话费划扣): the channel description and what the finance page and tests use.
export { phoneBillChannel } from "./channel";
export { BillingUnavailableError, BillingRequestRefusedError, type BillingAnswer, type OperatorBillingAdapter } from "./operator-billing-adapter";
export { createHttpOperatorBilling } from "./http-operator-billing";
export { SandboxOperatorBilling, sandboxBillingAnswer, SANDBOX_COMMISSION_RATE } from "./sandbox-operator-billing";
export { requestPhonebillDeductions, phonebillRequestId } from "./request-phonebill-deductions";
export { applyPhonebillAnswers, type PhonebillAnswerOutcome, type PhonebillAnswerResult } from "./apply-phonebill-answers";
export { recordPhonebillSettlement, type RecordedSettlement } from "./record-phonebill-settlement";
export { writeSettlement, settlementFileName, type SettlementLine } from "./settlement-file";
export { readSettlement, SETTLEMENT_COLUMNS, type SettlementStatementLine } from "./settlement-statement";
export { SANDBOX_SETTLEMENT_COMMISSION_RATE } from "./settlement-reconciliation";
export { PHONE_BILL_DEDUCTIONS_STEP, runPhonebillDeductions, pollPhonebillAnswers, billingFor } from "./run-phonebill-deductions";
export { requestPhonebillNow, phonebillNowRequestId } from "./request-phonebill-now";
export { listPhonebillDeductions, listPhonebillSettlements } from "./list-phonebill-activity";
