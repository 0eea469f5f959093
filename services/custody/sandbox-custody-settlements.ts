import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { chart } from "../ledger/chart";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { CUSTODY_SETTLEMENT_KIND, passbookSweepReference } from "./settlement-references";
import type Decimal from "decimal.js";

/** The sandbox Stripe's payout of one card top-up entry. */
export function sandboxCardPayoutReference(entryId: string): string {
  return `po_sb_${entryId.replaceAll("-", "").slice(0, 24)}`;
}

export interface SandboxSettlementLine {
  reference: string;
  amountCny: Decimal;
  counterparty: string;
  memo: string;
}

/**
 * The settlements the sandbox parties pay into custody at the end of a Beijing day, as the
 * sandbox bank's statement lists them: the passbook collections booked that day (swept as
 * `PDS<date>`), each card top-up of the day (a Stripe payout `po_sb_<entry>`; the sandbox
 * charges no fee and has no refunds to net), and each phone-bill settlement recorded that
 * day, net of the operator's commission (under its settlement id). Derived from the day's own bookings,
 * not from balances, so writing the same day's statement again gives the same lines.
 */
export async function sandboxCustodySettlements(db: DbOrTx, input: { operatorId: string; date: string }): Promise<SandboxSettlementLine[]> {
  const from = startOfBeijingDay(input.date).toISOString();
  const to = endOfBeijingDay(input.date).toISOString();
  const passbookMoved = await queryRows<{ amount: string | null }>(
    db,
    sql`select sum(p.amount)::text as amount
          from ledger_postings p join ledger_accounts a on a.id = p.account_id join ledger_entries e on e.id = p.entry_id
         where a.operator_id = ${input.operatorId}::uuid and a.code = ${chart.clearingPassbook().code}
           and p.created_at between ${from}::timestamptz and ${to}::timestamptz and e.kind <> ${CUSTODY_SETTLEMENT_KIND}`,
  );
  const lines: SandboxSettlementLine[] = [];
  const passbook = new Cny(passbookMoved[0]?.amount ?? "0");
  if (passbook.gt(0)) lines.push({ reference: passbookSweepReference(input.date), amountCny: passbook, counterparty: "代扣资金归集", memo: "存折代扣归集" });
  // The sandbox Stripe pays each card top-up out on its own (one payout per top-up entry): a
  // day's statement written twice, or by two sandboxes (demo seed, simulator), never pays one twice.
  const cardTopUps = await queryRows<{ entry_id: string; amount: string }>(
    db,
    sql`select p.entry_id::text as entry_id, p.amount::text as amount
          from ledger_postings p join ledger_accounts a on a.id = p.account_id join ledger_entries e on e.id = p.entry_id
         where a.operator_id = ${input.operatorId}::uuid and a.code = ${chart.clearingCard().code} and p.amount > 0
           and p.created_at between ${from}::timestamptz and ${to}::timestamptz and e.kind <> ${CUSTODY_SETTLEMENT_KIND}
         order by p.created_at, p.entry_id`,
  );
  for (const c of cardTopUps) {
    lines.push({ reference: sandboxCardPayoutReference(c.entry_id), amountCny: new Cny(c.amount), counterparty: "Stripe Payments", memo: "银行卡充值结算" });
  }
  const settled = await queryRows<{ settlement_id: string; gross: string; commission: string }>(
    db,
    sql`select d.settlement_id, sum(d.deducted_amount)::text as gross, e.amount::text as commission
          from ledger_entries e join phonebill_deductions d on d.operator_id = e.operator_id and d.settlement_id = substr(e.idempotency_key, length('phonebill-settlement:') + 1)
         where e.operator_id = ${input.operatorId}::uuid and e.idempotency_key like 'phonebill-settlement:%'
           and e.created_at between ${from}::timestamptz and ${to}::timestamptz
         group by d.settlement_id, e.amount order by d.settlement_id`,
  );
  for (const s of settled) {
    const net = new Cny(s.gross).minus(s.commission);
    if (net.gt(0)) lines.push({ reference: s.settlement_id, amountCny: net, counterparty: "运营商话费结算", memo: "话费划扣结算" });
  }
  return lines;
}
