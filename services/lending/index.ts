export {
  addMonthsClamped,
  buildSchedule,
  REPAYMENT_METHODS,
  SCHEDULE_LIMITS,
  type Installment,
  type RepaymentMethod,
  type Schedule,
  type ScheduleInput,
} from "./build-schedule";
export { createProductVersion, getProduct, listActiveProducts, type LoanPurpose, type Product, type ProductTerms, type RiskLevel } from "./products";
export { DEFAULT_FUNDING_WINDOW_DAYS, getLoan, openLoanForFunding, type Loan, type OpenLoanForFundingInput } from "./open-loan-for-funding";
export type { LendingErrorCode } from "./error-codes";
