export { allocatePayment, DEFAULT_ALLOCATION_ORDER, type Allocation, type Component } from "./allocate-payment";
export { distributeRepayment, type Distribution, type InvestorPart, type InvestorShare } from "./distribute-repayment";
export { splitLargestRemainder, type Weighted } from "./split-largest-remainder";
export { applyRepayments, MAX_REPAYMENTS_PER_BATCH, type AppliedRepayment, type RepaymentRequest, type RepaymentSource } from "./apply-repayments";
export { quoteInstallmentsDue, quotePayoff, type DueQuote, type InstallmentState } from "./compute-due";
export { bucketOf, computeDelinquency, type Bucket, type Delinquency } from "./compute-delinquency";
export { effectivePenaltyDailyRate, penaltyFor } from "./penalty";
export { accruePenalties } from "./accrue-penalties";
export { refreshDelinquency } from "./refresh-delinquency";
export { getRepaymentSettings, DEFAULT_REPAYMENT_SETTINGS, type RepaymentSettings } from "./settings";
export { loadInstallments } from "./load-installments";
export {
  runDueProcessing,
  dueStepOrder,
  DUE_PROCESSING_ACTOR,
  DUE_PAGE_SIZE,
  type DueContext,
  type DueProcessingDeps,
  type DueRunResult,
  type DueStep,
  type StepProgress,
} from "./run-due-processing";
export type { RepaymentErrorCode } from "./error-codes";
export { describeLoanRepayment, listBorrowerLoanIds, loanNumber, type DueLine, type LoanRepaymentView, type RepaymentLine } from "./describe-loan-repayment";
export { findBorrowerAtCounter, type BorrowerAtCounter } from "./find-borrower-at-counter";
export { repayFromWallet, onlineReference } from "./repay-from-wallet";
export { startCardRepayment } from "./start-card-repayment";
export { applyCardRepayment, cardRepaymentReference } from "./apply-card-repayment";
export { takeStoreRepayment, normalizeReceiptNo, RECEIPT_NO } from "./take-store-repayment";
export { getStoreRepaymentReceipt, type StoreRepaymentReceipt } from "./get-store-receipt";
export {
  closeStoreDay,
  getStoreDay,
  listStoreDays,
  loadStoreDay,
  storeCashReportCsv,
  storeCashReportName,
  STORE_CASH_REPORT_COLUMNS,
  type StoreCashLine,
  type StoreDay,
  type StoreDaySummary,
} from "./close-store-day";
export { getSettlementCertificate, settlementCertificatePdf, type SettlementCertificate } from "./settlement-certificate-pdf";
export { runDueProcessingNow } from "./run-due-processing-now";
export {
  runDueProcessingForAll,
  ensureTodaysDueProcessing,
  resumeInterruptedDueRuns,
  RESUME_INTERRUPTED_RUNS_DAYS,
  listDueRuns,
  DUE_PROCESSING_TIME,
  type OperatorDueRun,
  type DueRunRow,
} from "./run-due-processing-for-all";
