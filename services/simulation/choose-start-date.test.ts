import { expect, it } from "vitest";
import { dueRuns, statementImports } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { chooseStartDate } from "./choose-start-date";

describeEachDatabase("where a simulation starts", (ctx) => {
  it("starts `days` before today on a fresh operator, again on a day cut off half-way, after the history otherwise; refuses an explicit start inside it", async () => {
    const operator = await createTestOperator(ctx.db, "simstart");
    const input = { operatorSlug: "simstart", days: 60, today: "2026-12-03" };
    expect(await chooseStartDate(ctx.db, input)).toEqual({ start: "2026-10-04", continuesAfter: null, finishesDay: null });
    // An earlier run simulated up to 12-02 and was killed during that day (its custody statement never came).
    await ctx.db.insert(dueRuns).values([
      { operatorId: operator.id, runDate: "2026-12-01", status: "done", step: "done", progress: {} },
      { operatorId: operator.id, runDate: "2026-12-02", status: "running", step: "accrual", progress: {} },
    ]);
    expect(await chooseStartDate(ctx.db, input)).toEqual({ start: "2026-12-02", continuesAfter: "2026-12-01", finishesDay: "2026-12-02" });
    await expect(chooseStartDate(ctx.db, { ...input, requested: "2026-12-05" })).rejects.toThrow("2026-12-02 was cut off half-way; run again without --start (or with --start 2026-12-02)");
    expect(await chooseStartDate(ctx.db, { ...input, requested: "2026-12-02" })).toEqual({ start: "2026-12-02", continuesAfter: "2026-12-01", finishesDay: "2026-12-02" });

    // The day was finished (its statement imported): the next run starts the day after.
    await ctx.db.insert(statementImports).values({
      operatorId: operator.id,
      source: "custody_statement",
      fileName: "custody-statement-20261202.csv",
      fileSha256: "0".repeat(64),
      fileBytes: new Uint8Array([1]),
      importedBySystem: "test",
      lineCount: 0,
      totalAmount: "0.00",
      totalFee: "0.00",
      firstDate: "2026-12-02",
      lastDate: "2026-12-02",
    });
    expect(await chooseStartDate(ctx.db, input)).toEqual({ start: "2026-12-03", continuesAfter: "2026-12-02", finishesDay: null });
    await expect(chooseStartDate(ctx.db, { ...input, requested: "2026-11-01" })).rejects.toThrow("start on 2026-12-03 or later");
    expect(await chooseStartDate(ctx.db, { ...input, requested: "2027-01-01" })).toEqual({ start: "2027-01-01", continuesAfter: null, finishesDay: null });
  });
});
