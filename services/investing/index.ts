// The investor journey (issue 5): one use case per file.
export { parseResidentId, residentIdCheckChar, parseBankCard, luhnValid, maskIdNumber, maskBankCard, maskName, parseLegalName, BANKS, type BankCode } from "./identity-checks";
export { encryptPii, decryptPii, piiIndex } from "./pii-crypto";
export { INVESTOR_AGREEMENTS, getAgreement, agreementTextHash, type InvestorAgreement } from "./agreements";
export { registerInvestor, InvestorFormError, PII, type RegisterInvestorInput } from "./register-investor";
export { getInvestorStatus, type InvestorStatus } from "./get-investor-status";
export { RISK_QUESTIONS, RISK_GRADES, QUESTIONNAIRE_VERSION, gradeAllows, gradeNeededFor, gradeForScore, scoreAnswers, type RiskGrade } from "./risk-questionnaire";
export { submitRiskAssessment } from "./submit-risk-assessment";
export { listInvestableLoans, INVEST_SORTS, TERM_BUCKETS, type InvestListFilters, type InvestListItem, type InvestSort, type TermBucket } from "./list-investable-loans";
export { getLoanDisclosure, type LoanDisclosure, type CreditSummary } from "./get-loan-disclosure";
export { invest, previewInvestment, previewReturns, checkInvestAmount, type Investment } from "./invest";
export { expectedReturns, type ExpectedReturns, type ExpectedInstallment } from "./expected-returns";
export { closeUnfundedLoans, FUNDING_WINDOW_ACTOR } from "./close-unfunded-loans";
export { startCardTopUp, getCardTopUp, type CardTopUp } from "./start-card-top-up";
export { handleStripeWebhook, STRIPE_WEBHOOK_ACTOR, type WebhookResult } from "./handle-stripe-webhook";
export { findInvestorAtCounter, recordCashTopUp, getCashReceipt, listStoreCashTopUps, type StoreCashTopUp, type CashReceipt, type InvestorAtCounter } from "./cash-top-up";
export {
  requestWithdrawal,
  approveWithdrawal,
  rejectWithdrawal,
  listWithdrawals,
  listMyWithdrawals,
  withdrawalAllowanceToday,
  type Withdrawal,
  type WithdrawalQueueItem,
} from "./withdrawals";
export { createSandboxPayoutAdapter, type PayoutAdapter, type PayoutInstruction } from "./payout";
export { getWallet, type WalletSummary } from "./wallet";
export { getPortfolio, type Portfolio, type Holding, type ReceivedReturn } from "./get-portfolio";
export { xirr, type CashFlow } from "./xirr";
export { getInvestorStatement, investorStatementCsv, listMyTopUps, type InvestorStatement } from "./investor-statement";
export * as investorLimits from "./limits";
export { fundLoanWithSandboxInvestors } from "./fund-loan-with-sandbox-investors";
export type { InvestingErrorCode } from "./error-codes";
