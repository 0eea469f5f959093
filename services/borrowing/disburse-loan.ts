import Decimal from "decimal.js";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investments, loanApplications, loanDisbursements, loanInstallments, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, postEntry, postHold } from "../ledger";
import { Cny } from "../ledger/money";
import { buildSchedule } from "../lending/build-schedule";
import { getClerkStore } from "../stores/stores";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import type { Actor, Application } from "./access";
import { recordEvent } from "./events";

/** Two postings per investor plus the two loan-side ones must fit the ledger's 64 postings an entry. */
export const INVESTORS_PER_DISBURSEMENT_ENTRY = 31;

export type DisbursementChannel = "passbook" | "store_cash" | "supplier";

export type Loan = typeof loans.$inferSelect;
type PendingInvestment = { id: string; investorUserId: string; amount: string; holdId: string };

/**
 * A store clerk hands a fully funded loan's cash over at the counter (the cash is its own
 * evidence). Passbook and supplier disbursements are bank payouts (services/payouts): they
 * are booked by bookDisbursement when the bank's result says paid, never by a click here.
 * All in one transaction; a repeated request returns the first result.
 */
export async function disburseLoan(
  db: Db,
  input: { operatorId: string; loanId: string; actor: Actor; now?: Date },
): Promise<{ disbursementId: string; entryIds: string[]; replayed: boolean }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [loan] = await tx.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId))).for("update");
    if (!loan) throw new DomainError("loan.not_found");
    const [done] = await tx.select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loan.id));
    if (done) return { disbursementId: done.id, entryIds: done.entryIds as string[], replayed: true };
    if (loan.status !== "funded") throw new DomainError("disbursement.not_funded", { details: { status: loan.status } });
    const [app] = await tx.select().from(loanApplications).where(eq(loanApplications.loanId, loan.id));
    if (!app || app.disbursementChannel !== "store_cash") throw new DomainError("disbursement.wrong_channel");
    const storeId = await payingStore(tx, input, app);
    const booked = await bookDisbursement(tx, { operatorId: input.operatorId, loan, app, storeId, actorUserId: input.actor.userId, startDate: beijingDate(now), now });
    return { ...booked, replayed: false };
  });
}

/**
 * Books a loan's payout exactly as the funding contract says, inside the caller's
 * transaction (the loan row locked, `funded` for store cash or `disbursing` for a bank payout
 * the bank has confirmed): each pending investment's hold is posted, then one entry
 * `disbursement:<loanId>` debits every investor's wallet:held and credits custody:bank (or
 * clearing:store:<store> when a clerk hands over cash), and debits loan:principal:<loan>
 * against each investor's claim:<investor>:<loan>. Investments are confirmed, the loan is
 * `disbursed`, its installments get due dates counted from `startDate` (the Beijing day the
 * money was paid), and the disbursement is recorded.
 */
export async function bookDisbursement(
  tx: DbOrTx,
  input: { operatorId: string; loan: Loan; app: Application; storeId: string | null; actorUserId: string; startDate: string; now: Date },
): Promise<{ disbursementId: string; entryIds: string[] }> {
  const { operatorId, loan, app, storeId, now, startDate } = input;
  if (loan.status !== "funded" && loan.status !== "disbursing") throw new DomainError("disbursement.not_funded", { details: { status: loan.status } });
  const channel = app.disbursementChannel!;
  const pending = await tx
    .select({ id: investments.id, investorUserId: investments.investorUserId, amount: investments.amount, holdId: investments.holdId })
    .from(investments)
    .where(and(eq(investments.loanId, loan.id), eq(investments.status, "pending")))
    .orderBy(asc(investments.createdAt), asc(investments.id))
    .for("update");
  const funded = pending.reduce((sum, i) => sum.plus(i.amount), new Cny(0));
  if (!funded.eq(loan.amount) || !funded.eq(loan.fundedAmount)) {
    throw new DomainError("disbursement.funding_mismatch", { details: { funded: funded.toFixed(2), amount: loan.amount } });
  }
  const actor = { userId: input.actorUserId };
  const { entryIds, investorCount } = await postDisbursement(tx, { operatorId, loan, storeId, pending, actor, now });
  await tx
    .update(investments)
    .set({ status: "confirmed", resolvedAt: now })
    .where(inArray(investments.id, pending.map((i) => i.id)));
  await tx.update(loans).set({ status: "disbursed", disbursedAt: now }).where(eq(loans.id, loan.id));
  await storeInstallments(tx, operatorId, loan, startDate, now);
  const [row] = await tx
    .insert(loanDisbursements)
    .values({ operatorId, loanId: loan.id, channel, storeId, amount: loan.amount, payeeMasked: payeeMasked(app), entryIds, disbursedByUserId: actor.userId, disbursedAt: now })
    .returning({ id: loanDisbursements.id });
  await recordEvent(tx, { operatorId, applicationId: app.id, kind: "disbursed", actorUserId: actor.userId, details: { channel, amount: loan.amount, startDate, entryIds } }, now);
  await recordAudit(tx, { operatorId, actorUserId: actor.userId, action: "loan.disbursed", subject: loan.id, details: { channel, entryIds, investors: investorCount, startDate } }, now);
  return { disbursementId: row!.id, entryIds };
}

/** Cash is paid by a clerk of the store the application names (returned). */
async function payingStore(tx: DbOrTx, input: { operatorId: string; actor: Actor }, app: Application): Promise<string> {
  const store = input.actor.roles.includes("store_clerk") ? await getClerkStore(tx, { operatorId: input.operatorId, userId: input.actor.userId }) : null;
  if (!store || store.id !== app.cashStoreId) throw new DomainError("disbursement.wrong_channel");
  return store.id;
}

/** Each investor's total across their investments, in first-investment order. */
function totalsByInvestor(pending: readonly PendingInvestment[]): Array<[string, Decimal]> {
  const perInvestor = new Map<string, Decimal>();
  for (const i of pending) perInvestor.set(i.investorUserId, (perInvestor.get(i.investorUserId) ?? new Cny(0)).plus(i.amount));
  return [...perInvestor.entries()];
}

/**
 * Posts the holds, then the disbursement entry (or entries of INVESTORS_PER_DISBURSEMENT_ENTRY
 * investors each, keys `disbursement:<loan>:<k>`, when more investors than one entry holds).
 */
async function postDisbursement(
  tx: DbOrTx,
  input: { operatorId: string; loan: Loan; storeId: string | null; pending: PendingInvestment[]; actor: { userId: string }; now: Date },
): Promise<{ entryIds: string[]; investorCount: number }> {
  const { operatorId, loan, actor, now } = input;
  for (const investment of input.pending) {
    await postHold(tx, { operatorId, holdId: investment.holdId, postedBy: actor, now });
  }
  const source = await openAccount(tx, { operatorId, ...(input.storeId ? chart.clearingStore(input.storeId) : chart.custodyBank()) });
  const principal = await openAccount(tx, { operatorId, ...chart.loanPrincipal(loan.id) });
  const investors = totalsByInvestor(input.pending);
  const entryIds: string[] = [];
  const chunks = Math.ceil(investors.length / INVESTORS_PER_DISBURSEMENT_ENTRY);
  for (let k = 0; k < chunks; k++) {
    const part = investors.slice(k * INVESTORS_PER_DISBURSEMENT_ENTRY, (k + 1) * INVESTORS_PER_DISBURSEMENT_ENTRY);
    const total = part.reduce((sum, [, amount]) => sum.plus(amount), new Cny(0));
    const postings = [
      { accountId: source.id, amountCny: total.negated().toFixed(2) },
      { accountId: principal.id, amountCny: total.toFixed(2) },
    ];
    for (const [investorId, amount] of part) {
      const held = await openAccount(tx, { operatorId, ...chart.walletHeld(investorId) });
      const claim = await openAccount(tx, { operatorId, ...chart.claim(investorId, loan.id) });
      postings.push({ accountId: held.id, amountCny: amount.toFixed(2) }, { accountId: claim.id, amountCny: amount.negated().toFixed(2) });
    }
    const posted = await postEntry(tx, {
      operatorId,
      idempotencyKey: chunks === 1 ? `disbursement:${loan.id}` : `disbursement:${loan.id}:${k + 1}`,
      kind: "disbursement",
      memo: `放款 ${loan.titleZh}`.slice(0, 200),
      cause: { type: "loan", id: loan.id },
      postedBy: actor,
      postings,
      now,
    });
    entryIds.push(posted.entry.id);
  }
  return { entryIds, investorCount: investors.length };
}

/** The loan's installments, due dates counted from `startDate` (the payout's Beijing day). */
async function storeInstallments(tx: DbOrTx, operatorId: string, loan: Loan, startDate: string, now: Date): Promise<void> {
  const schedule = buildSchedule({ principalCny: loan.amount, annualRate: loan.annualRate, termMonths: loan.termMonths, method: loan.method, startDate });
  await tx.insert(loanInstallments).values(
    schedule.installments.map((i) => ({
      operatorId,
      loanId: loan.id,
      n: i.n,
      dueDate: i.dueDate!,
      principal: i.principal,
      interest: i.interest,
      payment: i.payment,
      createdAt: now,
    })),
  );
}

/** The payee as the disbursement record shows it (masked account; none for cash). */
export function payeeMasked(app: Application): string | null {
  const channel = app.disbursementChannel;
  return channel === "passbook" ? `${app.passbookBank} ${app.passbookAccountMasked}` : channel === "supplier" ? `${app.supplierName} ${app.supplierAccountMasked}` : null;
}
