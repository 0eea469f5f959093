import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { dueActions } from "../../db/schema";
import { formatCny } from "../ledger";
import { Cny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { queryRows } from "../ledger/db-helpers";
import { loadPromises } from "./promise-status";

/**
 * On (or after) a promised date, a promise on an open case that the repayments do not yet
 * cover gets one reminder SMS to the borrower. The `promise_reminder` due action (unique
 * per promise) and the message are written in one transaction: sent exactly once.
 */
export async function remindPromises(
  db: Db,
  input: { operatorId: string; date: string; smsSenderFor: (tx: DbOrTx) => SmsSender },
): Promise<{ reminded: number }> {
  const promises = await loadPromises(db, {
    operatorId: input.operatorId,
    today: input.date,
    where: sql`c.status = 'open' and a.promise_date <= ${input.date}
      and not exists (select 1 from due_actions d where d.operator_id = a.operator_id and d.kind = 'promise_reminder' and d.reference = a.id::text)`,
  });
  let reminded = 0;
  for (const p of promises) {
    if (p.status === "kept") continue;
    await db.transaction(async (tx) => {
      const marked = await tx
        .insert(dueActions)
        .values({ operatorId: input.operatorId, kind: "promise_reminder", reference: p.activityId, runDate: input.date })
        .onConflictDoNothing()
        .returning({ id: dueActions.id });
      if (marked.length === 0) return;
      const [borrower] = await queryRows<{ phone: string }>(
        tx,
        sql`select u.phone from collection_cases c join users u on u.id = c.borrower_user_id where c.id = ${p.caseId}::uuid`,
      );
      if (!borrower) return;
      const owed = new Cny(p.amount).minus(p.paid);
      await input.smsSenderFor(tx).send({
        operatorId: input.operatorId,
        phone: borrower.phone,
        kind: "promise_reminder",
        params: { promiseDate: p.promiseDate, amount: formatCny(new Cny(p.amount)), owed: formatCny(owed) },
      });
      reminded++;
    });
  }
  return { reminded };
}
