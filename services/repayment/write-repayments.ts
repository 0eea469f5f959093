import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanDelinquency, loans, repayments, settlementCertificates } from "../../db/schema";
import { openAccount, postEntries, type PostEntryInput } from "../ledger";
import { readAccountsForPosting } from "../ledger/lock-accounts";
import { assert } from "../shared/errors";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { insertJsonRows } from "../shared/insert-json-rows";
import { computeDelinquency } from "./compute-delinquency";
import type { InstallmentState } from "./compute-due";
import type { KnownAccounts } from "./load-repayment-book";
import type { AppliedRepayment, InstallmentRow, PlannedEntry, RepaymentPlan } from "./plan-repayments";

/** Ledger entries are posted this many at a time (postEntries' batch limit). */
const ENTRIES_PER_POST = 1000;
/** Delinquency rows are upserted this many per statement (well under the bind-parameter limit). */
const DELINQUENCIES_PER_STATEMENT = 1000;

/**
 * Writes a plan inside the caller's transaction: entries (batched; accounts a posting needs
 * and nobody opened yet are opened first), then the business rows that point at them,
 * the installments, the loans paid off (closed, with their settlement certificate) and the
 * touched loans' delinquency. Fills the fresh results' entry ids.
 */
export async function writeRepayments(
  tx: DbOrTx,
  input: { operatorId: string; plan: RepaymentPlan; accounts: KnownAccounts; postedBy: { userId: string } | { system: string }; now: Date },
): Promise<void> {
  const { operatorId, plan, now } = input;
  const entries = await toEntryInputs(tx, input);
  const posted = [];
  // The ledger's batch path (unlocked pre-check): the accounts these entries take money
  // from are the loans' principal and claims, which only move under the loans' row locks
  // held since loadRepaymentBook, and a wallet (the wallet channel), which the database's
  // CHECK on stored balances still guards. The accounts as read for planning, in this
  // transaction, are the ledger's pre-check input (`known`): read once, not twice. Only for
  // the first call: a later one must see what the earlier ones moved, so the ledger reads.
  const known = new Map([...input.accounts.values()].map((a) => [a.id, a]));
  for (let start = 0; start < entries.length; start += ENTRIES_PER_POST) posted.push(...(await postEntries(tx, entries.slice(start, start + ENTRIES_PER_POST), { lock: false, known: start === 0 ? known : undefined })));
  const entryIdsByRepayment = new Map<string, string[]>();
  posted.forEach((p, i) => {
    const repaymentId = plan.entries[i]!.repaymentId;
    entryIdsByRepayment.set(repaymentId, [...(entryIdsByRepayment.get(repaymentId) ?? []), p.entry.id]);
  });
  const resultById = new Map(plan.results.filter((r): r is AppliedRepayment => r !== null && !r.replayed).map((r) => [r.repaymentId, r]));
  const rows = plan.repaymentRows.map((row) => ({ ...row, operatorId, entryIds: entryIdsByRepayment.get(row.id!) ?? [] }));
  for (const row of rows) resultById.get(row.id!)!.entryIds = row.entryIds;
  await insertJsonRows(tx, repayments, rows);

  await updateInstallments(tx, plan.changedInstallments);
  for (const loanId of plan.closedLoans) {
    await tx.update(loans).set({ status: "closed", closedAt: now }).where(eq(loans.id, loanId));
    await issueCertificate(tx, { operatorId, loanId, installments: plan.installmentsAfter.get(loanId) ?? [], now });
  }
  const touched = plan.touchedLoans.map((loanId) => ({ loanId, installments: plan.installmentsAfter.get(loanId) ?? [] }));
  await saveDelinquencies(tx, { operatorId, loans: touched, asOf: beijingDate(now), now });
}

/** The planned entries with account ids: known accounts as loaded, the others opened now (in the order they first appear). */
async function toEntryInputs(
  tx: DbOrTx,
  input: { operatorId: string; plan: RepaymentPlan; accounts: KnownAccounts; postedBy: { userId: string } | { system: string }; now: Date },
): Promise<PostEntryInput[]> {
  const { operatorId, accounts } = input;
  const missing = new Map<string, PlannedEntry["postings"][number]["account"]>();
  for (const entry of input.plan.entries) for (const p of entry.postings) if (!accounts.has(p.account.code)) missing.set(p.account.code, p.account);
  // Accounts the book did not read: read together, and only those never opened are opened
  // (opened ones are not handed to the ledger as known: it reads them itself).
  const ids = new Map<string, string>();
  if (missing.size > 0) for (const [code, account] of await readAccountsForPosting(tx, operatorId, missing.keys())) accounts.set(code, account);
  for (const [code, spec] of missing) if (!accounts.has(code)) ids.set(code, (await openAccount(tx, { operatorId, ...spec })).id);
  const entries: PostEntryInput[] = [];
  for (const entry of input.plan.entries) {
    const postings = [];
    // Amounts stay Decimal (postEntries takes a Decimal as it is, no text round trip).
    for (const p of entry.postings) postings.push({ accountId: accounts.get(p.account.code)?.id ?? ids.get(p.account.code)!, amountCny: p.amountCny });
    entries.push({
      operatorId,
      idempotencyKey: entry.idempotencyKey,
      kind: "repayment",
      memo: entry.memo,
      cause: { type: "repayment", id: entry.repaymentId },
      postedBy: input.postedBy,
      postings,
      now: input.now,
    });
  }
  return entries;
}

/** The changed installments in one statement; the rows travel as one JSON parameter (no per-cell binding). */
async function updateInstallments(tx: DbOrTx, rows: readonly InstallmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (const r of rows) assert(r.locked !== false, `installment ${r.id} is changed but was not locked by loadRepaymentBook`);
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      principal_paid: r.principalPaid,
      interest_paid: r.interestPaid,
      penalty_paid: r.penaltyPaid,
      interest_waived: r.interestWaived,
      status: r.status,
      paid_at: r.paidAt ? r.paidAt.toISOString() : null,
    })),
  );
  await tx.execute(sql`
    update loan_installments i
       set principal_paid = v.principal_paid, interest_paid = v.interest_paid, penalty_paid = v.penalty_paid,
           interest_waived = v.interest_waived, status = v.status::installment_status, paid_at = v.paid_at
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, principal_paid numeric, interest_paid numeric, penalty_paid numeric,
                                                  interest_waived numeric, status text, paid_at timestamptz)
     where i.id = v.id`);
}

/** The touched loans' delinquency, upserted in few statements. */
async function saveDelinquencies(
  tx: DbOrTx,
  input: { operatorId: string; loans: readonly { loanId: string; installments: readonly InstallmentState[] }[]; asOf: string; now: Date },
): Promise<void> {
  for (let start = 0; start < input.loans.length; start += DELINQUENCIES_PER_STATEMENT) {
    const rows = input.loans.slice(start, start + DELINQUENCIES_PER_STATEMENT).map(({ loanId, installments }) => {
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
    await insertJsonRows(
      tx,
      loanDelinquency,
      rows,
      sql`on conflict (loan_id) do update set overdue_since = excluded.overdue_since, days_past_due = excluded.days_past_due,
            bucket = excluded.bucket, overdue_principal = excluded.overdue_principal, overdue_total = excluded.overdue_total,
            as_of = excluded.as_of, updated_at = excluded.updated_at`,
    );
  }
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
