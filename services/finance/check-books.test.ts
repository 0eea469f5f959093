import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { makeDisclosureMonths } from "../disclosure/make-disclosure-months";
import { makeBalanceSnapshots, postEntry } from "../ledger";
import { createBooks, SYSTEM } from "../ledger/test-fixtures";
import { startOfBeijingDay } from "../shared/calendar";
import { checkBooks } from "./check-books";

describeEachDatabase("the books check finance runs", (ctx) => {
  it("joins the ledger's invariants, custody and the kept disclosure months: a kept month out of step fails it", async () => {
    const db = ctx.db;
    const books = await createBooks(db, 1);
    await postEntry(db, {
      operatorId: books.operatorId,
      idempotencyKey: "check-books-topup-1",
      kind: "top_up",
      cause: { type: "top_up", id: "check-books-topup-1" },
      postedBy: SYSTEM,
      postings: [
        { accountId: books.clearingCard, amountCny: "250.00" },
        { accountId: books.wallets[0]!, amountCny: "-250.00" },
      ],
      now: new Date(startOfBeijingDay("2026-03-10").getTime() + 10 * 3_600_000),
    });
    await makeBalanceSnapshots(db, { operatorId: books.operatorId, now: new Date(startOfBeijingDay("2026-05-02").getTime() + 3_600_000) });
    expect((await makeDisclosureMonths(db, { operatorId: books.operatorId })).months).toEqual(["2026-03", "2026-04"]);
    const sound = await checkBooks(db, { operatorId: books.operatorId });
    expect(sound).toMatchObject({ ok: true, violationCount: 0, custodyViolations: 0, disclosureViolations: 0, counts: { entries: 1, postings: 2 } });

    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update disclosure_month_figures set current_lenders = current_lenders + 1 where operator_id = ${books.operatorId}::uuid and month = '2026-04'`);
        const broken = await checkBooks(tx, { operatorId: books.operatorId });
        expect(broken).toMatchObject({ ok: false, violationCount: 1, disclosureViolations: 1 });
        expect(broken.violations.map((v) => v.check)).toEqual(["snapshot.disclosure"]);
        throw new Error("rollback");
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== "rollback") throw error;
      });
  });
});
