import type { RepaymentChannel } from "../repayment-channel";
import { PASSBOOK_CLEARING } from "./clearing";
import { DEBIT_RESULT_STATEMENT } from "./debit-result-reconciliation";
import { listPassbookDebitsOfLoan, passbookDebitInFlight, requestPassbookDebitNow } from "./request-passbook-debit-now";
import { PASSBOOK_DEBITS_STEP } from "./run-passbook-debits";

/**
 * Passbook auto-debit (存折划扣): under the borrower's signed entrustment we send the bank
 * a daily debit batch (raise-passbook-debits) through the BankAdapter (SandboxBank unless
 * configured), and import its result file (import-passbook-results), which reconciliation
 * reads with the same reader. The borrower may ask for the current installment now
 * (主动还款, request-passbook-debit-now): an extra batch of the day, answered the same way.
 */
export const passbookDebitChannel: RepaymentChannel = {
  source: "passbook_debit",
  label: { zh: "存折划扣", en: "Passbook debit" },
  sourceAccount: () => PASSBOOK_CLEARING,
  borrowerChoice: true,
  dueSteps: [PASSBOOK_DEBITS_STEP],
  repayNow: { request: requestPassbookDebitNow, inFlight: passbookDebitInFlight, list: listPassbookDebitsOfLoan },
  statement: DEBIT_RESULT_STATEMENT,
  financePage: { path: "/passbook", navKey: "finance.nav.passbook" },
  simulatedShare: 40,
};
