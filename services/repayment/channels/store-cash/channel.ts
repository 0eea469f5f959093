import { chart } from "../../../ledger/chart";
import type { RepaymentChannel } from "../repayment-channel";
import { STORE_CASH_STATEMENT } from "./store-cash-reconciliation";

/**
 * Cash at an operator store's counter (营业厅现金还款): the clerk takes it
 * (take-store-repayment), the till's own clearing account holds it until the store's
 * day is closed and banked (close-store-day, whose cash report reconciliation reads).
 * No daily step: the borrower comes to the counter.
 */
export const storeCashChannel: RepaymentChannel = {
  source: "store_cash",
  label: { zh: "营业厅现金", en: "Store cash" },
  sourceAccount: (request) => chart.clearingStore(request.storeId!),
  needsStore: true,
  borrowerChoice: true,
  dueSteps: [],
  statement: STORE_CASH_STATEMENT,
  simulatedShare: 30,
};
