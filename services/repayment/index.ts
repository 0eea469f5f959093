export { allocatePayment, DEFAULT_ALLOCATION_ORDER, type Allocation, type Component } from "./allocate-payment";
export { distributeRepayment, type Distribution, type InvestorPart, type InvestorShare } from "./distribute-repayment";
export { splitLargestRemainder, type Weighted } from "./split-largest-remainder";
