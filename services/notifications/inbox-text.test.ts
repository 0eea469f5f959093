import { describe, expect, it } from "vitest";
import { NOTICE_DETAILS, SMS_KINDS, SMS_TEMPLATES, noticeDetailEn } from "../sms";
import { INBOX_TEMPLATES_EN, inboxText } from "./inbox-text";

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const en = { locale: "en" as const, date: (d: string) => `<${d}>` };
const zh = { locale: "zh-CN" as const, date: (d: string) => `«${d}»` };
const variables = (template: string) => [...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("inbox items in the reader's language", () => {
  it("has an English wording of every kind with the same variables as its SMS template, and no Chinese in it", () => {
    for (const kind of SMS_KINDS) {
      expect(variables(INBOX_TEMPLATES_EN[kind])).toEqual(variables(SMS_TEMPLATES[kind]));
      expect(INBOX_TEMPLATES_EN[kind]).not.toMatch(CJK);
    }
  });

  it("reads every detail sentence the services write back into English", () => {
    const samples = {
      withdrawalRejected: NOTICE_DETAILS.withdrawalRejected.zh("银行卡信息有误"),
      withdrawalPaid: NOTICE_DETAILS.withdrawalPaid.zh("6222 **** **** 4417"),
      withdrawalFailed: NOTICE_DETAILS.withdrawalFailed.zh("收款账户已冻结"),
      disbursementPaid: NOTICE_DETAILS.disbursementPaid.zh("农业银行", "6228****0019"),
      disbursementFailed: NOTICE_DETAILS.disbursementFailed.zh("户名与账号不符"),
      applicationApproved: NOTICE_DETAILS.applicationApproved.zh("¥5,000.00"),
      applicationRejected: NOTICE_DETAILS.applicationRejected.zh(),
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(NOTICE_DETAILS).sort());
    expect(noticeDetailEn(samples.withdrawalPaid)).toBe(" has reached 6222 **** **** 4417.");
    expect(noticeDetailEn(samples.withdrawalFailed)).toContain("the receiving account is frozen");
    expect(noticeDetailEn(samples.disbursementFailed)).toContain("the account name does not match the number");
    expect(noticeDetailEn(samples.applicationApproved)).toBe(" has been approved for ¥5,000.00. Please sign in to read the offer and sign.");
    expect(noticeDetailEn(samples.applicationRejected)).not.toMatch(CJK);
    expect(noticeDetailEn(samples.disbursementPaid)).toBe(" has been paid out to 农业银行 6228****0019; your repayment schedule is ready.");
    expect(noticeDetailEn(samples.withdrawalRejected)).toBe(" was not approved: 银行卡信息有误. The money is back in your available balance.");
  });

  it("renders at read time: English on English pages, the SMS wording on Chinese ones, dates through the reader's formatter", () => {
    const due = { title: "养殖贷", period: "2", amount: "¥868.05", dueDate: "2027-01-03" };
    expect(inboxText("repayment_due", due, en)).toBe("Installment 2 of your loan “养殖贷”, ¥868.05, is due on <2027-01-03>. Please repay on time.");
    expect(inboxText("repayment_due", due, zh)).toBe("您的借款“养殖贷”第2期¥868.05将于«2027-01-03»到期，请按时还款。");
    expect(inboxText("repayment_due", due)).toBe("您的借款“养殖贷”第2期¥868.05将于2027-01-03到期，请按时还款。");
    expect(inboxText("application_reviewed", { detail: NOTICE_DETAILS.applicationRejected.zh() }, en)).toBe("Your loan application was not approved. Sign in to read the reason.");
    expect(inboxText("offer_expired", { amount: "¥5,000.00", days: "7" }, en)).not.toMatch(CJK);
  });

  it("keeps a detail that is none of ours whole in Chinese rather than mixing languages; unknown kinds have no text", () => {
    expect(inboxText("withdrawal_update", { amount: "¥10.00", detail: "另行通知。" }, en)).toBe("您的提现¥10.00另行通知。");
    expect(inboxText("no_such_kind", {}, en)).toBe("");
  });
});
