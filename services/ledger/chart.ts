import type { OpenAccountInput } from "./open-account";

/**
 * The starting chart of accounts (DESIGN §4), as inputs for openAccount. Wallets and
 * claims are what the platform owes users: liabilities that may never go negative.
 * Clearing, custody and revenue accounts are hot and carry no rule, so they are never
 * row-locked; their balances are derived from postings.
 */
type Spec = Omit<OpenAccountInput, "operatorId">;

export const chart = {
  custodyBank: (): Spec => ({ code: "custody:bank", type: "asset" }),
  clearingCard: (): Spec => ({ code: "clearing:card", type: "asset" }),
  clearingStore: (storeId: string): Spec => ({ code: `clearing:store:${storeId}`, type: "asset" }),
  clearingPassbook: (): Spec => ({ code: "clearing:passbook", type: "asset" }),
  clearingPhonebill: (): Spec => ({ code: "clearing:phonebill", type: "asset" }),
  /** Principal receivable of one loan, held for its investors; equals the sum of its claims. */
  loanPrincipal: (loanId: string): Spec => ({ code: `loan:principal:${loanId}`, type: "asset", balanceRule: "no_negative" }),
  walletAvailable: (userId: string): Spec => ({
    code: `wallet:available:${userId}`,
    type: "liability",
    ownerUserId: userId,
    balanceRule: "no_negative",
  }),
  /** Committed to a loan in funding or to a withdrawal awaiting payout. */
  walletHeld: (userId: string): Spec => ({
    code: `wallet:held:${userId}`,
    type: "liability",
    ownerUserId: userId,
    balanceRule: "no_negative",
  }),
  /** An investor's share of a loan's principal. */
  claim: (userId: string, loanId: string): Spec => ({
    code: `claim:${userId}:${loanId}`,
    type: "liability",
    ownerUserId: userId,
    balanceRule: "no_negative",
  }),
  revenueServiceFee: (): Spec => ({ code: "revenue:service-fee", type: "revenue" }),
  revenuePenalty: (): Spec => ({ code: "revenue:penalty", type: "revenue" }),
  /** The seller's fee on a debt transfer (债权转让手续费). */
  revenueTransferFee: (): Spec => ({ code: "revenue:transfer-fee", type: "revenue" }),
  /** What channels keep for themselves: the operator's phone-bill commission, card fees. */
  expenseChannelFee: (): Spec => ({ code: "expense:channel-fee", type: "expense" }),
} as const;
