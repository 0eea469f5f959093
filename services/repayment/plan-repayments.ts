import Decimal from "decimal.js";
import type { repayments } from "../../db/schema";
import { chart } from "../ledger/chart";
import { Cny, cnyFromFen, fenFromCny, fenFromText, textFromFen } from "../ledger/money";
import type { OpenAccountInput } from "../ledger/open-account";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { refuseUnlessSame } from "../shared/idempotency";
import { allocatePayment, type Allocation } from "./allocate-payment";
import { isSettled, quoteInstallmentsDueFen, quotePayoffFen, spreadOverInstallments, type DueQuoteFen, type InstallmentPartFen, type InstallmentState } from "./compute-due";
import { distributeRepayment, type Distribution } from "./distribute-repayment";
import type { RepaymentSettings } from "./settings";

/**
 * The pure middle of applyRepayments: from what was loaded (loans, installments, claims,
 * earlier repayments) to what must be written (ledger entries, installment changes,
 * repayment rows, loans to close). No database, no clock, no random ids: the caller
 * passes `now` and `newId`.
 */

export type AccountSpec = Omit<OpenAccountInput, "operatorId">;

/** What the plan needs of a request's channel (services/repayment/channels/registry.ts). */
export interface ChannelRules {
  /** Where the channel's money sits: a clearing account, or the borrower's wallet. */
  sourceAccount(request: { storeId?: string | null }, loan: { borrowerUserId: string }): AccountSpec;
  /** Money that is already ours to move (the wallet) may not pay more than is due. */
  refusesOverpayment?: boolean;
}

/**
 * Investors per ledger entry: two postings each (claim, wallet) plus at most six on the
 * loan side (source, loan principal, service fee, platform penalty, borrower wallet) within
 * the ledger's 64 postings an entry.
 */
export const INVESTORS_PER_REPAYMENT_ENTRY = 29;

export interface PlannedRequest {
  loanId: string;
  source: string;
  reference: string;
  amountCny: Decimal;
  kind?: "installment" | "payoff";
  receivedAt: Date;
  storeId?: string | null;
  receivedByUserId?: string | null;
}

export interface AppliedRepayment {
  repaymentId: string;
  loanId: string;
  reference: string;
  replayed: boolean;
  amount: string;
  penalty: string;
  interest: string;
  principal: string;
  overpayment: string;
  loanClosed: boolean;
  entryIds: string[];
}

export interface LoanState {
  id: string;
  borrowerUserId: string;
  status: string;
  serviceFeeRate: string;
  disbursedAt: Date | null;
}

/** `locked`: false when loaded without a row lock (loadRepaymentBook locks only what a batch may change). */
export type InstallmentRow = InstallmentState & { id: string; loanId?: string; status: string; paidAt: Date | null; locked?: boolean };
export type EarlierRepayment = Pick<typeof repayments.$inferSelect, "id" | "loanId" | "reference" | "amount" | "penalty" | "interest" | "principal" | "overpayment" | "entryIds"> & { source: string };

/** Everything the plan reads, as loaded under the loans' row locks. */
export interface RepaymentBook {
  loans: ReadonlyMap<string, LoanState>;
  installmentsByLoan: ReadonlyMap<string, readonly InstallmentRow[]>;
  /** Confirmed investors of each loan. */
  investorsByLoan: ReadonlyMap<string, readonly string[]>;
  /** Outstanding principal in whole fen by claim account code (`claim:<investor>:<loan>`). */
  claimBalances: ReadonlyMap<string, bigint>;
  settings: Pick<RepaymentSettings, "allocationOrder" | "penaltyToPlatform">;
}

export interface PlannedEntry {
  idempotencyKey: string;
  repaymentId: string;
  memo: string;
  postings: { account: AccountSpec; amountCny: Decimal }[];
}

export type RepaymentRowDraft = Omit<typeof repayments.$inferInsert, "entryIds" | "operatorId">;

export interface RepaymentPlan {
  /** One per request: the replay's answer, the fresh repayment's (entry ids filled by the writer), or null for a repeat within the batch. */
  results: (AppliedRepayment | null)[];
  /** For each repeat within the batch, the index of its first occurrence. */
  repeatOf: ReadonlyMap<number, number>;
  entries: PlannedEntry[];
  repaymentRows: RepaymentRowDraft[];
  /** Installment rows as they must be written (copies; the book is not changed). */
  changedInstallments: InstallmentRow[];
  /** Installments of every touched loan after the batch (for delinquency and certificates). */
  installmentsAfter: Map<string, InstallmentRow[]>;
  touchedLoans: string[];
  closedLoans: string[];
}

/** Plans a validated batch; throws the domain errors applyRepayments documents. */
export function planRepayments(input: {
  requests: readonly PlannedRequest[];
  earlier: readonly EarlierRepayment[];
  book: RepaymentBook;
  channelOf: (source: string) => ChannelRules;
  now: Date;
  newId: () => string;
}): RepaymentPlan {
  const { results, fresh, repeatOf } = sortOutReplays(input.requests, input.earlier);
  const state = copyBook(input.book);
  const plan: RepaymentPlan = { results, repeatOf, entries: [], repaymentRows: [], changedInstallments: [], installmentsAfter: state.installmentsByLoan, touchedLoans: [], closedLoans: [] };
  const changed = new Set<InstallmentRow>();
  for (const index of fresh) {
    const request = input.requests[index]!;
    const loan = state.loans.get(request.loanId)!;
    const planned = planOne({ request, loan, state, book: input.book, channel: input.channelOf(request.source), now: input.now, repaymentId: input.newId() });
    plan.entries.push(...planned.entries);
    plan.repaymentRows.push(planned.row);
    results[index] = planned.result;
    for (const row of planned.changed) changed.add(row);
    if (!plan.touchedLoans.includes(loan.id)) plan.touchedLoans.push(loan.id);
    if (planned.result.loanClosed) plan.closedLoans.push(loan.id);
  }
  plan.changedInstallments = [...changed];
  return plan;
}

/** Replays first: a (source, reference) seen before changes nothing; a repeat within the batch answers as its first occurrence. */
export function sortOutReplays(
  requests: readonly PlannedRequest[],
  earlier: readonly EarlierRepayment[],
): { results: (AppliedRepayment | null)[]; fresh: number[]; repeatOf: Map<number, number> } {
  const earlierByKey = new Map(earlier.map((r) => [`${r.source}|${r.reference}`, r]));
  const results: (AppliedRepayment | null)[] = requests.map(() => null);
  const fresh: number[] = [];
  const firstByKey = new Map<string, number>();
  const repeatOf = new Map<number, number>();
  requests.forEach((request, index) => {
    const key = `${request.source}|${request.reference}`;
    const before = earlierByKey.get(key);
    if (before) {
      assertSameRequest(request, before);
      results[index] = replayedRepayment(before);
      return;
    }
    const first = firstByKey.get(key);
    if (first !== undefined) {
      repeatOf.set(index, first);
      return;
    }
    firstByKey.set(key, index);
    fresh.push(index);
  });
  return { results, fresh, repeatOf };
}

/** The same reference must mean the same loan and amount (shared/idempotency.ts compares them). */
export function assertSameRequest(request: { loanId: string; reference: string; amountCny: Decimal }, first: { loanId: string; amount: string }): void {
  refuseUnlessSame({ loanId: first.loanId, amount: new Cny(first.amount) }, { loanId: request.loanId, amount: request.amountCny }, { field: "reference" });
}

/** A repayment booked before, as the answer to its replay: nothing changed this time. */
export function replayedRepayment(before: EarlierRepayment): AppliedRepayment {
  return { ...amountsOf(before), repaymentId: before.id, loanId: before.loanId, reference: before.reference, replayed: true, loanClosed: false, entryIds: before.entryIds as string[] };
}

function amountsOf(r: Pick<AppliedRepayment, "amount" | "penalty" | "interest" | "principal" | "overpayment">) {
  return { amount: r.amount, penalty: r.penalty, interest: r.interest, principal: r.principal, overpayment: r.overpayment };
}

interface WorkingBook {
  loans: Map<string, LoanState>;
  installmentsByLoan: Map<string, InstallmentRow[]>;
  claimBalances: Map<string, bigint>;
}

function copyBook(book: RepaymentBook): WorkingBook {
  return {
    loans: new Map([...book.loans].map(([id, loan]) => [id, { ...loan }])),
    installmentsByLoan: new Map([...book.installmentsByLoan].map(([id, rows]) => [id, rows.map((row) => ({ ...row }))])),
    claimBalances: new Map(book.claimBalances),
  };
}

interface PlannedOne {
  entries: PlannedEntry[];
  row: RepaymentRowDraft;
  result: AppliedRepayment;
  changed: InstallmentRow[];
}

/** One fresh request: quote what is due, allocate, distribute, book, and move the installments forward. */
function planOne(input: { request: PlannedRequest; loan: LoanState; state: WorkingBook; book: RepaymentBook; channel: ChannelRules; now: Date; repaymentId: string }): PlannedOne {
  const { request, loan, state, repaymentId } = input;
  const installments = state.installmentsByLoan.get(loan.id) ?? [];
  const amountFen = fenFromCny(request.amountCny);
  const quote = quoteFor(request, amountFen, loan, installments, input.now);
  const allocation = allocateOver(amountFen, quote, input.book.settings.allocationOrder, input.channel);
  const parts = spreadOverInstallments(quote?.items ?? [], { penalty: allocation.penaltyFen, interest: allocation.interestFen, principal: allocation.principalFen });
  const distribution = distributeOver(loan, allocation, state, input.book);
  const entries = entriesFor({ request, loan, repaymentId, allocation, distribution, claimBalances: state.claimBalances, source: input.channel.sourceAccount(request, loan) });
  const changed = moveInstallments(installments, quote, parts, request.receivedAt);
  const paidOff = loan.status === "disbursed" && installments.length > 0 && installments.every((i) => i.status === "paid");
  if (paidOff) loan.status = "closed";
  const amounts = {
    amount: textFromFen(amountFen),
    penalty: textFromFen(allocation.penaltyFen),
    interest: textFromFen(allocation.interestFen),
    principal: textFromFen(allocation.principalFen),
    overpayment: textFromFen(allocation.overpaymentFen),
  };
  const row: RepaymentRowDraft = {
    id: repaymentId,
    loanId: loan.id,
    source: request.source as RepaymentRowDraft["source"],
    reference: request.reference,
    kind: quote?.kind ?? "installment",
    ...amounts,
    serviceFee: textFromFen(distribution.platformServiceFeeFen),
    platformPenalty: textFromFen(distribution.platformPenaltyFen),
    weights: distribution.weights,
    installmentParts: parts.map((p) => ({ n: p.n, principal: textFromFen(p.principalFen), interest: textFromFen(p.interestFen), penalty: textFromFen(p.penaltyFen) })),
    storeId: request.storeId ?? null,
    receivedByUserId: request.receivedByUserId ?? null,
    receivedAt: request.receivedAt,
    createdAt: input.now,
  };
  const result: AppliedRepayment = { repaymentId, loanId: loan.id, reference: request.reference, replayed: false, ...amounts, loanClosed: paidOff, entryIds: [] };
  return { entries, row, result, changed };
}

/** What the money is for: nothing on a closed loan (it goes to the wallet), else what is due (or the payoff). */
function quoteFor(request: PlannedRequest, amountFen: bigint, loan: LoanState, installments: readonly InstallmentRow[], now: Date): DueQuoteFen | null {
  if (loan.status === "closed") return null;
  const asOf = beijingDate(request.receivedAt);
  if (request.kind !== "payoff") return quoteInstallmentsDueFen(installments, asOf);
  const quote = quotePayoffFen(installments, asOf, beijingDate(loan.disbursedAt ?? now));
  if (amountFen < quote.totalFen) throw new DomainError("repayment.payoff_short", { field: "amount", details: { payoff: textFromFen(quote.totalFen) } });
  return quote;
}

function allocateOver(amountFen: bigint, quote: DueQuoteFen | null, order: RepaymentSettings["allocationOrder"], channel: ChannelRules): Allocation {
  const totals = { penalty: 0n, interest: 0n, principal: 0n };
  for (const item of quote?.items ?? []) {
    totals.penalty += item.penaltyFen;
    totals.interest += item.interestFen;
    totals.principal += item.principalFen;
  }
  const allocation = allocatePayment(amountFen, totals, order);
  if (channel.refusesOverpayment && allocation.overpaymentFen !== 0n) throw new DomainError("repayment.wallet_overpayment");
  return allocation;
}

/** Splits the allocation among the loan's investors by their outstanding principal (claims). */
function distributeOver(loan: LoanState, allocation: Allocation, state: WorkingBook, book: RepaymentBook): Distribution {
  const investorIds = [...(book.investorsByLoan.get(loan.id) ?? [])].sort();
  const shares = investorIds.map((investorUserId) => ({
    investorUserId,
    outstandingPrincipalFen: state.claimBalances.get(chart.claim(investorUserId, loan.id).code) ?? 0n,
  }));
  if (allocation.principalFen !== 0n || allocation.interestFen !== 0n || allocation.penaltyFen !== 0n) {
    const outstandingFen = shares.reduce((t, s) => t + s.outstandingPrincipalFen, 0n);
    if (outstandingFen === 0n) throw new Error(`loan ${loan.id} has payments due but no outstanding claims`);
  }
  return distributeRepayment({
    allocation,
    serviceFeeRate: new Decimal(loan.serviceFeeRate),
    penaltyToPlatform: book.settings.penaltyToPlatform,
    shares: shares.filter((s) => s.outstandingPrincipalFen > 0n),
  });
}

/**
 * The ledger side: the source pays for everything; each chunk of investors is its own
 * balanced entry. Signed postings, debit positive: a claim is debited by the principal it
 * gets back, the loan's principal credited by the same; wallets and revenue are credited;
 * the source (clearing account, or the borrower's wallet) is debited with all of it.
 */
function entriesFor(input: {
  request: PlannedRequest;
  loan: LoanState;
  repaymentId: string;
  allocation: Allocation;
  distribution: Distribution;
  claimBalances: Map<string, bigint>;
  source: AccountSpec;
}): PlannedEntry[] {
  const { request, loan, repaymentId, allocation, distribution } = input;
  const paying = distribution.investors.filter((p) => p.principalFen + p.interestFen + p.penaltyFen !== 0n);
  const chunkCount = Math.max(1, Math.ceil(paying.length / INVESTORS_PER_REPAYMENT_ENTRY));
  const entries: PlannedEntry[] = [];
  for (let k = 0; k < chunkCount; k++) {
    const chunk = paying.slice(k * INVESTORS_PER_REPAYMENT_ENTRY, (k + 1) * INVESTORS_PER_REPAYMENT_ENTRY);
    // Signed whole fen, debit positive; each becomes a Decimal once, for the ledger.
    const lines: { account: AccountSpec; amountFen: bigint }[] = [];
    let chunkPrincipalFen = 0n;
    for (const part of chunk) {
      if (part.principalFen !== 0n) {
        const claim = chart.claim(part.investorUserId, loan.id);
        lines.push({ account: claim, amountFen: part.principalFen });
        input.claimBalances.set(claim.code, input.claimBalances.get(claim.code)! - part.principalFen);
        chunkPrincipalFen += part.principalFen;
      }
      lines.push({ account: chart.walletAvailable(part.investorUserId), amountFen: -(part.principalFen + part.interestFen + part.penaltyFen) });
    }
    if (chunkPrincipalFen !== 0n) lines.push({ account: chart.loanPrincipal(loan.id), amountFen: -chunkPrincipalFen });
    if (k === 0) {
      if (distribution.platformServiceFeeFen !== 0n) lines.push({ account: chart.revenueServiceFee(), amountFen: -distribution.platformServiceFeeFen });
      if (distribution.platformPenaltyFen !== 0n) lines.push({ account: chart.revenuePenalty(), amountFen: -distribution.platformPenaltyFen });
      if (allocation.overpaymentFen !== 0n) lines.push({ account: chart.walletAvailable(loan.borrowerUserId), amountFen: -allocation.overpaymentFen });
    }
    lines.push({ account: input.source, amountFen: -lines.reduce((t, p) => t + p.amountFen, 0n) });
    const postings = lines.map((line) => ({ account: line.account, amountCny: cnyFromFen(line.amountFen) }));
    const idempotencyKey = chunkCount === 1 ? `repayment:${repaymentId}` : `repayment:${repaymentId}:${k + 1}`;
    entries.push({ idempotencyKey, repaymentId, memo: `还款 ${request.source} ${request.reference}`, postings });
  }
  return entries;
}

/**
 * Installments in memory (a second request of the batch for the same loan sees them):
 * paid amounts move forward, a settled installment becomes `paid` on the day the money
 * moved, a touched unsettled one `partial`. Returns the rows to write.
 */
function moveInstallments(installments: InstallmentRow[], quote: DueQuoteFen | null, parts: readonly InstallmentPartFen[], receivedAt: Date): InstallmentRow[] {
  for (const part of parts) {
    const row = installments.find((i) => i.n === part.n)!;
    const item = quote!.items.find((i) => i.n === part.n)!;
    row.principalPaid = textFromFen(fenFromText(row.principalPaid) + part.principalFen);
    row.interestPaid = textFromFen(fenFromText(row.interestPaid) + part.interestFen);
    row.penaltyPaid = textFromFen(fenFromText(row.penaltyPaid) + part.penaltyFen);
    if (quote!.kind === "payoff") row.interestWaived = textFromFen(fenFromText(row.interestWaived) + item.interestToWaiveFen);
  }
  const changed: InstallmentRow[] = [];
  for (const row of installments) {
    const settled = isSettled(row);
    const touched = parts.some((p) => p.n === row.n);
    if (settled && row.status !== "paid") {
      row.status = "paid";
      row.paidAt = receivedAt;
      changed.push(row);
    } else if (!settled && touched) row.status = "partial";
    if (touched && !changed.includes(row)) changed.push(row);
  }
  return changed;
}
