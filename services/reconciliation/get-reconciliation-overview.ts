import Decimal from "decimal.js";
import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { reconciliationSignOffs, statementImports, users } from "../../db/schema";
import { formatCny, sumCny } from "../ledger/money";
import { addDays } from "../shared/calendar";
import { checkClearingBalance, type ClearingCheck } from "./check-clearing-balance";
import { channelNames, statementChannel, type Channel } from "./channels";
import { loadResultsWithState, type ResultWithState } from "./load-breaks";
import { maskPhone } from "../shared/mask-phone";

export interface ChannelDayStatus {
  channel: Channel;
  date: string;
  matched: number;
  open: number;
  awaiting: number;
  resolved: number;
  /** Sum of the absolute differences of breaks not yet resolved. */
  unexplained: string;
  signedOff: { by: string; at: Date } | null;
}

/** Per channel and day over `days` days up to `toDate`: counts, unexplained amount, sign-off. */
export async function getReconciliationOverview(
  db: DbOrTx,
  input: { operatorId: string; toDate: string; days?: number },
): Promise<{ days: string[]; cells: ChannelDayStatus[]; imports: (typeof statementImports.$inferSelect)[] }> {
  const days = Array.from({ length: input.days ?? 14 }, (_, i) => addDays(input.toDate, -i));
  const fromDate = days.at(-1)!;
  const results = await loadResultsWithState(db, { operatorId: input.operatorId, fromDate, toDate: input.toDate });
  const signOffs = await db
    .select({ channel: reconciliationSignOffs.channel, date: reconciliationSignOffs.date, at: reconciliationSignOffs.signedAt, name: users.name, phone: users.phone })
    .from(reconciliationSignOffs)
    .innerJoin(users, eq(users.id, reconciliationSignOffs.signedByUserId))
    .where(and(eq(reconciliationSignOffs.operatorId, input.operatorId), gte(reconciliationSignOffs.date, fromDate), lte(reconciliationSignOffs.date, input.toDate)));
  const imports = await db
    .select()
    .from(statementImports)
    .where(eq(statementImports.operatorId, input.operatorId))
    .orderBy(statementImports.importedAt)
    .limit(200);
  const cells: ChannelDayStatus[] = [];
  for (const channel of channelNames()) {
    for (const date of days) {
      const own = results.filter((r) => r.result.channel === channel && r.result.date === date);
      const signed = signOffs.find((s) => s.channel === channel && s.date === date);
      cells.push({ ...summarise(own), channel, date, signedOff: signed ? { by: signed.name ?? maskPhone(signed.phone), at: signed.at } : null });
    }
  }
  return { days, cells, imports: imports.reverse().slice(0, 20).map((i) => ({ ...i, fileBytes: new Uint8Array() })) };
}

export function summarise(rows: readonly ResultWithState[]) {
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  const unexplained = sumCny(rows.filter((r) => r.state === "open" || r.state === "awaiting_approval").map((r) => new Decimal(r.result.difference).abs()));
  return { matched: count("matched"), open: count("open"), awaiting: count("awaiting_approval"), resolved: count("resolved"), unexplained: formatCny(unexplained) };
}

/** One channel's day in full: every result with its state, the clearing check and the sign-off. */
export async function getReconciliationDay(
  db: DbOrTx,
  input: { operatorId: string; channel: Channel; date: string },
): Promise<{ results: ResultWithState[]; summary: ReturnType<typeof summarise>; clearing: ClearingCheck; bankClosing: Decimal | null; signedOff: { by: string; at: Date } | null }> {
  const results = await loadResultsWithState(db, { operatorId: input.operatorId, channel: input.channel, fromDate: input.date, toDate: input.date });
  const [signed] = await db
    .select({ at: reconciliationSignOffs.signedAt, name: users.name, phone: users.phone })
    .from(reconciliationSignOffs)
    .innerJoin(users, eq(users.id, reconciliationSignOffs.signedByUserId))
    .where(and(eq(reconciliationSignOffs.operatorId, input.operatorId), eq(reconciliationSignOffs.channel, input.channel), eq(reconciliationSignOffs.date, input.date)));
  const clearing = await checkClearingBalance(db, { ...input, day: results });
  const bankClosing = (await statementChannel(input.channel).closingBalance?.(db, input)) ?? null;
  return {
    results,
    summary: summarise(results),
    clearing,
    bankClosing,
    signedOff: signed ? { by: signed.name ?? maskPhone(signed.phone), at: signed.at } : null,
  };
}
