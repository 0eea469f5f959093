export { proposeAdjustment, ADJUSTMENT_REASON_MIN_LENGTH, type AdjustmentLineInput, type StoredAdjustmentLine } from "./propose-adjustment";
export { approveAdjustment, rejectAdjustment, type DecideAdjustmentInput } from "./decide-adjustment";
export { listAdjustments, getAdjustment, type AdjustmentView } from "./list-adjustments";
export type { FinanceErrorCode } from "./error-codes";
export { nameAccounts, type AccountName, type AccountFamily } from "./name-accounts";
export { checkBooks } from "./check-books";
