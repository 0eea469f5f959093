import { expect, type Browser, type Page, type TestInfo } from "@playwright/test";
import { newPage, readSmsCode, signInWithPassword, snap } from "./helpers";

/**
 * The borrower journey's steps, as people do them in the UI (no dev-only route): the
 * application form, the risk officer's review, the five agreements signed by SMS, an
 * investor funding the listing with cash taken at a store counter, and the store's cash
 * payout. borrower.spec.ts and repayment.spec.ts build their loans with these.
 */

export async function fillSteps(
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

export async function approveAsRiskOfficer(risk: Page, slug: string, prefix: string, name: string, amount: string, callBack: boolean, testInfo: TestInfo, shot: string) {
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

/**
 * Signs by SMS code. Passbook debit adds the debit entrustment (委托划扣协议书) to the four
 * agreements every borrower signs; other channels do not sign it.
 */
export async function signAgreements(page: Page, slug: string, phone: string, channel: string) {
  await expect(page.getByRole("heading", { name: "签约" })).toBeVisible();
  await page.getByLabel(channel).check();
  await page.getByTestId("save-channel").click();
  const debit = channel === "存折自动划扣";
  await expect(page.getByTestId("agreements-to-sign").locator("li")).toHaveCount(debit ? 5 : 4);
  for (const title of ["借款协议", "信用咨询及管理服务协议", "还款事项提醒函", "风险获知及承诺书"]) {
    await expect(page.getByTestId("agreements-to-sign")).toContainText(title);
  }
  if (debit) await expect(page.getByTestId("agreements-to-sign")).toContainText("委托划扣协议书");
  else await expect(page.getByTestId("agreements-to-sign")).not.toContainText("委托划扣协议书");
  await page.getByTestId("agreements-to-sign").locator("summary").first().click();
  await expect(page.getByTestId("agreements-to-sign").locator("pre").first()).toContainText("大写");
  await page.getByTestId("send-sign-code").click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  const code = await readSmsCode(page, slug, phone);
  await page.getByLabel("签约验证码").fill(code);
  await page.getByLabel("我已阅读以上全部协议，同意签署。").check();
  await page.getByTestId("sign").click();
  await expect(page.getByTestId("flash")).toHaveText("协议已全部签署，借款已发布募集。");
  await expect(page.getByTestId("application-status")).toHaveText("募集中");
}

export async function ledgerCheckIsClean(finance: Page, slug: string) {
  await finance.goto(`/o/${slug}/finance/disbursements`);
  await finance.getByTestId("run-ledger-check").click();
  await expect(finance.getByTestId("ledger-check")).toHaveAttribute("data-ok", "true");
}

/**
 * Funding as it happens: the demo investor brings the loan's amount in cash to the store
 * counter (the clerk books it), then opens the listing the borrower's page links to and
 * lends the whole amount through the two-step invest form.
 */
export async function fundThroughTheInvestor(browser: Browser, testInfo: TestInfo, borrowerPage: Page, input: { slug: string; prefix: string; amount: string }) {
  const listing = await borrowerPage.getByTestId("loan-listing-link").getAttribute("href");
  expect(listing).toMatch(/\/invest\/loans\//);

  const clerk = await newPage(browser, testInfo);
  await signInWithPassword(clerk, input.slug, `${input.prefix}0003`);
  await clerk.goto(`/o/${input.slug}/store`);
  await clerk.getByLabel("出借人手机号").fill(`${input.prefix}0002`);
  await clerk.getByRole("button", { name: "查找" }).click();
  await clerk.getByLabel("收取现金（元）").fill(input.amount);
  await clerk.getByLabel("收据编号").fill(`E2E-F${Date.now() % 1_000_000}`);
  await clerk.getByRole("button", { name: "确认收款并入账" }).click();
  await expect(clerk.getByTestId("receipt")).toBeVisible();
  await clerk.context().close();

  const investor = await newPage(browser, testInfo);
  await signInWithPassword(investor, input.slug, `${input.prefix}0002`);
  await investor.goto(listing!);
  await investor.getByLabel("出借金额（元）").fill(input.amount);
  await investor.getByRole("button", { name: /下一步/ }).click();
  await investor.getByRole("button", { name: "确认出借" }).click();
  await expect(investor.getByTestId("invested-notice")).toBeVisible();
  await investor.context().close();
}

/**
 * A store customer's loan from the counter to the cash in hand: the clerk registers the
 * customer (SMS code on the customer's phone), fills the application, the risk officer
 * approves it, the customer signs at the counter with 营业厅现金还款, an investor funds it and
 * the clerk hands over the cash. `page` is the clerk's; it ends on the store's loan page.
 */
export async function storeLoanThroughCashPayout(
  page: Page,
  browser: Browser,
  testInfo: TestInfo,
  o: { slug: string; prefix: string; customer: string; name: string; id: string; amount: string; term: string; purpose: string; note: string; product: RegExp; shot: string },
): Promise<void> {
  await signInWithPassword(page, o.slug, `${o.prefix}0003`);
  await page.getByRole("link", { name: "营业厅" }).first().click();
  await page.getByRole("link", { name: "借款登记与放款" }).click();
  await expect(page.getByRole("heading", { name: "营业厅柜台" })).toBeVisible();
  await page.getByLabel("客户手机号").fill(o.customer);
  await page.getByRole("button", { name: "发送验证码到客户手机" }).click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  await page.getByLabel("客户收到的验证码").fill(await readSmsCode(page, o.slug, o.customer));
  await page.getByRole("button", { name: "核对并开始登记" }).click();
  await expect(page.getByTestId("step-indicator")).toContainText("店员代填");
  await fillSteps(page, { amount: o.amount, term: o.term, purpose: o.purpose, note: o.note, product: o.product, name: o.name, id: o.id, disbursement: "营业厅领取现金", income: "80000" });
  await expect(page.getByTestId("application-status")).toHaveText("风控审核中");
  await snap(page, testInfo, `${o.shot}-01-submitted`);

  const risk = await newPage(browser, testInfo);
  await approveAsRiskOfficer(risk, o.slug, o.prefix, o.name, o.amount, false, testInfo, `${o.shot}-02`);
  await risk.context().close();

  await page.goto(`/o/${o.slug}/store/loans`);
  await page.getByTestId("store-applications").locator("a").filter({ hasText: o.name }).click();
  await expect(page.getByText("您正在营业厅见证客户签约")).toBeVisible();
  await signAgreements(page, o.slug, o.customer, "营业厅现金还款");
  await expect(page.getByTestId("agreements")).toContainText("见证人 张店员");
  await fundThroughTheInvestor(browser, testInfo, page, { slug: o.slug, prefix: o.prefix, amount: o.amount });
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已满标，待放款");

  await page.goto(`/o/${o.slug}/store/loans`);
  await page.getByTestId("cash-queue").locator("li").filter({ hasText: o.name }).getByRole("button", { name: "已核对身份，交付现金" }).click();
  await expect(page.getByTestId("store-done")).toHaveText("现金已交付，借款已放款。");
  await snap(page, testInfo, `${o.shot}-03-cash`);
}
