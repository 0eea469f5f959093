import type Decimal from "decimal.js";
import type { LineOrigin } from "../statements/statement-channel";

export type { FileRejectionReason, LineOrigin } from "../statements/statement-channel";

/**
 * The name of a statement an outside party sends (statement_imports.source), which also
 * names its reconciliation channel: `stripe_balance` and `custody_statement` here, and
 * each repayment channel's statement (services/repayment/channels/registry.ts).
 */
export type StatementSource = string;

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
  /** The account's balance after this line, as the bank prints it (余额). */
  balanceCny: Decimal;
};

/** A file as read: its source and its lines (of the source's own line type). */
export type ParsedStatement = { source: StatementSource; lines: LineOrigin[] };
