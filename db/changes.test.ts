import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { INVEST_LIST_CHANNEL, listenForChanges } from "./changes";
import { describeEachDatabase, noticeCounter } from "./testing";
import { operators } from "./schema";

describeEachDatabase("listening for changes", (ctx) => {
  it("hears a committed notice, not a rolled-back one, and nothing once closed", async () => {
    const notices = noticeCounter();
    let listening = 0;
    const listener = await listenForChanges(ctx.db, INVEST_LIST_CHANNEL, notices.onChange, () => (listening += 1));
    expect(listening).toBe(1);
    await ctx.db.execute(sql`select pg_notify(${INVEST_LIST_CHANNEL}, '')`);
    expect(await notices.settle(1)).toBe(1);

    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_notify(${INVEST_LIST_CHANNEL}, '')`);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await ctx.db.execute(sql`select pg_notify(${INVEST_LIST_CHANNEL}, '')`);
    expect(await notices.settle(2)).toBe(2);

    await listener.close();
    await ctx.db.execute(sql`select pg_notify(${INVEST_LIST_CHANNEL}, '')`);
    expect(await notices.settle(3, 200)).toBe(2);
  });

  it("hears an operator's brand change (the invest list shows it)", async () => {
    const [operator] = await ctx.db
      .insert(operators)
      .values({ slug: "notice-test", nameZh: "测试", nameEn: "Test", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" })
      .returning({ id: operators.id });
    const notices = noticeCounter();
    const listener = await listenForChanges(ctx.db, INVEST_LIST_CHANNEL, notices.onChange);
    try {
      await ctx.db.update(operators).set({ brandPrimary: "#123456" }).where(sql`${operators.id} = ${operator!.id}`);
      expect(await notices.settle(1)).toBe(1);
    } finally {
      await listener.close();
    }
  });
});
