import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { newMobile, newPage, registerInvestor, signInWithSms, snap, takeCashAtCounter, signInWithPassword } from "./helpers";
import { approveAsRiskOfficer, fillSteps, signAgreements } from "./journeys";
import { residentId } from "../services/borrowing/testing/fixtures";

// Each viewport in its own operator, with its own investor and a sandbox borrower no other spec uses there.
// The rule buys only 小微经营贷 (8.88%, 12 months, equal installments, high risk), which no other spec lists,
// and it is paused at the end, so it never takes part of another spec's loan.
const OPERATOR = {
  phone: { slug: "mobile", prefix: "1380000", id: residentId("19790404", "635") },
  desktop: { slug: "telecom", prefix: "1890000", id: residentId("19790505", "746") },
} as const;

/** 风险测评 as an investor who may take high-risk loans (积极型). */
async function takeAggressiveRiskAssessment(page: Page, base: string) {
  await page.goto(`${base}/invest/risk`);
  const answers: Record<string, string> = { 1: "31–50 岁", 2: "50 万元以上", 3: "10% 以下", 4: "有 5 年以上股票、期货等投资经验", 5: "1 年以上", 6: "30% 以上", 7: "不在意，会继续分散出借" };
  for (const [n, text] of Object.entries(answers)) {
    await page.getByRole("group", { name: new RegExp(`^${n}\\.`) }).getByLabel(text, { exact: true }).check();
  }
  await page.getByRole("button", { name: "提交测评" }).click();
  await expect(page.getByTestId("risk-grade")).toHaveText("积极型");
}

test("an investor sets up an auto-invest rule; a loan is listed; the rule's investment shows on the portfolio", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const { slug, prefix, id } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const base = `/o/${slug}`;
  const phone = newMobile("135");
  await registerInvestor(page, slug, { phone, name: "自动投标人" });

  // Cash at the counter: ¥5,000.
  const clerk = await newPage(browser, testInfo);
  await signInWithPassword(clerk, slug, `${prefix}0003`);
  await takeCashAtCounter(clerk, { phone, nameMasked: "自***人", amountYuan: "5000", receiptNo: `AUTO-${randomInt(100000, 999999)}` });
  await expect(clerk.getByTestId("receipt")).toContainText("¥5,000.00");
  await clerk.context().close();

  // 资产 → 自动投标: a balanced investor may not choose high risk — said beside the field, nothing saved.
  await page.goto(`${base}/me/portfolio`);
  await page.getByTestId("auto-invest-link").click();
  await expect(page.getByRole("heading", { name: "自动投标", exact: true })).toBeVisible();
  await expect(page.getByTestId("auto-fairness")).toContainText("30%");
  const form = page.getByTestId("rule-form");
  await form.getByLabel("规则名称").fill("经营贷规则");
  await form.getByLabel("最低年化利率（%）").fill("8.8");
  await form.getByLabel("最高年化利率（%）").fill("8.9");
  await form.getByLabel("最短期限（月）").fill("12");
  await form.getByLabel("最长期限（月）").fill("12");
  for (const method of ["按月付息、到期还本", "等额本金"]) await form.getByLabel(method, { exact: true }).uncheck();
  await form.getByLabel("低风险", { exact: true }).uncheck();
  await form.getByLabel("高风险", { exact: true }).check();
  await form.getByLabel("单个项目出借金额（元）").fill("2000");
  await form.getByLabel("规则最多出借总额（元）").fill("4000");
  await form.getByLabel("钱包保留金额（元）").fill("500");
  await page.getByTestId("rule-save").click();
  await expect(page.locator("#field-riskLevels-error")).toHaveText("所选风险等级高于您的风险测评结果，请去掉较高的等级");
  await expect(page.getByTestId("rules")).toHaveCount(0);

  await takeAggressiveRiskAssessment(page, base);
  await page.goto(`${base}/me/auto-invest`);
  await form.getByLabel("规则名称").fill("经营贷规则");
  await form.getByLabel("最低年化利率（%）").fill("8.8");
  await form.getByLabel("最高年化利率（%）").fill("8.9");
  await form.getByLabel("最短期限（月）").fill("12");
  await form.getByLabel("最长期限（月）").fill("12");
  for (const method of ["按月付息、到期还本", "等额本金"]) await form.getByLabel(method, { exact: true }).uncheck();
  await form.getByLabel("低风险", { exact: true }).uncheck();
  await form.getByLabel("高风险", { exact: true }).check();
  await form.getByLabel("单个项目出借金额（元）").fill("2000");
  await form.getByLabel("规则最多出借总额（元）").fill("4000");
  await form.getByLabel("钱包保留金额（元）").fill("500");
  await page.getByTestId("rule-preview").click();
  await expect(page.getByTestId("rule-preview-result")).toContainText("近 30 天回看");
  await page.getByTestId("rule-save").click();
  await expect(page.getByTestId("auto-notice")).toHaveText("规则已保存。");
  const rule = page.getByTestId("rule").filter({ hasText: "经营贷规则" });
  await expect(rule.getByTestId("rule-status")).toHaveText("运行中");
  await expect(rule).toContainText("8.8% – 8.9%");
  await snap(page, testInfo, "auto-invest-01-rule");

  // A borrower applies for 小微经营贷, the risk officer approves, the borrower signs: the loan is listed.
  const borrower = await newPage(browser, testInfo);
  const borrowerPhone = `${prefix}0023`;
  await signInWithSms(borrower, slug, borrowerPhone);
  await borrower.getByTestId("borrow-entry").click();
  await borrower.getByTestId("start-application").click();
  await fillSteps(borrower, { amount: "10000", term: "12", purpose: "经营", note: "小卖部进货", product: /小微经营贷/, name: "周秀英", id, disbursement: "转入存折", income: "120000" });
  const risk = await newPage(browser, testInfo);
  await approveAsRiskOfficer(risk, slug, prefix, "周秀英", "10000", false, testInfo, "auto-invest-02");
  await risk.context().close();
  await borrower.reload();
  await borrower.getByTestId("go-sign").click();
  await signAgreements(borrower, slug, borrowerPhone, "存折自动划扣");
  await borrower.context().close();

  // The rule invested at listing: ¥2,000 (its amount per loan), marked 自动投标 with the rule's name.
  await page.goto(`${base}/me/portfolio`);
  const holding = page.getByTestId("holding").filter({ hasText: "小卖部进货" });
  await expect(holding.getByTestId("holding-principal")).toHaveText("¥2,000.00");
  await expect(holding.getByTestId("holding-auto")).toContainText("自动投标 · 经营贷规则 · ¥2,000.00");
  await snap(page, testInfo, "auto-invest-03-portfolio");

  // The rule's figures, then it is paused (and stays out of other specs' loans).
  await page.getByTestId("auto-invest-link").click();
  await expect(rule.getByTestId("rule-invested")).toContainText("1 笔");
  await expect(rule.getByTestId("rule-invested")).toContainText("¥2,000.00");
  await rule.getByTestId("rule-toggle").click();
  await expect(page.getByTestId("auto-notice")).toHaveText("规则已暂停，不会再自动出借。");
  await expect(rule.getByTestId("rule-status")).toHaveText("已暂停");

  // Before JavaScript loads the forms work the same: resume, a bad edit refused beside its field, pause.
  const plain = await newPage(browser, testInfo, { javaScriptEnabled: false });
  await signInWithSms(plain, slug, phone);
  await plain.goto(`${base}/me/auto-invest`);
  const same = plain.getByTestId("rule").filter({ hasText: "经营贷规则" });
  await same.getByTestId("rule-toggle").click();
  await expect(plain.getByTestId("auto-notice")).toHaveText("规则已恢复。");
  await expect(same.getByTestId("rule-status")).toHaveText("运行中");
  await same.getByTestId("rule-edit").click();
  await expect(plain.getByTestId("rule-preview-result")).toContainText("小卖部进货");
  await plain.getByLabel("最高年化利率（%）").fill("2");
  await plain.getByTestId("rule-save").click();
  await expect(plain.locator("#field-maxRate-error")).toHaveText("最高利率不能低于最低利率");
  await plain.getByTestId("rule-toggle").click();
  await expect(plain.getByTestId("rule-status")).toHaveText("已暂停");
  await plain.context().close();
});
