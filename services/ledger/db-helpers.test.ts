import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { operators } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { anyOf } from "./db-helpers";

/** More values than a statement may have bind parameters (65,535): a day's batch of loans. */
const LONG_LIST = 70_000;

describeEachDatabase("anyOf: a list as one array parameter", (ctx) => {
  let operator: { id: string; slug: string };
  beforeAll(async () => {
    operator = await createTestOperator(ctx.db, "anyof");
  });

  it("matches by a list longer than the bind-parameter limit, for uuid and text columns, where inArray fails", async () => {
    const ids = [...Array.from({ length: LONG_LIST }, () => randomUUID()), operator.id];
    const slugs = [...Array.from({ length: LONG_LIST }, (_, i) => `none-${i}`), operator.slug, 'with "quote" and \\ backslash'];
    expect(await ctx.db.select({ slug: operators.slug }).from(operators).where(anyOf(operators.id, ids))).toEqual([{ slug: operator.slug }]);
    expect(await ctx.db.select({ id: operators.id }).from(operators).where(anyOf(operators.slug, slugs))).toEqual([{ id: operator.id }]);
    expect(await ctx.db.select({ id: operators.id }).from(operators).where(anyOf(operators.id, []))).toEqual([]);
    await expect(ctx.db.select({ id: operators.id }).from(operators).where(inArray(operators.id, ids))).rejects.toThrow();
  });
});
