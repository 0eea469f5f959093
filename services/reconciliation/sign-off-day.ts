import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { reconciliationSignOffs } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { inTransaction } from "../ledger/db-helpers";
import { formatCny } from "../ledger/money";
import { isAskableDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { checkClearingBalance } from "./check-clearing-balance";
import { isChannel, statementChannel } from "./channels";
import { loadResultsWithState } from "./load-breaks";

/**
 * Signs a channel's day off: refused while any break is open or awaiting approval, and
 * unless the channel's clearing account is at its expected balance for the day and, for a
 * statement that prints one (the custody bank's), at the counterparty's closing balance. Records
 * who and when, once (a day is signed off at most once; it is then no longer re-matched).
 */
export async function signOffDay(
  db: Db,
  input: { operatorId: string; channel: string; date: string; userId: string; now?: Date },
): Promise<{ signOffId: string; expectedBalance: string }> {
  if (!isChannel(input.channel)) throw new DomainError("reconciliation.unknown_source", { field: "channel" });
  if (!isAskableDate(input.date)) throw new DomainError("reconciliation.invalid_date", { field: "date" });
  const channel = input.channel;
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const [already] = await tx
      .select({ id: reconciliationSignOffs.id })
      .from(reconciliationSignOffs)
      .where(and(eq(reconciliationSignOffs.operatorId, input.operatorId), eq(reconciliationSignOffs.channel, channel), eq(reconciliationSignOffs.date, input.date)));
    if (already) throw new DomainError("reconciliation.already_signed_off");
    const day = await loadResultsWithState(tx, { operatorId: input.operatorId, channel, fromDate: input.date, toDate: input.date });
    const open = day.filter((r) => r.state === "open" || r.state === "awaiting_approval");
    if (open.length > 0) throw new DomainError("reconciliation.open_breaks", { details: { count: open.length } });
    const check = await checkClearingBalance(tx, { operatorId: input.operatorId, channel, date: input.date, day });
    if (!check.expectedCny.eq(check.actualCny)) {
      throw new DomainError("reconciliation.clearing_not_expected", {
        details: { expected: formatCny(check.expectedCny), actual: formatCny(check.actualCny), entries: check.unexplainedEntryIds.length },
      });
    }
    const bank = await statementChannel(channel).closingBalance?.(tx, { operatorId: input.operatorId, date: input.date });
    if (bank && !bank.eq(check.actualCny)) {
      throw new DomainError("reconciliation.bank_balance_differs", { details: { bank: formatCny(bank), books: formatCny(check.actualCny) } });
    }
    const [row] = await tx
      .insert(reconciliationSignOffs)
      .values({
        operatorId: input.operatorId,
        channel,
        date: input.date,
        signedByUserId: input.userId,
        signedAt: now,
        expectedBalance: formatCny(check.expectedCny),
        actualBalance: formatCny(check.actualCny),
        matchedCount: day.filter((r) => r.state === "matched").length,
        resolvedCount: day.filter((r) => r.state === "resolved").length,
      })
      .returning({ id: reconciliationSignOffs.id });
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: "reconciliation.signed_off", subject: `${channel}:${input.date}`, details: { expected: formatCny(check.expectedCny) } }, now);
    return { signOffId: row!.id, expectedBalance: formatCny(check.expectedCny) };
  });
}
