import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanInstallments, loanRepaymentChannels, loans } from "../../db/schema";
import { applyRepayments, MAX_REPAYMENTS_PER_BATCH, type RepaymentRequest } from "../repayment/apply-repayments";
import { quoteInstallmentsDue, quotePayoff, type InstallmentState } from "../repayment/compute-due";
import { repaymentChannel } from "../repayment/channels/registry";
import { beijingDate, daysBetween } from "../shared/calendar";
import type { SimBorrower } from "./people";
import type { SimWorld } from "./world";

/**
 * Whether due processing collects a channel itself (the channel has daily due steps).
 * When it does, the simulator leaves on-time money of that channel to due processing (the
 * sandbox bank's passbook balances, the sandbox billing's answers decide); when not, the
 * simulator books what the channel would collect, through applyRepayments with the
 * channel's source.
 */
export function dueProcessingCollects(channel: string): boolean {
  return repaymentChannel(channel).dueSteps.length > 0;
}

export interface PaymentsOfDay {
  requests: number;
  storeCash: number;
  channel: number;
  payoffs: number;
}

/**
 * The borrowers' money of one day, by profile: on-time payers pay on the due date (store
 * cash at the counter, or their chosen channel), late payers 5–40 days after it
 * (at the store, their debits having failed), early payers settle the whole loan after a
 * few installments, defaulters stop after some. Booked through applyRepayments in batches
 * (store cash with a receipt number as reference).
 */
export async function payDueInstallments(
  db: Db,
  world: SimWorld,
  input: { date: string; at: Date; borrowersByLoan: ReadonlyMap<string, SimBorrower> },
): Promise<PaymentsOfDay> {
  const loanIds = [...input.borrowersByLoan.keys()];
  const result: PaymentsOfDay = { requests: 0, storeCash: 0, channel: 0, payoffs: 0 };
  if (loanIds.length === 0) return result;
  const { active, byLoan, channels } = await loadActiveLoans(db, world.operatorId, loanIds);
  if (active.length === 0) return result;

  const requests: RepaymentRequest[] = [];
  let seq = 0;
  for (const loan of active) {
    const borrower = input.borrowersByLoan.get(loan.id)!;
    const installments = byLoan.get(loan.id) ?? [];
    const settled = (i: InstallmentState) => "status" in i && i.status === "paid";
    const paid = installments.filter(settled).length;
    const open = installments.filter((i) => !settled(i)).sort((a, b) => a.n - b.n);
    const oldestDue = open.find((i) => i.dueDate <= input.date);
    const channel = channels.get(loan.id) ?? { channel: "store_cash", storeId: world.storeId };
    const receipt = () => `SR${input.date.replaceAll("-", "")}-${loan.id.slice(0, 8)}-${++seq}`;
    const atStore = (amount: string, kind: "installment" | "payoff") =>
      counterRequest({ loanId: loan.id, reference: receipt(), amount, kind, at: input.at, storeId: channel.storeId ?? world.storeId, clerkUserId: world.clerk.userId });

    if (borrower.behaviour === "early_payoff" && paid >= borrower.payoffAfter && open.length > 0) {
      const quote = quotePayoff(installments, input.date, beijingDate(loan.disbursedAt ?? input.at));
      if (quote.total.gt(0)) {
        requests.push(atStore(quote.total.toFixed(2), "payoff"));
        result.payoffs++;
      }
      continue;
    }
    if (!oldestDue) continue;
    if (borrower.behaviour === "defaulter" && paid >= borrower.paysInstallments) continue;
    const daysLate = daysBetween(oldestDue.dueDate, input.date);
    const amount = quoteInstallmentsDue(installments, input.date).total;
    if (amount.lte(0)) continue;
    if (borrower.behaviour === "late") {
      if (daysLate >= borrower.lateDays) {
        requests.push(atStore(amount.toFixed(2), "installment"));
        result.storeCash++;
      }
      continue;
    }
    // On time (and defaulters or early payers before their turn).
    if (repaymentChannel(channel.channel).needsStore) {
      requests.push(atStore(amount.toFixed(2), "installment"));
      result.storeCash++;
    } else if (!dueProcessingCollects(channel.channel)) {
      requests.push({
        loanId: loan.id,
        source: channel.channel,
        reference: `sim-${channel.channel}-${input.date}-${loan.id}`,
        amountCny: amount.toFixed(2),
        receivedAt: input.at,
      });
      result.channel++;
    } else if (daysLate >= 3) {
      // The channel did not collect in three days: the borrower pays at the store.
      requests.push(atStore(amount.toFixed(2), "installment"));
      result.storeCash++;
    }
  }
  await bookRequests(db, world, requests, input.at);
  result.requests = requests.length;
  return result;
}

/** The loans still disbursed among `loanIds`, their installments by loan and each one's latest repayment channel (1,000 loans a query). */
async function loadActiveLoans(db: Db, operatorId: string, loanIds: string[]) {
  const active: { id: string; disbursedAt: Date | null }[] = [];
  for (let i = 0; i < loanIds.length; i += 1000) {
    active.push(
      ...(await db
        .select({ id: loans.id, disbursedAt: loans.disbursedAt })
        .from(loans)
        .where(and(eq(loans.operatorId, operatorId), eq(loans.status, "disbursed"), inArray(loans.id, loanIds.slice(i, i + 1000))))),
    );
  }
  if (active.length === 0) return { active, byLoan: new Map<string, InstallmentState[]>(), channels: new Map<string, { channel: string; storeId: string | null }>() };
  const ids = active.map((l) => l.id);
  const rows: (typeof loanInstallments.$inferSelect)[] = [];
  const channels = new Map<string, { channel: string; storeId: string | null }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    rows.push(...(await db.select().from(loanInstallments).where(inArray(loanInstallments.loanId, chunk)).orderBy(asc(loanInstallments.loanId), asc(loanInstallments.n))));
    const chosen = await db
      .select({ loanId: loanRepaymentChannels.loanId, channel: loanRepaymentChannels.channel, storeId: loanRepaymentChannels.storeId, createdAt: loanRepaymentChannels.createdAt })
      .from(loanRepaymentChannels)
      .where(inArray(loanRepaymentChannels.loanId, chunk))
      .orderBy(asc(loanRepaymentChannels.createdAt));
    for (const c of chosen) channels.set(c.loanId, { channel: c.channel, storeId: c.storeId });
  }
  const byLoan = new Map<string, InstallmentState[]>();
  for (const r of rows) byLoan.set(r.loanId, [...(byLoan.get(r.loanId) ?? []), r]);
  return { active, byLoan, channels };
}

/** Books the day's requests in batches: the counter's receipts as the clerk's, what a channel collected as the system's. */
async function bookRequests(db: Db, world: SimWorld, requests: RepaymentRequest[], at: Date): Promise<void> {
  const groups: [RepaymentRequest[], { userId: string } | { system: string }][] = [
    [requests.filter((r) => r.source === "store_cash"), { userId: world.clerk.userId }],
    [requests.filter((r) => r.source !== "store_cash"), { system: "simulation" }],
  ];
  for (const [group, postedBy] of groups) {
    for (let i = 0; i < group.length; i += MAX_REPAYMENTS_PER_BATCH) {
      await applyRepayments(db, { operatorId: world.operatorId, requests: group.slice(i, i + MAX_REPAYMENTS_PER_BATCH), postedBy, now: at });
    }
  }
}

/** Cash at the store counter, the clerk's, with the receipt number as reference. */
function counterRequest(input: { loanId: string; reference: string; amount: string; kind: "installment" | "payoff"; at: Date; storeId: string; clerkUserId: string }): RepaymentRequest {
  return {
    loanId: input.loanId,
    source: "store_cash",
    reference: input.reference,
    amountCny: input.amount,
    kind: input.kind,
    receivedAt: input.at,
    storeId: input.storeId,
    receivedByUserId: input.clerkUserId,
  };
}
