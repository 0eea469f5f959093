import { sql } from "drizzle-orm";
import { openBenchDatabase } from "./pooler";
import { queryRows } from "../services/ledger/db-helpers";
import { applyRepayments } from "../services/repayment";
import { startOfBeijingDay } from "../services/shared/calendar";
async function main() {
  const database = await openBenchDatabase(process.env.URL!, 1);
  const db = database.db;
  const [op] = await queryRows<{ id: string }>(db, sql`select id from operators where slug = 'bench'`);
  const [store] = await queryRows<{ id: string }>(db, sql`select id from stores limit 1`);
  const loans = await queryRows<{ id: string }>(db, sql`select id from loans order by id limit 500`);
  const receivedAt = new Date(startOfBeijingDay("2027-03-15").getTime() + 11 * 3_600_000);
  await db.transaction(async (tx) => {
    await tx.execute(sql`load 'auto_explain'`);
    await tx.execute(sql`set local auto_explain.log_min_duration = 20`);
    await tx.execute(sql`set local auto_explain.log_analyze = on`);
    await tx.execute(sql`set local auto_explain.log_nested_statements = on`);
    await tx.execute(sql`set local auto_explain.log_triggers = on`);
    await tx.execute(sql`set local auto_explain.log_timing = on`);
    const t = Date.now();
    await applyRepayments(tx, { operatorId: op!.id, requests: loans.map((l, i) => ({ loanId: l.id, source: "store_cash", storeId: store!.id, reference: `x-${Date.now()}-${i}`, amountCny: "1091.67", receivedAt })), postedBy: { system: "bench" }, now: receivedAt });
    console.log("apply ms", Date.now() - t);
    const c = Date.now();
    await tx.execute(sql`set constraints all immediate`);
    console.log("deferred checks ms", Date.now() - c);
  });
  await database.close();
}
main();
