import { expect, test, type TestInfo } from "@playwright/test";
import { newPage, signInWithPassword, signInWithSms, snap } from "./helpers";
import { approveAsRiskOfficer, fillSteps, fundThroughTheInvestor, ledgerCheckIsClean, signAgreements, storeLoanThroughCashPayout } from "./journeys";
import { residentId } from "../services/borrowing/testing/fixtures";

// Each viewport works at its own demo operator (and with its own applicants), so the two runs never meet.
const OPERATOR = {
  phone: { slug: "mobile", prefix: "1380000", id: residentId("19800101", "111"), customerId: residentId("19750505", "313") },
  desktop: { slug: "telecom", prefix: "1890000", id: residentId("19810202", "222"), customerId: residentId("19760606", "424") },
} as const;

function operatorOf(testInfo: TestInfo) {
  return OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
}

test("borrower applies, is referred, approved, signs five agreements by SMS, is funded and paid to the passbook, and sees the schedule", async ({ page, browser }, testInfo) => {
  const { slug, prefix, id } = operatorOf(testInfo);
  // A sandbox subscriber of the operator (clean record), not the demo borrower whom other specs sign in.
  const phone = `${prefix}0022`;
  await signInWithSms(page, slug, phone);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await page.getByTestId("borrow-entry").click();
  await expect(page.getByRole("heading", { name: "我要借款" })).toBeVisible();
  await page.getByTestId("start-application").click();
  // Asking ¥50,000 on a household income of ¥60,000 refers the application to a call-back.
  await fillSteps(page, { amount: "50000", term: "12", purpose: "养殖", note: "补栏 20 头肉牛", product: /养殖贷/, name: "张桂兰", id, disbursement: "转入存折", income: "60000" });
  await expect(page.getByTestId("flash")).toHaveText("申请已提交，初审已完成。");
  await expect(page.getByTestId("application-status")).toHaveText("待电话回访");
  await snap(page, testInfo, "borrower-01-referred");

  const risk = await newPage(browser, testInfo);
  await approveAsRiskOfficer(risk, slug, prefix, "张桂兰", "50000", true, testInfo, "borrower-02");
  await snap(risk, testInfo, "borrower-03-approved");

  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已批准，待签约");
  await expect(page.getByTestId("offer")).toContainText("¥50,000.00");
  await page.getByTestId("go-sign").click();
  await snap(page, testInfo, "borrower-04-offer");
  await signAgreements(page, slug, phone, "存折自动划扣");
  await expect(page.getByTestId("agreements").locator("li")).toHaveCount(5);
  const pdf = await page.request.get(await page.getByTestId("pdf-loan").getAttribute("href").then((h) => h!));
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await snap(page, testInfo, "borrower-05-signed");

  await fundThroughTheInvestor(browser, testInfo, page, { slug, prefix, amount: "50000" });
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已满标，待放款");

  await risk.goto(`/o/${slug}/logout`).catch(() => undefined);
  const finance = await newPage(browser, testInfo);
  await signInWithPassword(finance, slug, `${prefix}0005`);
  await finance.goto(`/o/${slug}/finance/disbursements`);
  const item = finance.getByTestId("disbursement-queue").locator("li").filter({ hasText: "补栏 20 头肉牛" });
  await expect(item).toContainText("转入存折");
  await item.getByRole("button", { name: /放款/ }).click();
  await finance.getByTestId("payout-confirm").getByRole("button", { name: "确认发送放款指令" }).click();
  await expect(finance.getByTestId("disbursement-done")).toBeVisible();
  await expect(finance.getByTestId("disbursement-attempts").locator("li").filter({ hasText: "补栏 20 头肉牛" }).first()).toHaveAttribute("data-status", "instructed");
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("放款中，银行处理中");
  // The (sandbox) custody bank's result is fetched: paid, so the loan is disbursed.
  await finance.getByTestId("fetch-bank-results").click();
  await expect(finance.getByTestId("payout-fetched")).toContainText("已获取银行结果");
  await ledgerCheckIsClean(finance, slug);
  await snap(finance, testInfo, "borrower-06-disbursed");

  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已放款，还款中");
  await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(12);
  await expect(page.getByTestId("next-due")).toContainText("第 1 期");
  await expect(page.getByTestId("repayment-channel")).toHaveText("存折自动划扣");
  await expect(page.getByTestId("timeline")).toContainText("放款");
  await snap(page, testInfo, "borrower-07-schedule");
});

test("a store clerk registers a customer, witnesses the signing and hands over the cash", async ({ page, browser }, testInfo) => {
  const { slug, prefix, customerId } = operatorOf(testInfo);
  const customer = `${prefix}0021`;
  await storeLoanThroughCashPayout(page, browser, testInfo, { slug, prefix, customer, name: "刘大山", id: customerId, amount: "20000", term: "6", purpose: "种植", note: "30 亩小麦春耕农资", product: /种植贷/, shot: "store" });

  const finance = await newPage(browser, testInfo);
  await signInWithPassword(finance, slug, `${prefix}0006`);
  await ledgerCheckIsClean(finance, slug);
  await expect(finance.getByTestId("recent-disbursements")).toContainText("营业厅领取现金");

  // The customer sees the loan and its schedule on their own phone.
  const own = await newPage(browser, testInfo);
  await signInWithSms(own, slug, customer);
  await expect(own.getByTestId("signed-in")).toBeVisible();
  await own.goto(`/o/${slug}/borrow`);
  await own.getByTestId("my-applications").locator("a").first().click();
  await expect(own.getByTestId("application-status")).toHaveText("已放款，还款中");
  await expect(own.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
  await expect(own.getByTestId("repayment-channel")).toContainText("营业厅现金还款");
  await snap(own, testInfo, "store-04-customer-schedule");
  // They signed without passbook debit: moving to it shows the debit entrustment to read and agree to first.
  await own.getByRole("link", { name: "变更还款方式" }).click();
  await expect(own.getByTestId("debit-entrustment")).toContainText("委托划扣协议书");
  await own.getByTestId("debit-entrustment").locator("summary").click();
  await expect(own.getByTestId("debit-entrustment").locator("pre")).toContainText("存折");
  await snap(own, testInfo, "store-05-channel-debit-entrustment");
});

test("admin edits the product library (a new version) and the settings; risk officer keeps the lists; the application works without JavaScript", async ({ page, browser }, testInfo) => {
  const { slug, prefix } = operatorOf(testInfo);
  await signInWithPassword(page, slug, `${prefix}0008`);
  await page.getByRole("link", { name: "管理" }).first().click();
  await expect(page.getByTestId("product-library")).toContainText("Y001");
  await page.getByTestId("product-library").getByText(/Y001/).click();
  // A bad range is refused beside the field; nothing is saved.
  await page.getByLabel("最低额度（元）").fill("90000");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.locator("#field-minAmount-error")).toBeVisible();
  await page.getByLabel("最低额度（元）").fill("5000");
  await page.getByLabel("年利率（%）").fill("9.5");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.getByTestId("product-done")).toHaveText("已保存为新版本。");
  await expect(page.getByTestId("product-versions").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("product-versions").locator("li").first()).toContainText("v2 · 在售 · 9.50%");
  await snap(page, testInfo, "admin-01-product-version");

  await page.goto(`/o/${slug}/admin/settings`);
  await page.getByLabel("一年期 LPR（%）").fill("3.1");
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByTestId("settings-done")).toBeVisible();
  await expect(page.getByText("当前综合年化成本上限：12.40%")).toBeVisible();
  await page.getByLabel("一年期 LPR（%）").fill("3");
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByText("当前综合年化成本上限：12.00%")).toBeVisible();
  await snap(page, testInfo, "admin-02-settings");
  // The transfer market's rules: a price floor below 50% is refused beside its field; a saved change shows, then is undone.
  const rules = page.getByTestId("transfer-settings");
  await rules.getByLabel("最低转让价格（本金加应计利息的 %）").fill("40");
  await rules.getByRole("button", { name: "保存转让规则" }).click();
  await expect(page.locator("#field-minPriceRate-error")).toHaveText("设置值无效，请检查");
  await rules.getByLabel("最低转让价格（本金加应计利息的 %）").fill("90");
  await rules.getByLabel("转让手续费（成交价的 %）").fill("0.8");
  await rules.getByRole("button", { name: "保存转让规则" }).click();
  await expect(page.getByTestId("settings-done")).toBeVisible();
  await expect(rules.getByLabel("转让手续费（成交价的 %）")).toHaveValue("0.8");
  await snap(page, testInfo, "admin-02b-transfer-rules");
  await rules.getByLabel("转让手续费（成交价的 %）").fill("0.5");
  await rules.getByRole("button", { name: "保存转让规则" }).click();
  await expect(rules.getByLabel("转让手续费（成交价的 %）")).toHaveValue("0.5");

  const risk = await newPage(browser, testInfo);
  await signInWithPassword(risk, slug, `${prefix}0004`);
  await risk.goto(`/o/${slug}/risk/lists`);
  await risk.getByLabel("类型").selectOption("phone");
  await risk.getByLabel("号码").fill(`${prefix}0066`);
  await risk.getByLabel("原因").fill("冒用他人手机号申请");
  await risk.getByRole("button", { name: "添加", exact: true }).click();
  await expect(risk.getByText(`黑名单 · 手机号 · ${prefix.slice(0, 3)}****0066`)).toBeVisible();
  await snap(risk, testInfo, "risk-01-lists");

  // Before (or without) JavaScript every step still submits and saves.
  const use = testInfo.project.use;
  const noJs = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport, locale: use.locale, javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await signInWithSms(plain, slug, `${prefix}0071`);
  await expect(plain.getByTestId("signed-in")).toBeVisible();
  await plain.goto(`/o/${slug}/borrow`);
  await plain.getByTestId("start-application").click();
  await plain.getByLabel("借款金额（元）").fill("8000");
  await plain.getByLabel("希望借多久（月）").fill("10");
  await plain.getByLabel("助学", { exact: true }).check();
  await plain.getByLabel("用途说明").fill("大一学费");
  await plain.getByTestId("step-submit").click();
  await expect(plain.getByRole("heading", { name: "选择产品" })).toBeVisible();
  await expect(plain.getByTestId("product-matches").locator("li").first()).toContainText("助学贷");
  await plain.getByTestId("step-submit").click();
  await expect(plain.getByRole("heading", { name: "身份信息" })).toBeVisible();
  await plain.goto(`/o/${slug}/borrow`);
  await expect(plain.getByTestId("my-applications")).toContainText("草稿");
  await snap(plain, testInfo, "borrower-08-no-js-draft");
});
