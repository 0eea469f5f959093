import type Decimal from "decimal.js";

export type AccountType = "asset" | "liability" | "revenue" | "expense" | "equity";
export const ACCOUNT_TYPES: readonly AccountType[] = ["asset", "liability", "revenue", "expense", "equity"];

/** `no_negative`: normal-side balance minus pending holds may not go below zero (user wallets). */
export type BalanceRule = "none" | "no_negative";

export type CauseType = "loan" | "investment" | "repayment" | "top_up" | "withdrawal" | "statement_line" | "adjustment" | "transfer";
export const CAUSE_TYPES: readonly CauseType[] = [
  "loan",
  "investment",
  "repayment",
  "top_up",
  "withdrawal",
  "statement_line",
  "adjustment",
  "transfer",
];

export type HoldStatus = "pending" | "posted" | "voided";

/** Who posted: a signed-in user, or a named system actor (a webhook, a scheduled job). */
export type Actor = { userId: string } | { system: string };

export interface Cause {
  type: CauseType;
  /** The loan, investment, repayment... id; absent for a free-standing adjustment. */
  id?: string | null;
}

export type NormalSide = "debit" | "credit";

/** Asset and expense accounts grow with debits; liability, revenue and equity accounts with credits. */
export function normalSideOf(type: AccountType): NormalSide {
  return type === "asset" || type === "expense" ? "debit" : "credit";
}

export interface LedgerAccount {
  id: string;
  operatorId: string;
  code: string;
  type: AccountType;
  currency: string;
  ownerUserId: string | null;
  balanceRule: BalanceRule;
  createdAt: Date;
}

export interface Posting {
  accountId: string;
  /** Signed: debit positive, credit negative. */
  amountCny: Decimal;
}

export interface JournalEntry {
  id: string;
  operatorId: string;
  idempotencyKey: string;
  currency: string;
  /** Sum of the debit postings. */
  amountCny: Decimal;
  kind: string;
  memo: string;
  cause: { type: CauseType; id: string | null };
  postedBy: Actor;
  reversesEntryId: string | null;
  createdAt: Date;
  /** Sorted by account id. */
  postings: Posting[];
}

export interface Hold {
  id: string;
  operatorId: string;
  idempotencyKey: string;
  currency: string;
  debitAccountId: string;
  creditAccountId: string;
  amountCny: Decimal;
  kind: string;
  memo: string;
  cause: { type: CauseType; id: string | null };
  placedBy: Actor;
  status: HoldStatus;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: Actor | null;
  postedEntryId: string | null;
  postedAmountCny: Decimal | null;
}
