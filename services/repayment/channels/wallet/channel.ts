import { chart } from "../../../ledger/chart";
import type { RepaymentChannel } from "../repayment-channel";

/**
 * The borrower's own wallet (online repayment): the money is already in our books, so
 * there is no clearing account, counterparty, statement or daily step. It may not pay
 * more than is due (repayment.wallet_overpayment).
 */
export const walletChannel: RepaymentChannel = {
  source: "wallet",
  label: { zh: "钱包余额", en: "Wallet" },
  sourceAccount: (_request, loan) => chart.walletAvailable(loan.borrowerUserId),
  refusesOverpayment: true,
  borrowerChoice: false,
  dueSteps: [],
};
