import { chart } from "../../../ledger/chart";

/**
 * Where confirmed phone-bill deductions sit until the operator's settlement pays them into
 * custody (an asset: the operator owes it to us). The ledger's starting chart lists it,
 * so the seed opens it with the platform's other accounts.
 */
export const PHONE_BILL_CLEARING = chart.clearingPhonebill();
