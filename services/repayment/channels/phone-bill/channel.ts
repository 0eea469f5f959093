import type { RepaymentChannel } from "../repayment-channel";
import { PHONE_BILL_CLEARING } from "./clearing";
import { listPhonebillDeductionsOfLoan, phonebillInFlight, requestPhonebillNow } from "./request-phonebill-now";
import { billingFor, PHONE_BILL_DEDUCTIONS_STEP } from "./run-phonebill-deductions";
import { SETTLEMENT_STATEMENT } from "./settlement-reconciliation";

/**
 * Phone-bill deduction (话费划扣): each day we ask the operator's billing to add what is
 * owed to the borrower's phone bill (request-phonebill-deductions) through the
 * OperatorBillingAdapter (SandboxOperatorBilling unless configured), apply its answers
 * (apply-phonebill-answers), and book its settlement file (record-phonebill-settlement),
 * which reconciliation reads with the same reader. The borrower may ask for the current
 * installment now (主动还款, request-phonebill-now): a request of its own, answered the same way.
 */
export const phoneBillChannel: RepaymentChannel = {
  source: "phone_bill",
  label: { zh: "话费划扣", en: "Phone-bill deduction" },
  sourceAccount: () => PHONE_BILL_CLEARING,
  borrowerChoice: true,
  dueSteps: [PHONE_BILL_DEDUCTIONS_STEP],
  repayNow: {
    request: async (db, input) => requestPhonebillNow(db, { ...input, billing: await billingFor({ db, deps: input.deps, operatorId: input.operatorId }) }),
    inFlight: phonebillInFlight,
    list: listPhonebillDeductionsOfLoan,
  },
  statement: SETTLEMENT_STATEMENT,
  financePage: { path: "/phonebill", navKey: "finance.nav.phonebill" },
  simulatedShare: 30,
};
