import { chart } from "../../../ledger/chart";

/** Where passbook debits sit until the bank pays them into custody (the ledger's starting chart lists it). */
export const PASSBOOK_CLEARING = chart.clearingPassbook();
