import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { getRepaymentSettings } from "../repayment/settings";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";

export interface ContactHours {
  start: number;
  end: number;
}

export interface ContactRules {
  hours: ContactHours;
  perBorrowerPerDay: number;
}

/** The operator's contact rules (repayment settings), with an optional hours override (demo/test only: see app/collections.server.ts). */
export async function contactRules(db: DbOrTx, operatorId: string, hoursOverride?: ContactHours | null): Promise<ContactRules> {
  const settings = await getRepaymentSettings(db, operatorId);
  return {
    hours: hoursOverride ?? { start: settings.contactHourStart, end: settings.contactHourEnd },
    perBorrowerPerDay: settings.contactsPerBorrowerPerDay,
  };
}

/** The Beijing hour (0–23) of an instant. */
export function beijingHour(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCHours();
}

/** Start hour inclusive, end hour exclusive: 8–21 allows 08:00:00 to 20:59:59. */
export function withinContactHours(at: Date, hours: ContactHours): boolean {
  const h = beijingHour(at);
  return h >= hours.start && h < hours.end;
}

/** Contact attempts on this borrower (any case, any collector) during the Beijing day of `at`. */
export async function contactsToday(db: DbOrTx, input: { operatorId: string; borrowerUserId: string; at: Date }): Promise<number> {
  const from = startOfBeijingDay(beijingDate(input.at));
  const to = new Date(from.getTime() + 86_400_000);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from collection_activities a join collection_cases c on c.id = a.case_id
         where a.operator_id = ${input.operatorId}::uuid and c.borrower_user_id = ${input.borrowerUserId}::uuid and a.kind = 'contact'
           and a.created_at >= ${from.toISOString()}::timestamptz and a.created_at < ${to.toISOString()}::timestamptz`,
  );
  return Number(row?.n ?? 0);
}
