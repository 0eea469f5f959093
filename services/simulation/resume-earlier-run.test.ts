import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "../../db/client";
import { dueRuns, ledgerHolds, loans, statementImports, users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { sandboxCustodyStatementFileName } from "../reconciliation";
import { addDays } from "../shared/calendar";
import { chooseStartDate } from "./choose-start-date";
import { runSimulation, type SimulationOptions } from "./run-simulation";

const SECRET = new Uint8Array(32).fill(9);
const TODAY = "2026-05-01";

async function simLoans(db: Db, operatorId: string, statuses: ("funding" | "funded" | "disbursing" | "disbursed")[]) {
  return db
    .select({ id: loans.id, status: loans.status })
    .from(loans)
    .innerJoin(users, eq(users.id, loans.borrowerUserId))
    .where(and(eq(loans.operatorId, operatorId), inArray(loans.status, statuses), like(users.phone, "199%")));
}

describeEachDatabase("simulator: a second run on a database it already used", (ctx) => {
  it("a run cut off half-way through a day: the next run does the day again, finishes its leftover loan and continues; a third continues after it", async () => {
    const operator = await createTestOperator(ctx.db, "simresume");
    const base: Omit<SimulationOptions, "start" | "days"> = { operatorSlug: operator.slug, borrowers: 8, investors: 6, seed: 3, secretKey: SECRET };
    const first = await chooseStartDate(ctx.db, { operatorSlug: operator.slug, days: 5, today: TODAY });
    expect(first).toEqual({ start: "2026-04-26", continuesAfter: null, finishesDay: null });

    // Killed on a later day, the moment a signed loan is listed and before anyone funds it.
    let cutOn: string | null = null;
    const cut = runSimulation(ctx.db, {
      ...base,
      start: first.start,
      days: 5,
      onStep: (s) => {
        if (s.day >= 1 && s.step === "loan_listed") {
          cutOn = s.date;
          throw new Error("killed");
        }
      },
    });
    await expect(cut).rejects.toThrow("killed");
    expect(cutOn).not.toBeNull();
    const cutDay: string = cutOn!;
    expect((await simLoans(ctx.db, operator.id, ["funding"])).length).toBe(1);

    const second = await chooseStartDate(ctx.db, { operatorSlug: operator.slug, days: 2, today: TODAY });
    expect(second).toEqual({ start: cutDay, continuesAfter: addDays(cutDay, -1), finishesDay: cutDay });
    const resumed = await runSimulation(ctx.db, { ...base, start: second.start, days: 2 });
    expect(resumed.leftoversFinished).toBe(1);
    expect(await simLoans(ctx.db, operator.id, ["funding", "funded"])).toEqual([]);
    expect(resumed.figures.ledger).toMatchObject({ ok: true, violations: 0 });
    expect(resumed.figures.books.custodyDaysBelowZero).toBe(0);
    const [pending] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(ledgerHolds).where(and(eq(ledgerHolds.operatorId, operator.id), eq(ledgerHolds.status, "pending")));
    expect(Number(pending!.n)).toBe(0);

    // Every date from the first start to the end of the second run: one due run, done, and the day's custody statement.
    const runs = await ctx.db.select({ date: dueRuns.runDate, status: dueRuns.status }).from(dueRuns).where(eq(dueRuns.operatorId, operator.id)).orderBy(asc(dueRuns.runDate));
    const dates = Array.from({ length: runs.length }, (_, i) => addDays(first.start, i));
    expect(runs).toEqual(dates.map((date) => ({ date, status: "done" })));
    expect(runs.at(-1)!.date).toBe(resumed.end);
    const statements = await ctx.db.select({ fileName: statementImports.fileName }).from(statementImports).where(and(eq(statementImports.operatorId, operator.id), eq(statementImports.source, "custody_statement")));
    expect(statements.map((s) => s.fileName).sort()).toEqual(dates.map(sandboxCustodyStatementFileName));

    // A third run (nothing cut off) continues the day after; no duplicate phone or key.
    const third = await chooseStartDate(ctx.db, { operatorSlug: operator.slug, days: 2, today: TODAY });
    expect(third).toEqual({ start: addDays(resumed.end, 1), continuesAfter: resumed.end, finishesDay: null });
    const again = await runSimulation(ctx.db, { ...base, start: third.start, days: 1 });
    expect(again.figures.ledger).toMatchObject({ ok: true, violations: 0 });
    expect(again.leftoversFinished).toBe(0);
  }, 180_000);

  it("a run cut off after the store closed its day, before the bank's statement: the day is done again with nobody new at the store, and every clearing account empties", async () => {
    const operator = await createTestOperator(ctx.db, "simclosed");
    const base: Omit<SimulationOptions, "start" | "days"> = { operatorSlug: operator.slug, borrowers: 6, investors: 6, seed: 4, secretKey: SECRET };
    const first = await chooseStartDate(ctx.db, { operatorSlug: operator.slug, days: 3, today: TODAY });
    const cut = runSimulation(ctx.db, {
      ...base,
      start: first.start,
      days: 3,
      onStep: (s) => {
        if (s.day === 1 && s.step === "store_closed") throw new Error("killed");
      },
    });
    await expect(cut).rejects.toThrow("killed");
    const cutDay = addDays(first.start, 1);
    const second = await chooseStartDate(ctx.db, { operatorSlug: operator.slug, days: 3, today: TODAY });
    expect(second).toMatchObject({ start: cutDay, finishesDay: cutDay });
    const resumed = await runSimulation(ctx.db, { ...base, start: second.start, days: 3 });
    expect(resumed.figures.ledger).toMatchObject({ ok: true, violations: 0 });
    expect(resumed.figures.books.custodyDaysBelowZero).toBe(0);
    const store = resumed.figures.books.clearing.find((c) => c.code.startsWith("clearing:store"));
    expect(store?.balance).toBe("0.00");
    expect(await simLoans(ctx.db, operator.id, ["funding", "funded"])).toEqual([]);
  }, 180_000);
});
