import { execFileSync } from "node:child_process";
import { randomInt } from "node:crypto";
import Stripe from "stripe";
import { expect, test } from "@playwright/test";
import { cardNumber, fillRealName, newPage, residentId, signInWithPassword, signInWithSms, snap, takeBalancedRiskAssessment, takeCashAtCounter } from "./helpers";
import { E2E_STRIPE, fakeStripeOrigin } from "./stripe";

// Each viewport works in its own operator, with its own new investor, so the two runs never meet.
const OPERATOR = { phone: { slug: "mobile", prefix: "1380000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;

test("investor journey: register, real name, risk, card and cash top-up, filter, invest, returns, withdrawal paid once the bank says so", async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const base = `/o/${slug}`;
  const phone = `137${String(randomInt(0, 10 ** 8)).padStart(8, "0")}`;
  const idNumber = residentId();
  const card = cardNumber();

  // Register: a new number signs in by SMS code (the first sign-in creates the account).
  await page.goto(`${base}/invest`);
  await expect(page.getByRole("heading", { name: "投资列表" })).toBeVisible();
  await signInWithSms(page, slug, phone, { returnTo: `${base}/invest/register` });
  await expect(page.getByRole("heading", { name: "实名认证" })).toBeVisible();

  // Real name: a wrong check digit and a missing consent are explained beside their fields.
  await fillRealName(page, { name: "测试出借人", idNumber: idNumber.slice(0, 17) + (idNumber[17] === "1" ? "2" : "1"), card });
  await page.getByRole("button", { name: "提交实名认证" }).click();
  await expect(page.getByText("身份证号校验位不正确，请检查")).toBeVisible();
  await expect(page.getByText("请阅读并同意出借人协议")).toBeVisible();
  await snap(page, testInfo, "investor-01-real-name-errors");
  await page.getByLabel("居民身份证号").fill(idNumber);
  await page.getByLabel("本人银行卡号").fill(card);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "提交实名认证" }).click();
  await expect(page.getByTestId("registered-notice")).toBeVisible();

  // Risk assessment: balanced (low and medium risk loans).
  await takeBalancedRiskAssessment(page);
  await snap(page, testInfo, "investor-02-risk-result");

  // Card top-up: Stripe's hosted page (the local stand-in), then the webhook the test signs.
  await page.goto(`${base}/me/wallet`);
  await page.getByLabel("充值金额（元）").fill("20000");
  await page.getByRole("button", { name: "去支付" }).click();
  await expect(page.getByTestId("top-up-status")).toHaveText("待支付");
  await page.getByTestId("pay-by-card").click();
  await expect(page.getByTestId("fake-checkout-amount")).toHaveText("CNY 20000.00");
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("awaiting-confirmation")).toBeVisible();
  await expect(page.getByTestId("top-up-status")).toHaveText("待支付");
  await snap(page, testInfo, "investor-03-awaiting-webhook");
  const session = await (await request.get(`${fakeStripeOrigin()}/v1/checkout/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${E2E_STRIPE.secretKey}` } })).json();
  const event = {
    id: `evt_e2e_${sessionId}`,
    object: "event",
    type: "checkout.session.completed",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { ...session, object: "checkout.session" } },
  };
  const payload = JSON.stringify(event);
  const deliver = (signature: string) => request.post("/webhooks/stripe", { data: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": signature } });
  expect((await deliver("t=1,v1=forged")).status()).toBe(400);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: E2E_STRIPE.webhookSecret });
  for (let delivery = 0; delivery < 3; delivery++) {
    const response = await deliver(signature);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, duplicate: delivery > 0 });
  }
  await page.reload();
  await expect(page.getByTestId("top-up-status")).toHaveText("已到账");
  await page.goto(`${base}/me/wallet`);
  await expect(page.getByTestId("wallet-available")).toHaveText("¥20,000.00");

  // Cash at the store counter: the clerk finds the investor, takes ¥3,000 and prints a receipt.
  const clerk = await newPage(browser, testInfo);
  await signInWithPassword(clerk, slug, `${prefix}0003`);
  await takeCashAtCounter(clerk, { phone, nameMasked: "测***人", amountYuan: "3000", receiptNo: `E2E-${randomInt(100000, 999999)}` });
  await expect(clerk.getByTestId("receipt")).toContainText("¥3,000.00");
  await snap(clerk, testInfo, "investor-04-store-receipt");
  await clerk.context().close();
  await page.reload();
  await expect(page.getByTestId("wallet-available")).toHaveText("¥23,000.00");
  await snap(page, testInfo, "investor-05-wallet");

  // Filter the invest list: medium risk, 10% or more, and open the livestock loan.
  await page.goto(`${base}/invest`);
  await page.getByText("筛选与排序").click();
  await page.getByLabel("风险等级").selectOption("medium");
  await page.getByLabel("年化利率").selectOption("0.10");
  await page.getByLabel("排序").selectOption("term_asc");
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/risk=medium/);
  await expect(page.getByTestId("invest-count")).toHaveText("共 2 个项目正在募集");
  await expect(page.getByTestId("loan-title")).toHaveText(["种植贷 · 30 亩小麦春耕农资", "养殖贷 · 补栏 20 头肉牛"]);
  await snap(page, testInfo, "investor-06-filtered-list");
  await page.getByTestId("loan-card").filter({ hasText: "养殖贷" }).click();
  await expect(page.getByTestId("disclosure")).toContainText("王*明");

  // Invest: the step rule is checked, then the confirmation shows the expected returns.
  await page.getByLabel("出借金额（元）").fill("5020");
  await page.getByRole("button", { name: /下一步/ }).click();
  await expect(page.getByText("出借金额须按 ¥50.00 递增")).toBeVisible();
  await page.getByLabel("出借金额（元）").fill("5000");
  await page.getByRole("button", { name: /下一步/ }).click();
  // 10% a year for 12 months, interest only: 5,000 × 10% = 500 of interest, 450 after the 10% fee.
  await expect(page.getByTestId("expected-interest")).toHaveText("¥450.00");
  await snap(page, testInfo, "investor-07-confirm");
  await page.getByRole("button", { name: "确认出借" }).click();
  await expect(page.getByTestId("invested-notice")).toBeVisible();
  const holding = page.getByTestId("holding").filter({ hasText: "养殖贷" });
  await expect(holding.getByTestId("holding-principal")).toHaveText("¥5,000.00");
  await expect(holding.getByTestId("holding-expected-interest")).toHaveText("¥450.00");
  await expect(holding.getByTestId("holding-status")).toHaveText("募集中");
  await holding.getByText("预期回款计划").click();
  await expect(holding.getByTestId("expected-schedule").locator("tbody tr")).toHaveCount(12);
  await snap(page, testInfo, "investor-08-portfolio");

  // Withdraw ¥1,000 to the registered card; finance approves it; the investor sees it paid.
  await page.goto(`${base}/me/withdraw`);
  await expect(page.getByTestId("withdraw-card")).toContainText(card.slice(-4));
  await page.getByLabel("提现金额（元）").fill("1000");
  await page.getByRole("button", { name: "申请提现" }).click();
  await expect(page.getByTestId("withdraw-requested")).toBeVisible();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");

  const finance = await newPage(browser, testInfo);
  await signInWithPassword(finance, slug, `${prefix}0005`);
  await finance.goto(`${base}/finance/withdrawals`);
  const request1 = finance.getByTestId("withdrawal-queue").locator("li", { hasText: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  await expect(request1).toContainText("¥1,000.00");
  await snap(finance, testInfo, "investor-09-finance-queue");
  await request1.getByRole("button", { name: "批准…" }).click();
  await finance.getByTestId("payout-confirm").getByRole("button", { name: "确认批准并发送银行指令" }).click();
  await expect(finance.getByTestId("withdrawal-done")).toHaveText("已批准，付款指令已送达托管银行，银行处理中。");
  // Not paid until the bank's result says so.
  await page.reload();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("银行处理中");
  await finance.getByTestId("fetch-bank-results").click();
  await expect(finance.getByTestId("payout-fetched")).toContainText("已获取银行结果");
  await finance.goto(`${base}/finance/ledger-check`);
  await expect(finance.getByTestId("ledger-check-status")).toHaveText("全部通过");
  await snap(finance, testInfo, "investor-10-ledger-check");
  await finance.context().close();

  await page.reload();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("已到账");
  await snap(page, testInfo, "investor-11-withdrawal-paid");
  await page.goto(`${base}/me/wallet`);
  // 23,000 − 5,000 reserved for the loan − 1,000 paid out.
  await expect(page.getByTestId("wallet-available")).toHaveText("¥17,000.00");
  await expect(page.getByTestId("wallet-reserved")).toHaveText("¥5,000.00");

  // `npm run ledger:check` over every operator's books, when the portal runs on a PostgreSQL the
  // test can reach too (CI); the embedded PGlite belongs to the portal process alone, and there
  // the finance console's check above ran the same checkLedger.
  if (process.env.DATABASE_URL) {
    const output = execFileSync("npx", ["tsx", "scripts/ledger-check.ts"], { env: { ...process.env }, encoding: "utf8" });
    expect(output).toMatch(/^ledger:check OK:/m);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the demo investor invests and asks for a withdrawal with plain HTML forms", async ({ page }, testInfo) => {
    const { slug, prefix } = testInfo.project.name === "phone" ? { slug: "unicom", prefix: "1860000" } : { slug: "mobile", prefix: "1380000" };
    const base = `/o/${slug}`;
    await signInWithPassword(page, slug, `${prefix}0002`);
    await page.goto(`${base}/invest?risk=low`);
    await page.getByTestId("loan-card").filter({ hasText: "助学贷" }).click();
    await page.getByLabel("出借金额（元）").fill("99");
    await page.getByRole("button", { name: /下一步/ }).click();
    await expect(page.getByText("出借金额至少 ¥100.00")).toBeVisible();
    await page.getByLabel("出借金额（元）").fill("200");
    await page.getByRole("button", { name: /下一步/ }).click();
    await expect(page.getByTestId("invest-confirm")).toContainText("¥200.00");
    await snap(page, testInfo, "investor-nojs-01-confirm");
    await page.getByRole("button", { name: "确认出借" }).click();
    await expect(page.getByTestId("invested-notice")).toBeVisible();
    await expect(page.getByTestId("holding").filter({ hasText: "助学贷" }).getByTestId("holding-status")).toHaveText("募集中");

    await page.goto(`${base}/me/withdraw`);
    await page.getByLabel("提现金额（元）").fill("100");
    await page.getByRole("button", { name: "申请提现" }).click();
    await expect(page.getByTestId("withdraw-requested")).toBeVisible();
    await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");
    await snap(page, testInfo, "investor-nojs-02-withdrawal");
  });
});
