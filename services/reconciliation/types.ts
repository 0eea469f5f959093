import type Decimal from "decimal.js";

/** The outside parties whose files we reconcile against the ledger. */
export const STATEMENT_SOURCES = [
  "stripe_balance",
  "custody_statement",
  "passbook_result",
  "phonebill_settlement",
  "store_cash",
] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

/** Where a line came from in its file: 1-based line number (header is line 1) and the text as written. */
export type LineOrigin = { line: number; raw: string };

/** Stripe's balance transactions export; only the columns we read. */
export type StripeBalanceLine = LineOrigin & {
  id: string;
  type: string;
  /** The charge, refund or payout behind the transaction (`ch_…`, `po_…`); empty for Stripe's own fees. */
  sourceId: string;
  amountCny: Decimal;
  feeCny: Decimal;
  netCny: Decimal;
  createdAt: Date;
  availableOn: Date;
  description: string;
};

export const CUSTODY_DIRECTIONS = ["CR", "DR"] as const;
export type CustodyDirection = (typeof CUSTODY_DIRECTIONS)[number];

export type CustodyStatementLine = LineOrigin & {
  valueDate: string;
  reference: string;
  direction: CustodyDirection;
  /** Always positive; `direction` carries the sign. */
  amountCny: Decimal;
  counterparty: string;
  memo: string;
};

export const PASSBOOK_STATUSES = ["SUCCESS", "INSUFFICIENT_FUNDS", "ACCOUNT_CLOSED"] as const;
export type PassbookStatus = (typeof PASSBOOK_STATUSES)[number];

export type PassbookResultLine = LineOrigin & {
  reference: string;
  status: PassbookStatus;
  debitedCny: Decimal;
  settledOn: string;
  message: string;
};

export type PhonebillSettlementLine = LineOrigin & {
  settlementId: string;
  requestId: string;
  phoneMasked: string;
  deductedCny: Decimal;
  commissionCny: Decimal;
  netCny: Decimal;
  deductedOn: string;
};

export const STORE_CASH_KINDS = ["REPAYMENT", "TOP_UP"] as const;
export type StoreCashKind = (typeof STORE_CASH_KINDS)[number];

export type StoreCashLine = LineOrigin & {
  storeCode: string;
  businessDate: string;
  receiptNo: string;
  kind: StoreCashKind;
  amountCny: Decimal;
  clerk: string;
};

export type ParsedStatement =
  | { source: "stripe_balance"; lines: StripeBalanceLine[] }
  | { source: "custody_statement"; lines: CustodyStatementLine[] }
  | { source: "passbook_result"; lines: PassbookResultLine[] }
  | { source: "phonebill_settlement"; lines: PhonebillSettlementLine[] }
  | { source: "store_cash"; lines: StoreCashLine[] };

/** Why a file was refused; a short code the UI and logs can key on. */
export type FileRejectionReason =
  | "not_utf8"
  | "empty"
  | "bad_csv"
  | "wrong_columns"
  | "missing_value"
  | "bad_amount"
  | "bad_date"
  | "bad_status"
  | "bad_kind"
  | "bad_direction"
  | "bad_currency"
  | "bad_phone"
  | "net_mismatch"
  | "mixed_file";
