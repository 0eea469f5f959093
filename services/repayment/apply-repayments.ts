import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investments, loanDelinquency, loanInstallments, loans, repayments, settlementCertificates } from "../../db/schema";
import { chart, getAccountsByCodes, openAccount, postEntries, type PostEntryInput } from "../ledger";
import { inTransaction } from "../ledger/db-helpers";
import { Cny, parseAmountCny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { allocatePayment } from "./allocate-payment";
import { computeDelinquency } from "./compute-delinquency";
import { quoteInstallmentsDue, quotePayoff, spreadOverInstallments, type InstallmentState } from "./compute-due";
import { distributeRepayment } from "./distribute-repayment";
import { getRepaymentSettings } from "./settings";

export type RepaymentSource = "passbook_debit" | "store_cash" | "phone_bill" | "wallet";

/** Requests one call may apply (one transaction; each is up to a few ledger entries). */
export const MAX_REPAYMENTS_PER_BATCH = 500;
/**
 * Investors per ledger entry: two postings each (claim, wallet) plus at most six on the
 * loan side (source, loan principal, service fee, platform penalty, borrower wallet) within
 * the ledger's 64 postings an entry.
 */
export const INVESTORS_PER_REPAYMENT_ENTRY = 29;

export interface RepaymentRequest {
  loanId: string;
  source: RepaymentSource;
  /** The channel's own reference: debit instruction, receipt number, deduction request id. */
  reference: string;
  amountCny: Decimal | string;
  /** `payoff` settles the whole loan (interest only to the payoff day); default `installment`. */
  kind?: "installment" | "payoff";
  /** When the money moved; decides which installments were due and the payoff interest. */
  receivedAt: Date;
  /** Store cash: the store whose till took it (its clearing account is debited). */
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

const REFERENCE = /^[A-Za-z0-9_.:-]{1,100}$/;

interface LoanRow {
  id: string;
  borrowerUserId: string;
  status: string;
  serviceFeeRate: string;
  disbursedAt: Date | null;
}

/**
 * Applies repayments of one operator's loans, all in one transaction: each is allocated
 * in the configured order over what is due, split among the loan's investors by their
 * outstanding principal (largest remainder, per component, net of the service fee), and
 * booked as balanced ledger entries (`repayment:<id>:<k>`) together with the installments,
 * the loan's delinquency and, when it is paid off, its closing and settlement certificate.
 * A request whose (source, reference) was applied before is a replay: nothing changes and
 * the first result comes back; the same reference with another amount or loan is refused.
 * Money that arrives for a loan already paid off (a late debit result) is kept in the
 * borrower's wallet, because it did move.
 */
export async function applyRepayments(
  db: DbOrTx,
  input: { operatorId: string; requests: readonly RepaymentRequest[]; postedBy: { userId: string } | { system: string }; now?: Date },
): Promise<AppliedRepayment[]> {
  const now = input.now ?? new Date();
  if (input.requests.length === 0) return [];
  if (input.requests.length > MAX_REPAYMENTS_PER_BATCH) throw new DomainError("repayment.batch_too_large");
  const requests = input.requests.map(validateRequest);

  return inTransaction(db, async (tx) => {
    const { operatorId } = input;
    const settings = await getRepaymentSettings(tx, operatorId);
    const results: (AppliedRepayment | null)[] = requests.map(() => null);

    // Replays first: a reference seen before changes nothing.
    const earlier = await tx
      .select()
      .from(repayments)
      .where(and(eq(repayments.operatorId, operatorId), inArray(repayments.reference, [...new Set(requests.map((r) => r.reference))])));
    const earlierByKey = new Map(earlier.map((r) => [`${r.source}|${r.reference}`, r]));
    const fresh: number[] = [];
    const seenInBatch = new Map<string, number>();
    requests.forEach((request, index) => {
      const key = `${request.source}|${request.reference}`;
      const before = earlierByKey.get(key);
      if (before) {
        if (before.loanId !== request.loanId || !new Cny(before.amount).eq(request.amountCny)) {
          throw new DomainError("repayment.reference_conflict", { field: "reference", details: { reference: request.reference } });
        }
        results[index] = {
          repaymentId: before.id,
          loanId: before.loanId,
          reference: before.reference,
          replayed: true,
          amount: before.amount,
          penalty: before.penalty,
          interest: before.interest,
          principal: before.principal,
          overpayment: before.overpayment,
          loanClosed: false,
          entryIds: before.entryIds as string[],
        };
        return;
      }
      if (seenInBatch.has(key)) return; // answered below as a replay of the first occurrence
      seenInBatch.set(key, index);
      fresh.push(index);
    });

    const loanIds = [...new Set(fresh.map((i) => requests[i]!.loanId))].sort();
    const loanRows: LoanRow[] =
      loanIds.length === 0
        ? []
        : await tx
            .select({ id: loans.id, borrowerUserId: loans.borrowerUserId, status: loans.status, serviceFeeRate: loans.serviceFeeRate, disbursedAt: loans.disbursedAt })
            .from(loans)
            .where(and(eq(loans.operatorId, operatorId), inArray(loans.id, loanIds)))
            .orderBy(asc(loans.id))
            .for("update");
    const loanById = new Map(loanRows.map((l) => [l.id, l]));
    for (const id of loanIds) {
      const loan = loanById.get(id);
      if (!loan) throw new DomainError("repayment.loan_not_found", { details: { loanId: id } });
      if (loan.status !== "disbursed" && loan.status !== "closed") throw new DomainError("repayment.loan_not_disbursed", { details: { loanId: id } });
    }

    const installmentRows =
      loanIds.length === 0
        ? []
        : await tx
            .select()
            .from(loanInstallments)
            .where(inArray(loanInstallments.loanId, loanIds))
            .orderBy(asc(loanInstallments.loanId), asc(loanInstallments.n))
            .for("update");
    const installmentsByLoan = new Map<string, (InstallmentState & { id: string; status: string; paidAt: Date | null })[]>();
    for (const row of installmentRows) {
      const list = installmentsByLoan.get(row.loanId) ?? [];
      list.push({ ...row });
      installmentsByLoan.set(row.loanId, list);
    }

    // Investors and their claims (the weights), in one query each.
    const holders =
      loanIds.length === 0
        ? []
        : await tx
            .selectDistinct({ loanId: investments.loanId, investorUserId: investments.investorUserId })
            .from(investments)
            .where(and(inArray(investments.loanId, loanIds), eq(investments.status, "confirmed")));
    const investorsByLoan = new Map<string, string[]>();
    for (const h of holders) investorsByLoan.set(h.loanId, [...(investorsByLoan.get(h.loanId) ?? []), h.investorUserId]);
    const codes: string[] = [];
    for (const h of holders) codes.push(chart.claim(h.investorUserId, h.loanId).code, chart.walletAvailable(h.investorUserId).code);
    for (const loan of loanRows) codes.push(chart.loanPrincipal(loan.id).code, chart.walletAvailable(loan.borrowerUserId).code);
    const accounts = await getAccountsByCodes(tx, { operatorId, codes });
    const accountId = async (spec: ReturnType<(typeof chart)[keyof typeof chart]>): Promise<string> => {
      const known = accounts.get(spec.code);
      if (known) return known.id;
      const opened = await openAccount(tx, { operatorId, ...spec });
      accounts.set(spec.code, { ...opened, postedBalance: null });
      return opened.id;
    };
    const claimBalance = new Map<string, Decimal>();
    for (const h of holders) {
      const code = chart.claim(h.investorUserId, h.loanId).code;
      claimBalance.set(code, new Cny(accounts.get(code)?.postedBalance ?? "0"));
    }

    const entries: PostEntryInput[] = [];
    const repaymentRows: (typeof repayments.$inferInsert)[] = [];
    const touchedLoans = new Set<string>();
    const closedLoans = new Set<string>();
    // Only installments a payment touched or settled are written back.
    const changedInstallments = new Set<InstallmentState & { id: string; status: string; paidAt: Date | null }>();
    for (const index of fresh) {
      const request = requests[index]!;
      const loan = loanById.get(request.loanId)!;
      const installments = installmentsByLoan.get(loan.id) ?? [];
      const asOf = beijingDate(request.receivedAt);
      const repaymentId = randomUUID();
      const amount = request.amountCny;

      const quote =
        loan.status === "closed"
          ? null
          : request.kind === "payoff"
            ? quotePayoff(installments, asOf, beijingDate(loan.disbursedAt ?? now))
            : quoteInstallmentsDue(installments, asOf);
      if (quote?.kind === "payoff" && amount.lt(quote.total)) {
        throw new DomainError("repayment.payoff_short", { field: "amount", details: { payoff: quote.total.toFixed(2) } });
      }
      const totals = { penalty: new Cny(0), interest: new Cny(0), principal: new Cny(0) };
      for (const item of quote?.items ?? []) {
        totals.penalty = totals.penalty.plus(item.penalty);
        totals.interest = totals.interest.plus(item.interest);
        totals.principal = totals.principal.plus(item.principal);
      }
      const allocation = allocatePayment(amount, totals, settings.allocationOrder);
      if (request.source === "wallet" && !allocation.overpayment.isZero()) throw new DomainError("repayment.wallet_overpayment");
      const parts = spreadOverInstallments(quote?.items ?? [], allocation);

      const investorIds = [...(investorsByLoan.get(loan.id) ?? [])].sort();
      const shares = investorIds.map((investorUserId) => ({
        investorUserId,
        outstandingPrincipalCny: claimBalance.get(chart.claim(investorUserId, loan.id).code) ?? new Cny(0),
      }));
      if (!allocation.principal.isZero() || !allocation.interest.isZero() || !allocation.penalty.isZero()) {
        const outstanding = shares.reduce((t, s) => t.plus(s.outstandingPrincipalCny), new Cny(0));
        if (outstanding.isZero()) throw new Error(`loan ${loan.id} has payments due but no outstanding claims`);
      }
      const distribution = distributeRepayment({
        allocation,
        serviceFeeRate: new Decimal(loan.serviceFeeRate),
        penaltyToPlatform: settings.penaltyToPlatform,
        shares: shares.filter((s) => s.outstandingPrincipalCny.gt(0)),
      });

      // Ledger: the source pays for everything; each chunk of investors is its own balanced entry.
      const sourceSpec =
        request.source === "passbook_debit"
          ? chart.clearingPassbook()
          : request.source === "phone_bill"
            ? chart.clearingPhonebill()
            : request.source === "store_cash"
              ? chart.clearingStore(request.storeId!)
              : chart.walletAvailable(loan.borrowerUserId);
      const sourceId = await accountId(sourceSpec);
      const principalId = await accountId(chart.loanPrincipal(loan.id));
      const paying = distribution.investors.filter((p) => !p.principal.plus(p.interest).plus(p.penalty).isZero());
      const chunkCount = Math.max(1, Math.ceil(paying.length / INVESTORS_PER_REPAYMENT_ENTRY));
      for (let k = 0; k < chunkCount; k++) {
        const chunk = paying.slice(k * INVESTORS_PER_REPAYMENT_ENTRY, (k + 1) * INVESTORS_PER_REPAYMENT_ENTRY);
        // Signed postings, debit positive: a claim is debited by the principal it gets back,
        // the loan's principal credited by the same; wallets and revenue are credited; the
        // source (clearing account, or the borrower's wallet) is debited with all of it.
        const postings: { accountId: string; amountCny: Decimal }[] = [];
        let chunkPrincipal = new Cny(0);
        for (const part of chunk) {
          if (!part.principal.isZero()) {
            const claimCode = chart.claim(part.investorUserId, loan.id).code;
            postings.push({ accountId: await accountId(chart.claim(part.investorUserId, loan.id)), amountCny: part.principal });
            claimBalance.set(claimCode, claimBalance.get(claimCode)!.minus(part.principal));
            chunkPrincipal = chunkPrincipal.plus(part.principal);
          }
          postings.push({ accountId: await accountId(chart.walletAvailable(part.investorUserId)), amountCny: part.principal.plus(part.interest).plus(part.penalty).negated() });
        }
        if (!chunkPrincipal.isZero()) postings.push({ accountId: principalId, amountCny: chunkPrincipal.negated() });
        if (k === 0) {
          if (!distribution.platformServiceFee.isZero()) postings.push({ accountId: await accountId(chart.revenueServiceFee()), amountCny: distribution.platformServiceFee.negated() });
          if (!distribution.platformPenalty.isZero()) postings.push({ accountId: await accountId(chart.revenuePenalty()), amountCny: distribution.platformPenalty.negated() });
          if (!allocation.overpayment.isZero()) postings.push({ accountId: await accountId(chart.walletAvailable(loan.borrowerUserId)), amountCny: allocation.overpayment.negated() });
        }
        const cash = postings.reduce((t, p) => t.minus(p.amountCny), new Cny(0));
        postings.push({ accountId: sourceId, amountCny: cash });
        entries.push({
          operatorId,
          idempotencyKey: chunkCount === 1 ? `repayment:${repaymentId}` : `repayment:${repaymentId}:${k + 1}`,
          kind: "repayment",
          memo: `还款 ${request.source} ${request.reference}`,
          cause: { type: "repayment", id: repaymentId },
          postedBy: input.postedBy,
          postings: postings.map((p) => ({ accountId: p.accountId, amountCny: p.amountCny.toFixed(2) })),
          now,
        });
      }

      // Installments, in memory first (a second request of the batch for the same loan sees them).
      for (const part of parts) {
        const row = installments.find((i) => i.n === part.n)!;
        const item = quote!.items.find((i) => i.n === part.n)!;
        row.principalPaid = new Cny(row.principalPaid).plus(part.principal).toFixed(2);
        row.interestPaid = new Cny(row.interestPaid).plus(part.interest).toFixed(2);
        row.penaltyPaid = new Cny(row.penaltyPaid).plus(part.penalty).toFixed(2);
        if (quote!.kind === "payoff") row.interestWaived = new Cny(row.interestWaived).plus(item.interestToWaive).toFixed(2);
      }
      for (const row of installments) {
        const settled =
          new Cny(row.principal).eq(row.principalPaid) &&
          new Cny(row.interest).eq(new Cny(row.interestPaid).plus(row.interestWaived)) &&
          new Cny(row.penaltyAccrued).eq(row.penaltyPaid);
        const touched = parts.some((p) => p.n === row.n);
        if (settled && row.status !== "paid") {
          row.status = "paid";
          row.paidAt = request.receivedAt;
          changedInstallments.add(row);
        } else if (!settled && touched) row.status = "partial";
        if (touched) changedInstallments.add(row);
      }
      touchedLoans.add(loan.id);
      const paidOff = loan.status === "disbursed" && installments.length > 0 && installments.every((i) => i.status === "paid");
      if (paidOff) {
        loan.status = "closed";
        closedLoans.add(loan.id);
      }

      repaymentRows.push({
        id: repaymentId,
        operatorId,
        loanId: loan.id,
        source: request.source,
        reference: request.reference,
        kind: quote?.kind ?? "installment",
        amount: amount.toFixed(2),
        penalty: allocation.penalty.toFixed(2),
        interest: allocation.interest.toFixed(2),
        principal: allocation.principal.toFixed(2),
        overpayment: allocation.overpayment.toFixed(2),
        serviceFee: distribution.platformServiceFee.toFixed(2),
        platformPenalty: distribution.platformPenalty.toFixed(2),
        weights: distribution.weights,
        installmentParts: parts.map((p) => ({ n: p.n, principal: p.principal.toFixed(2), interest: p.interest.toFixed(2), penalty: p.penalty.toFixed(2) })),
        entryIds: [],
        storeId: request.storeId ?? null,
        receivedByUserId: request.receivedByUserId ?? null,
        receivedAt: request.receivedAt,
        createdAt: now,
      });
      results[index] = {
        repaymentId,
        loanId: loan.id,
        reference: request.reference,
        replayed: false,
        amount: amount.toFixed(2),
        penalty: allocation.penalty.toFixed(2),
        interest: allocation.interest.toFixed(2),
        principal: allocation.principal.toFixed(2),
        overpayment: allocation.overpayment.toFixed(2),
        loanClosed: paidOff,
        entryIds: [],
      };
    }

    // Writes: entries (batched), then the business rows that point at them.
    const posted = [];
    for (let start = 0; start < entries.length; start += 1000) posted.push(...(await postEntries(tx, entries.slice(start, start + 1000))));
    const entryIdByKey = new Map(posted.map((p, i) => [entries[i]!.idempotencyKey, p.entry.id]));
    const entryIdsByRepayment = new Map<string, string[]>();
    for (const e of entries) entryIdsByRepayment.set(e.cause.id!, [...(entryIdsByRepayment.get(e.cause.id!) ?? []), entryIdByKey.get(e.idempotencyKey)!]);
    const resultByRepayment = new Map(results.filter((r): r is AppliedRepayment => r !== null && !r.replayed).map((r) => [r.repaymentId, r]));
    for (const row of repaymentRows) {
      const ids = entryIdsByRepayment.get(row.id!) ?? [];
      row.entryIds = ids;
      resultByRepayment.get(row.id!)!.entryIds = ids;
    }
    if (repaymentRows.length > 0) await tx.insert(repayments).values(repaymentRows);

    await updateInstallments(tx, [...changedInstallments]);
    for (const loanId of closedLoans) {
      await tx.update(loans).set({ status: "closed", closedAt: now }).where(eq(loans.id, loanId));
      await issueCertificate(tx, { operatorId, loanId, installments: installmentsByLoan.get(loanId) ?? [], now });
    }
    const today = beijingDate(now);
    await saveDelinquencies(tx, { operatorId, loans: [...touchedLoans].map((loanId) => ({ loanId, installments: installmentsByLoan.get(loanId) ?? [] })), asOf: today, now });

    // Repeats inside the batch answer as replays of their first occurrence.
    requests.forEach((request, index) => {
      if (results[index]) return;
      const first = results[seenInBatch.get(`${request.source}|${request.reference}`)!]!;
      if (first.loanId !== request.loanId || !new Cny(first.amount).eq(request.amountCny)) {
        throw new DomainError("repayment.reference_conflict", { field: "reference", details: { reference: request.reference } });
      }
      results[index] = { ...first, replayed: true };
    });
    return results as AppliedRepayment[];
  });
}

function validateRequest(request: RepaymentRequest): RepaymentRequest & { amountCny: Decimal } {
  if (!REFERENCE.test(request.reference)) throw new DomainError("repayment.invalid_reference", { field: "reference" });
  let amount: Decimal;
  try {
    amount = typeof request.amountCny === "string" ? parseAmountCny(request.amountCny) : new Cny(request.amountCny);
  } catch {
    throw new DomainError("repayment.invalid_amount", { field: "amount" });
  }
  if (!amount.isFinite() || amount.lte(0) || amount.decimalPlaces() > 2) throw new DomainError("repayment.invalid_amount", { field: "amount" });
  if (request.source === "store_cash" && !request.storeId) throw new DomainError("repayment.store_required", { field: "storeId" });
  if (Number.isNaN(request.receivedAt.getTime())) throw new DomainError("repayment.invalid_amount", { field: "receivedAt" });
  return { ...request, amountCny: amount };
}

async function updateInstallments(
  tx: DbOrTx,
  rows: readonly (InstallmentState & { id: string; status: string; paidAt: Date | null })[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.id}::uuid, ${r.principalPaid}::numeric, ${r.interestPaid}::numeric, ${r.penaltyPaid}::numeric, ${r.interestWaived}::numeric, ${r.status}::installment_status, ${r.paidAt ? r.paidAt.toISOString() : null}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update loan_installments i
       set principal_paid = v.principal_paid, interest_paid = v.interest_paid, penalty_paid = v.penalty_paid,
           interest_waived = v.interest_waived, status = v.status, paid_at = v.paid_at
      from (values ${values}) as v(id, principal_paid, interest_paid, penalty_paid, interest_waived, status, paid_at)
     where i.id = v.id`);
}

/** saveDelinquency for many loans in one statement (the batch's touched loans). */
async function saveDelinquencies(
  tx: DbOrTx,
  input: { operatorId: string; loans: readonly { loanId: string; installments: readonly InstallmentState[] }[]; asOf: string; now: Date },
): Promise<void> {
  for (let start = 0; start < input.loans.length; start += 1000) {
    const rows = input.loans.slice(start, start + 1000).map(({ loanId, installments }) => {
      const d = computeDelinquency(installments, input.asOf);
      return {
        loanId,
        operatorId: input.operatorId,
        overdueSince: d.overdueSince,
        daysPastDue: d.daysPastDue,
        bucket: d.bucket,
        overduePrincipal: d.overduePrincipal.toFixed(2),
        overdueTotal: d.overdueTotal.toFixed(2),
        asOf: input.asOf,
        updatedAt: input.now,
      };
    });
    if (rows.length === 0) continue;
    await tx
      .insert(loanDelinquency)
      .values(rows)
      .onConflictDoUpdate({
        target: loanDelinquency.loanId,
        set: {
          overdueSince: sql`excluded.overdue_since`,
          daysPastDue: sql`excluded.days_past_due`,
          bucket: sql`excluded.bucket`,
          overduePrincipal: sql`excluded.overdue_principal`,
          overdueTotal: sql`excluded.overdue_total`,
          asOf: sql`excluded.as_of`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
}

export async function saveDelinquency(
  tx: DbOrTx,
  input: { operatorId: string; loanId: string; installments: readonly InstallmentState[]; asOf: string; now: Date },
): Promise<void> {
  const d = computeDelinquency(input.installments, input.asOf);
  const values = {
    overdueSince: d.overdueSince,
    daysPastDue: d.daysPastDue,
    bucket: d.bucket,
    overduePrincipal: d.overduePrincipal.toFixed(2),
    overdueTotal: d.overdueTotal.toFixed(2),
    asOf: input.asOf,
    updatedAt: input.now,
  };
  await tx
    .insert(loanDelinquency)
    .values({ loanId: input.loanId, operatorId: input.operatorId, ...values })
    .onConflictDoUpdate({ target: loanDelinquency.loanId, set: values });
}

async function issueCertificate(
  tx: DbOrTx,
  input: { operatorId: string; loanId: string; installments: readonly InstallmentState[]; now: Date },
): Promise<void> {
  const sum = (pick: (i: InstallmentState) => string) => input.installments.reduce((t, i) => t.plus(pick(i)), new Cny(0)).toFixed(2);
  const settledOn = beijingDate(input.now);
  await tx
    .insert(settlementCertificates)
    .values({
      loanId: input.loanId,
      operatorId: input.operatorId,
      certificateNo: `JQ${settledOn.replaceAll("-", "")}${input.loanId.replaceAll("-", "").slice(0, 10).toUpperCase()}`,
      totalPrincipal: sum((i) => i.principalPaid),
      totalInterest: sum((i) => i.interestPaid),
      totalPenalty: sum((i) => i.penaltyPaid),
      settledOn,
      issuedAt: input.now,
    })
    .onConflictDoNothing();
}
