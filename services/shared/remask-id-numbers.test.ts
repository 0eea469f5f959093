import { asc } from "drizzle-orm";
import { expect, it } from "vitest";
import { loanApplications, users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { remaskIdNumbers } from "./remask-id-numbers";

describeEachDatabase("re-masking stored ID numbers", (ctx) => {
  it("rewrites masks in another form to the one mask, leaves the rest, and rewrites nothing the second time", async () => {
    const operator = await createTestOperator(ctx.db, "remask");
    const [user] = await ctx.db.insert(users).values({ operatorId: operator.id, phone: "18600000001" }).returning();
    const base = { operatorId: operator.id, borrowerUserId: user!.id, createdByUserId: user!.id, channel: "self" as const, phone: "18600000001" };
    const stored = ["4101**********2318", "411***********1234", "110105********002X", null];
    await ctx.db.insert(loanApplications).values(stored.map((idNumberMasked) => ({ ...base, idNumberMasked })));
    const input = { table: loanApplications, key: loanApplications.id, column: loanApplications.idNumberMasked, batchSize: 1 };
    expect(await remaskIdNumbers(ctx.db, input)).toBe(2);
    const masks = (await ctx.db.select({ m: loanApplications.idNumberMasked }).from(loanApplications).orderBy(asc(loanApplications.id))).map((r) => r.m);
    expect(masks.sort()).toEqual(["110***********002X", "410***********2318", "411***********1234", null].sort());
    expect(await remaskIdNumbers(ctx.db, input)).toBe(0);
  });
});
