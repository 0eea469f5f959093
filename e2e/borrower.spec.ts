import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { readSmsCode, signInWithPassword, signInWithSms, snap } from "./helpers";
import { residentId } from "../services/borrowing/testing/fixtures";

// Each viewport works at its own demo operator (and with its own applicants), so the two runs never meet.
const OPERATOR = {
  phone: { slug: "mobile", prefix: "1380000", id: residentId("19800101", "111"), customerId: residentId("19750505", "313") },
  desktop: { slug: "telecom", prefix: "1890000", id: residentId("19810202", "222"), customerId: residentId("19760606", "424") },
} as const;

function operatorOf(testInfo: TestInfo) {
  return OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
}

/** Staff work in a browser of their own, so the borrower stays signed in (sign-in codes are limited to one a minute). */
async function staffPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    locale: use.locale,
  });
  return context.newPage();
}

async function fillSteps(
  page: Page,
  o: { amount: string; term: string; purpose: string; note: string; product: RegExp; name: string; id: string; disbursement: string; income: string },
) {
  await expect(page.getByRole("heading", { name: "借款需求" })).toBeVisible();
  await page.getByLabel("借款金额（元）").fill(o.amount);
  await page.getByLabel("希望借多久（月）").fill(o.term);
  await page.getByLabel(o.purpose, { exact: true }).check();
  await page.getByLabel("用途说明").fill(o.note);
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "选择产品" })).toBeVisible();
  await expect(page.getByTestId("product-matches").locator("li").first()).toContainText(o.product);
  await expect(page.getByTestId("product-matches").locator("li").first()).toContainText("最接近");
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "身份信息" })).toBeVisible();
  await page.getByLabel("姓名").fill(o.name);
  // A wrong check digit is refused beside the field, nothing is saved.
  const wrong = o.id.slice(0, 17) + (o.id[17] === "0" ? "1" : "0");
  await page.getByLabel("身份证号").fill(wrong);
  await page.getByTestId("step-submit").click();
  await expect(page.locator("#field-idNumber-error")).toHaveText("身份证号校验位不对，请核对");
  await page.getByLabel("身份证号").fill(o.id);
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "联系地址" })).toBeVisible();
  await page.getByLabel("所在省市县").fill("河南省周口市淮阳区");
  await page.getByLabel("乡镇 / 村").fill("城关镇王庄村");
  await page.getByLabel("详细地址").fill("三组 12 号");
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "存折与放款方式" })).toBeVisible();
  await page.getByLabel("存折开户行").fill("淮阳农商银行");
  await page.getByLabel("存折账号").fill("6230123456789012");
  await page.getByLabel(o.disbursement, { exact: true }).check();
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "家庭与收入" })).toBeVisible();
  await page.getByLabel("家庭人口").fill("4");
  await page.getByLabel("家庭年收入（元）").fill(o.income);
  await page.getByLabel("主要收入来源").fill("养殖和务工");
  await page.getByTestId("step-submit").click();

  await expect(page.getByRole("heading", { name: "授权并提交" })).toBeVisible();
  await page.getByLabel("我已阅读并同意上述授权，所填信息真实完整。").check();
  await page.getByTestId("step-submit").click();
}

async function approveAsRiskOfficer(risk: Page, slug: string, prefix: string, name: string, amount: string, callBack: boolean, testInfo: TestInfo, shot: string) {
  await signInWithPassword(risk, slug, `${prefix}0004`);
  await risk.goto(`/o/${slug}/risk`);
  await risk.getByTestId("risk-item").filter({ hasText: name }).first().click();
  await expect(risk.getByTestId("checks").locator("li")).toHaveCount(9);
  if (callBack) {
    await expect(risk.getByTestId("risk-status")).toHaveText("待电话回访");
    await expect(risk.locator('[data-rule="income_ratio"]')).toHaveAttribute("data-hit", "true");
    await risk.getByLabel("回访记录").fill("本人接听，核实用途为补栏肉牛，还款来源为出栏收入");
    await risk.getByRole("button", { name: "保存回访结果" }).click();
    await expect(risk.getByTestId("risk-status")).toHaveText("风控审核中");
  }
  await snap(risk, testInfo, `${shot}-risk-review`);
  await risk.getByLabel("批准金额（元）").fill(amount);
  await risk.getByRole("button", { name: "批准并生成借款条件" }).click();
  await expect(risk.getByTestId("risk-status")).toHaveText("已批准，待签约");
  await expect(risk.getByTestId("offer")).toContainText("综合年化成本");
}

async function signFiveAgreements(page: Page, slug: string, phone: string, channel: string) {
  await expect(page.getByRole("heading", { name: "签约" })).toBeVisible();
  await page.getByLabel(channel).check();
  await page.getByTestId("save-channel").click();
  await expect(page.getByTestId("agreements-to-sign").locator("li")).toHaveCount(5);
  for (const title of ["借款协议", "信用咨询及管理服务协议", "还款事项提醒函", "委托划扣协议书", "风险获知及承诺书"]) {
    await expect(page.getByTestId("agreements-to-sign")).toContainText(title);
  }
  await page.getByTestId("agreements-to-sign").locator("summary").first().click();
  await expect(page.getByTestId("agreements-to-sign").locator("pre").first()).toContainText("大写");
  await page.getByTestId("send-sign-code").click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  const code = await readSmsCode(page, slug, phone);
  await page.getByLabel("签约验证码").fill(code);
  await page.getByLabel("我已阅读全部五份协议，同意签署。").check();
  await page.getByTestId("sign").click();
  await expect(page.getByTestId("flash")).toHaveText("五份协议已签署，借款已发布募集。");
  await expect(page.getByTestId("application-status")).toHaveText("募集中");
}

async function ledgerCheckIsClean(finance: Page, slug: string) {
  await finance.goto(`/o/${slug}/finance/disbursements`);
  await finance.getByTestId("run-ledger-check").click();
  await expect(finance.getByTestId("ledger-check")).toHaveAttribute("data-ok", "true");
}

/**
 * Funding as it happens: the demo investor brings the loan's amount in cash to the store
 * counter (the clerk books it), then opens the listing the borrower's page links to and
 * lends the whole amount through the two-step invest form.
 */
async function fundThroughTheInvestor(browser: Browser, testInfo: TestInfo, borrowerPage: Page, input: { slug: string; prefix: string; amount: string }) {
  const listing = await borrowerPage.getByTestId("loan-listing-link").getAttribute("href");
  expect(listing).toMatch(/\/invest\/loans\//);

  const clerk = await staffPage(browser, testInfo);
  await signInWithPassword(clerk, input.slug, `${input.prefix}0003`);
  await clerk.goto(`/o/${input.slug}/store`);
  await clerk.getByLabel("出借人手机号").fill(`${input.prefix}0002`);
  await clerk.getByRole("button", { name: "查找" }).click();
  await clerk.getByLabel("收取现金（元）").fill(input.amount);
  await clerk.getByLabel("收据编号").fill(`E2E-F${Date.now() % 1_000_000}`);
  await clerk.getByRole("button", { name: "确认收款并入账" }).click();
  await expect(clerk.getByTestId("receipt")).toBeVisible();
  await clerk.context().close();

  const investor = await staffPage(browser, testInfo);
  await signInWithPassword(investor, input.slug, `${input.prefix}0002`);
  await investor.goto(listing!);
  await investor.getByLabel("出借金额（元）").fill(input.amount);
  await investor.getByRole("button", { name: /下一步/ }).click();
  await investor.getByRole("button", { name: "确认出借" }).click();
  await expect(investor.getByTestId("invested-notice")).toBeVisible();
  await investor.context().close();
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

  const risk = await staffPage(browser, testInfo);
  await approveAsRiskOfficer(risk, slug, prefix, "张桂兰", "50000", true, testInfo, "borrower-02");
  await snap(risk, testInfo, "borrower-03-approved");

  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已批准，待签约");
  await expect(page.getByTestId("offer")).toContainText("¥50,000.00");
  await page.getByTestId("go-sign").click();
  await snap(page, testInfo, "borrower-04-offer");
  await signFiveAgreements(page, slug, phone, "存折自动划扣");
  await expect(page.getByTestId("agreements").locator("li")).toHaveCount(5);
  const pdf = await page.request.get(await page.getByTestId("pdf-loan").getAttribute("href").then((h) => h!));
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await snap(page, testInfo, "borrower-05-signed");

  await fundThroughTheInvestor(browser, testInfo, page, { slug, prefix, amount: "50000" });
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已满标，待放款");

  await risk.goto(`/o/${slug}/logout`).catch(() => undefined);
  const finance = await staffPage(browser, testInfo);
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
  await signInWithPassword(page, slug, `${prefix}0003`);
  await page.getByRole("link", { name: "营业厅" }).first().click();
  await page.getByRole("link", { name: "借款登记与放款" }).click();
  await expect(page.getByRole("heading", { name: "营业厅柜台" })).toBeVisible();
  await page.getByLabel("客户手机号").fill(customer);
  await page.getByRole("button", { name: "发送验证码到客户手机" }).click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  await page.getByLabel("客户收到的验证码").fill(await readSmsCode(page, slug, customer));
  await page.getByRole("button", { name: "核对并开始登记" }).click();
  await expect(page.getByTestId("step-indicator")).toContainText("店员代填");
  await fillSteps(page, { amount: "20000", term: "6", purpose: "种植", note: "30 亩小麦春耕农资", product: /种植贷/, name: "刘大山", id: customerId, disbursement: "营业厅领取现金", income: "80000" });
  await expect(page.getByTestId("application-status")).toHaveText("风控审核中");
  await snap(page, testInfo, "store-01-submitted");

  const risk = await staffPage(browser, testInfo);
  await approveAsRiskOfficer(risk, slug, prefix, "刘大山", "20000", false, testInfo, "store-02");

  await page.goto(`/o/${slug}/store/loans`);
  await page.getByTestId("store-applications").locator("a").filter({ hasText: "刘大山" }).click();
  await expect(page.getByText("您正在营业厅见证客户签约")).toBeVisible();
  await signFiveAgreements(page, slug, customer, "营业厅现金还款");
  await expect(page.getByTestId("agreements")).toContainText("见证人 张店员");
  await fundThroughTheInvestor(browser, testInfo, page, { slug, prefix, amount: "20000" });
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已满标，待放款");

  await page.goto(`/o/${slug}/store/loans`);
  await page.getByTestId("cash-queue").locator("li").filter({ hasText: "刘大山" }).getByRole("button", { name: "已核对身份，交付现金" }).click();
  await expect(page.getByTestId("store-done")).toHaveText("现金已交付，借款已放款。");
  await snap(page, testInfo, "store-03-cash");

  const finance = await staffPage(browser, testInfo);
  await signInWithPassword(finance, slug, `${prefix}0006`);
  await ledgerCheckIsClean(finance, slug);
  await expect(finance.getByTestId("recent-disbursements")).toContainText("营业厅领取现金");

  // The customer sees the loan and its schedule on their own phone.
  const own = await staffPage(browser, testInfo);
  await signInWithSms(own, slug, customer);
  await expect(own.getByTestId("signed-in")).toBeVisible();
  await own.goto(`/o/${slug}/borrow`);
  await own.getByTestId("my-applications").locator("a").first().click();
  await expect(own.getByTestId("application-status")).toHaveText("已放款，还款中");
  await expect(own.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
  await expect(own.getByTestId("repayment-channel")).toContainText("营业厅现金还款");
  await snap(own, testInfo, "store-04-customer-schedule");
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

  const risk = await staffPage(browser, testInfo);
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
