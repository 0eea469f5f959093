import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { describeEachDatabase } from "../../db/testing";
import { listNotifications, withInbox } from "../notifications";
import { startOfBeijingDay } from "../shared/calendar";
import { createSmsRecorder } from "../sms";
import { applyRepayments } from "./apply-repayments";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";

const notify = withInbox(createSmsRecorder(new Uint8Array(32).fill(7)));
const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

describeEachDatabase("a repayment tells its borrower and each investor (SMS + inbox)", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  beforeAll(async () => {
    db = ctx.db;
    loan = await createDisbursedLoan(db, { investments: ["5000.00", "3000.00", "2000.00"], disbursedAt: at("2026-01-15") });
  });
  const texts = async (userId: string) => (await listNotifications(db, { userId })).items.map((i) => `${i.kind}: ${i.text}`);

  it("sends repayment_received to the borrower and return_received with each investor's own part, once", async () => {
    const request = { loanId: loan.loanId, source: "passbook_debit", reference: "PD20260215N000001", amountCny: "1766.67", receivedAt: at("2026-02-15") };
    await applyRepayments(db, { operatorId: loan.market.operatorId, postedBy: { system: "test" }, requests: [request], notify });
    expect(await texts(loan.market.borrowerId)).toEqual(["repayment_received: 您的借款“测试项目 · 春耕农资”已收到还款¥1,766.67。"]);
    // Principal 1666.67 split 5:3:2 plus interest 90.00 net of the fee split 45 / 27 / 18.
    const parts = await Promise.all(loan.investorIds.map(texts));
    expect(parts).toEqual([
      ["return_received: 您出借的“测试项目 · 春耕农资”收到回款¥878.34，已存入可用余额。"],
      ["return_received: 您出借的“测试项目 · 春耕农资”收到回款¥527.00，已存入可用余额。"],
      ["return_received: 您出借的“测试项目 · 春耕农资”收到回款¥351.33，已存入可用余额。"],
    ]);
    // The bank's file read again: a replay, nobody is told twice.
    await applyRepayments(db, { operatorId: loan.market.operatorId, postedBy: { system: "test" }, requests: [request], notify });
    expect(await texts(loan.market.borrowerId)).toHaveLength(1);
    expect(await texts(loan.investorIds[0]!)).toHaveLength(1);
  });
});
