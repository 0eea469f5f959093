// Store cash at the counter: the channel description and its cash report reader.
export { storeCashChannel } from "./channel";
export { readStoreCashReport, STORE_CASH_COLUMNS, STORE_CASH_KINDS, type StoreCashKind, type StoreCashStatementLine } from "./store-cash-statement";
