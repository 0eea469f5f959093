import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { users } from "../../db/schema";
import { chart } from "../ledger";
import { createMarket, listLoan } from "../investing/test-fixtures";
import { ensureStore } from "../stores";
import { nameAccounts } from "./name-accounts";

describeEachDatabase("account names", (ctx) => {
  it("names every family of the chart, with whose, which loan and which store, in three look-ups", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const [investor] = await ctx.db.insert(users).values({ operatorId: market.operatorId, phone: "18600000777", name: "李娟" }).returning({ id: users.id });
    const store = await ensureStore(ctx.db, { operatorId: market.operatorId, code: "S009", nameZh: "城关营业厅", nameEn: "Chengguan", addressZh: "人民路 1 号" });
    const codes = [
      chart.custodyBank().code,
      chart.walletAvailable(investor!.id).code,
      chart.claim(investor!.id, loan.id).code,
      chart.loanPrincipal(loan.id).code,
      chart.clearingStore(store.id).code,
      chart.revenueServiceFee().code,
      "suspense:unknown",
    ];
    const names = await nameAccounts(ctx.db, { codes });
    expect(names.get(codes[0]!)).toEqual({ family: "custody_bank" });
    expect(names.get(codes[1]!)).toEqual({ family: "wallet_available", person: "李* 186****0777" });
    expect(names.get(codes[2]!)).toEqual({ family: "claim", person: "李* 186****0777", loan: loan.titleZh });
    expect(names.get(codes[3]!)).toEqual({ family: "loan_principal", loan: loan.titleZh });
    expect(names.get(codes[4]!)).toEqual({ family: "clearing_store", store: "S009 城关营业厅" });
    expect(names.get(codes[5]!)).toEqual({ family: "revenue_service_fee" });
    expect(names.get(codes[6]!)).toEqual({ family: "other" });
  });
});
