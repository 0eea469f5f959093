import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { operators } from "../../db/schema";
import { updateOperatorBrand } from "../administration";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { cachedOperator, cachedOperators, forgetOperators, OPERATOR_CACHE_TTL_MS } from "./operator-cache";

describeEachDatabase("operator cache", (ctx) => {
  beforeEach(() => forgetOperators());

  it("answers repeated and unknown slugs from memory, one query per load", async () => {
    await createTestOperator(ctx.db, "cache-a");
    const select = vi.spyOn(ctx.db, "select");
    const now = Date.now();
    expect((await cachedOperator(ctx.db, "cache-a", now))?.slug).toBe("cache-a");
    expect(await cachedOperator(ctx.db, "no-such-operator", now)).toBeNull();
    expect((await cachedOperators(ctx.db, now)).map((o) => o.slug)).toContain("cache-a");
    expect(select).toHaveBeenCalledTimes(1);
    select.mockRestore();
  });

  it("sees a change made through the admin service at once", async () => {
    const op = await createTestOperator(ctx.db, "cache-b");
    const admin = await findOrCreateUser(ctx.db, op.id, "13800000088");
    expect((await cachedOperator(ctx.db, "cache-b"))?.frameAncestors).toEqual([]);
    const brand = { nameZh: "缓存运营商", nameEn: "Cache Operator", brandPrimary: "#0055aa", frameOrigins: "https://app.example.cn", logoPng: null };
    await updateOperatorBrand(ctx.db, { operatorId: op.id, brand, actorUserId: admin.id });
    const after = await cachedOperator(ctx.db, "cache-b");
    expect(after?.frameAncestors).toEqual(["https://app.example.cn"]);
    expect(after?.nameEn).toBe("Cache Operator");
  });

  it("sees a change made elsewhere (another process) once the entry is older than its TTL", async () => {
    const op = await createTestOperator(ctx.db, "cache-c");
    const t0 = Date.now();
    await cachedOperator(ctx.db, "cache-c", t0);
    await ctx.db.update(operators).set({ frameAncestors: ["https://other.example.cn"] }).where(eq(operators.id, op.id));
    expect((await cachedOperator(ctx.db, "cache-c", t0 + 1_000))?.frameAncestors).toEqual([]);
    expect((await cachedOperator(ctx.db, "cache-c", t0 + OPERATOR_CACHE_TTL_MS + 1_000))?.frameAncestors).toEqual(["https://other.example.cn"]);
  });
});
