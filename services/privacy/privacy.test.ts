import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { createSession, findOrCreateUser, validateSession } from "../identity";
import { invest } from "../investing";
import { createInvestor, createMarket, listLoan, testIdNumber, type Market } from "../investing/test-fixtures";
import { createUser } from "../ledger/test-fixtures";
import { closeAccount } from "./close-account";
import { exportPersonalData } from "./export-personal-data";
import { findClosingObstacles } from "./find-closing-obstacles";

describeEachDatabase("personal data export and account closing (PIPL)", (ctx) => {
  let market: Market;
  let loanId = "";
  beforeAll(async () => {
    market = await createMarket(ctx.db);
    loanId = (await listLoan(ctx.db, market, "5000.00")).id;
  });
  const obstacles = (userId: string) => findClosingObstacles(ctx.db, { operatorId: market.operatorId, userId });
  const audited = async (userId: string, action: string) =>
    (await ctx.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, action)))).length;

  it("refuses to close, with every reason, while a loan is outstanding, money is in the wallet or a holding is unpaid", async () => {
    expect(await obstacles(market.borrowerId)).toEqual(["loan_outstanding"]);
    const saver = await createInvestor(ctx.db, market, "1000.00");
    expect(await obstacles(saver)).toEqual(["wallet_not_empty"]);
    const lender = await createInvestor(ctx.db, market, "500.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: lender, loanId, amount: "500", idempotencyKey: `privacy-${lender}` });
    // The whole ¥500 is reserved by the investment: still money in the wallet, and a holding.
    expect(await obstacles(lender)).toEqual(["holding_outstanding", "wallet_not_empty"]);
    await expect(closeAccount(ctx.db, { operatorId: market.operatorId, userId: lender, confirmed: true })).rejects.toMatchObject({
      code: "privacy.account_not_closable",
      field: "confirm",
      details: { reasons: "holding_outstanding,wallet_not_empty" },
    });
    const [still] = await ctx.db.select().from(users).where(eq(users.id, lender));
    expect(still!.closedAt).toBeNull();
  });

  it("asks for the confirmation box", async () => {
    const nobody = await createUser(ctx.db, market.operatorId);
    await expect(closeAccount(ctx.db, { operatorId: market.operatorId, userId: nobody, confirmed: false })).rejects.toMatchObject({ code: "privacy.confirm_required", field: "confirm" });
  });

  it("closes an account with nothing outstanding: sessions end, the password goes, sign-in is refused, the records stay, audited", async () => {
    const userId = await createUser(ctx.db, market.operatorId);
    await ctx.db.update(users).set({ name: "将注销", passwordHash: "$argon2id$placeholder" }).where(eq(users.id, userId));
    const { token } = await createSession(ctx.db, userId);
    expect(await validateSession(ctx.db, token)).not.toBeNull();
    expect(await obstacles(userId)).toEqual([]);

    await closeAccount(ctx.db, { operatorId: market.operatorId, userId, confirmed: true, now: new Date("2026-12-04T09:00:00Z") });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
    expect(row).toMatchObject({ closedAt: new Date("2026-12-04T09:00:00Z"), passwordHash: null, name: "将注销" });
    expect(await validateSession(ctx.db, token)).toBeNull();
    await expect(findOrCreateUser(ctx.db, market.operatorId, row!.phone)).rejects.toMatchObject({ code: "auth.account_closed" });
    expect(await audited(userId, "account.closed")).toBe(1);
    // Closing again changes nothing and is not audited twice.
    await closeAccount(ctx.db, { operatorId: market.operatorId, userId, confirmed: true });
    expect(await audited(userId, "account.closed")).toBe(1);
  });

  it("exports the person's own data masked, names others only masked, and audits the export", async () => {
    const idNumber = testIdNumber("19850101");
    const investor = await createInvestor(ctx.db, market, "800.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId, amount: "300", idempotencyKey: `privacy-export-${investor}` });
    await ctx.db.update(users).set({ name: "王小明" }).where(eq(users.id, market.borrowerId));
    const data = await exportPersonalData(ctx.db, { operatorId: market.operatorId, userId: investor });
    const text = JSON.stringify(data);
    expect(data.profile).toMatchObject({ roles: expect.arrayContaining(["investor"]), investorRealName: { legalName: "测试出借人", bankCode: "ICBC" } });
    expect((data.profile.investorRealName as { idNumberMasked: string }).idNumberMasked).toMatch(/\*/);
    expect(text).not.toContain(idNumber);
    expect(data.investments).toEqual([expect.objectContaining({ loanId, amount: "300.00", status: "pending", borrower: "王*明" })]);
    expect(text).not.toContain("王小明");
    expect(data.wallet).toMatchObject({ opening: "0.00", closing: "800.00", reservedNow: "300.00", truncated: false });
    expect(data.wallet.lines.map((l) => l.change)).toEqual(["800.00"]);
    expect(data.consents).toHaveLength(3);
    expect(data.riskAssessments).toHaveLength(1);
    expect(data.applications).toEqual([]);
    expect(await audited(investor, "personal_data.exported")).toBe(1);

    const borrower = await exportPersonalData(ctx.db, { operatorId: market.operatorId, userId: market.borrowerId });
    expect(borrower.loans).toEqual([expect.objectContaining({ id: loanId, status: "funding", amount: "5000.00", installments: [] })]);
    expect(JSON.stringify(borrower)).not.toContain("测试出借人");
  });
});
