import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { Cny, sumCny } from "../ledger/money";
import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { CUSTODY_SETTLEMENT_KIND } from "../custody";
import { channelAccounts, type Channel } from "./channels";
import type { ResultWithState } from "./load-breaks";

export interface ClearingCheck {
  accountCodes: string[];
  /** Balance at the end of the day before. */
  openingCny: Decimal;
  /** Opening plus every movement the day's reconciliation explains (items, fees, approved adjustments). */
  expectedCny: Decimal;
  /** The balance at the end of the day, plus fees and adjustments booked later for that day. */
  actualCny: Decimal;
  /** Entries that moved the account that day and that nothing in the reconciliation explains. */
  unexplainedEntryIds: string[];
}

/**
 * Whether a channel's clearing account is where the day's reconciliation says it should
 * be (docs/decisions/2026-11-21-reconciliation.md): every posting on it during the day
 * must belong to an item of ours that the day reconciled, to a fee the reconciliation
 * posted or to an approved adjustment that resolved one of the day's breaks.
 */
export async function checkClearingBalance(
  db: DbOrTx,
  input: { operatorId: string; channel: Channel; date: string; day: readonly ResultWithState[] },
): Promise<ClearingCheck> {
  const accounts = channelAccounts(input.channel);
  const codeFilter = accounts.code ? sql`a.code = ${accounts.code}` : sql`a.code like ${`${accounts.prefix}%`}`;
  const start = startOfBeijingDay(input.date).toISOString();
  const end = endOfBeijingDay(input.date).toISOString();
  const rows = await queryRows<{ entry_id: string; created_at: string | Date; amount: string; code: string; kind: string }>(
    db,
    sql`select p.entry_id::text as entry_id, p.created_at, p.amount::text as amount, a.code, e.kind
          from ledger_postings p join ledger_accounts a on a.id = p.account_id join ledger_entries e on e.id = p.entry_id
         where a.operator_id = ${input.operatorId}::uuid and ${codeFilter}`,
  );
  const explained = new Set<string>();
  const linked = new Set<string>();
  for (const { result, resolutions } of input.day) {
    for (const our of ((result.details as { ours?: { entryIds: string[] }[] }).ours ?? [])) for (const id of our.entryIds) explained.add(id);
    if (result.feeEntryId) linked.add(result.feeEntryId);
    for (const r of resolutions) if (r.kind === "adjustment" && r.adjustmentStatus === "approved" && r.adjustmentEntryId) linked.add(r.adjustmentEntryId);
  }
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  let opening = new Cny(0);
  const explainedMoves: Decimal[] = [];
  const laterLinked: Decimal[] = [];
  const unexplained = new Set<string>();
  let closing = new Cny(0);
  for (const row of rows) {
    const at = new Date(row.created_at).getTime();
    const amount = new Cny(row.amount);
    if (at < startMs) opening = opening.plus(amount);
    if (at <= endMs) closing = closing.plus(amount);
    if (at >= startMs && at <= endMs) {
      // A settlement the custody statement booked is the bank's own evidence (its channel reconciles it).
      if (explained.has(row.entry_id) || linked.has(row.entry_id) || row.kind === CUSTODY_SETTLEMENT_KIND) explainedMoves.push(amount);
      else unexplained.add(row.entry_id);
    } else if (at > endMs && linked.has(row.entry_id)) {
      laterLinked.push(amount);
    }
  }
  const later = sumCny(laterLinked);
  return {
    accountCodes: [...new Set(rows.map((r) => r.code))].sort(),
    openingCny: opening,
    expectedCny: opening.plus(sumCny(explainedMoves)).plus(later),
    actualCny: closing.plus(later),
    unexplainedEntryIds: [...unexplained].sort(),
  };
}
