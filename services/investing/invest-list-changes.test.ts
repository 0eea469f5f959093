import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { INVEST_LIST_CHANNEL, listenForChanges } from "../../db/changes";
import { describeEachDatabase, noticeCounter } from "../../db/testing";
import { loans } from "../../db/schema";
import { invest } from "./invest";
import { createInvestor, createMarket, disburseForTest, listLoan } from "./test-fixtures";

// The anonymous invest list is cached per process and dropped on these notices
// (app/public-page-cache.server.ts): whatever changes what it shows must notify, once committed.
describeEachDatabase("the invest list's change notices", (ctx) => {
  it("come with a loan listed, an investment, and a loan leaving the list; not with loans off it", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "5000.00");
    const notices = noticeCounter();
    const listener = await listenForChanges(ctx.db, INVEST_LIST_CHANNEL, notices.onChange);
    try {
      const loan = await listLoan(ctx.db, market, "1000.00");
      expect(await notices.settle(1)).toBe(1);

      await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "1000", idempotencyKey: randomUUID() });
      const afterInvesting = await notices.settle(2);
      expect(afterInvesting).toBeGreaterThanOrEqual(2);

      // Funded: it left the list (its status changed from funding, which notified). Changes to it now do not.
      await disburseForTest(ctx.db, market.operatorId, loan.id);
      await ctx.db.update(loans).set({ closedAt: new Date() }).where(eq(loans.id, loan.id));
      await listLoan(ctx.db, market, "2000.00"); // one notice more, and none before it
      expect(await notices.settle(afterInvesting + 1)).toBe(afterInvesting + 1);
    } finally {
      await listener.close();
    }
  });
});
