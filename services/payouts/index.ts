// Bank payouts (issue 13): withdrawals and loan disbursements as custody-bank instructions, paid or failed only on the bank's result.
export type { PayoutsErrorCode } from "./error-codes";
export type { Payout } from "./payout";
export { SECOND_APPROVAL_ABOVE_CNY, BANK_CALL_TIMEOUT_MS, PAYOUT_RESULTS_ACTOR } from "./settings";
export {
  PAYOUT_INSTRUCTION_COLUMNS,
  PAYOUT_RESULT_COLUMNS,
  PAYOUT_RESULT_STATUSES,
  payoutInstructionFileName,
  readPayoutInstruction,
  readPayoutResult,
  writePayoutInstruction,
  writePayoutResult,
  type PayoutResultLine,
  type PayoutResultStatus,
} from "./payout-files";
export { SandboxPayoutBank, SANDBOX_PAYOUT_FAILURES, sandboxPayoutAnswer } from "./sandbox-payout-bank";
export { payoutBankFor } from "./payout-bank-for";
export { approveWithdrawal, type WithdrawalApproval } from "./approve-withdrawal";
export { approveDisbursement } from "./approve-disbursement";
export { instructPayout, type InstructOutcome } from "./instruct-payout";
export { importPayoutResults, type PayoutResultImport } from "./import-payout-results";
export { fetchPayoutResults, type PayoutPickUp } from "./fetch-payout-results";
export { listDisbursementPayouts, type DisbursementPayoutView } from "./list-disbursement-payouts";
export { failureReasonZh } from "./reasons";
export { payOutLoanThroughSandbox } from "./pay-out-through-sandbox";
