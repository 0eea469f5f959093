import { randomInt } from "node:crypto";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { signInWithPassword, signInWithSms, snap } from "./helpers";

// Each viewport in its own operator, apart from the investor and finance journeys' operators.
const OPERATOR = { phone: { slug: "telecom", prefix: "1890000" }, desktop: { slug: "unicom", prefix: "1860000" } } as const;

/** A valid resident ID (GB 11643 check character) of someone born in 1988. */
function residentId(): string {
  const first17 = `320102198803${String(randomInt(10, 28))}${String(randomInt(0, 1000)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

/** A Luhn-valid card number ending 0000: the sandbox custody bank refuses payouts to it (ACCOUNT_CLOSED). */
function closedCardNumber(): string {
  const head = `6222${String(randomInt(0, 10 ** 7)).padStart(7, "0")}`;
  const luhn = (digits: string) =>
    [...digits].reverse().reduce((acc, ch, i) => {
      let d = Number(ch);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      return acc + d;
    }, 0);
  return `${head}${(10 - (luhn(`${head}00000`) % 10)) % 10}0000`;
}

async function newPage(browser: Browser, testInfo: TestInfo, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const { viewport, deviceScaleFactor, isMobile, hasTouch, locale, baseURL } = testInfo.project.use;
  const context = await browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch, locale, baseURL, ...options });
  return context.newPage();
}

test("a withdrawal the bank refuses: finance approves, fetches the bank's result, the money is back in the wallet and the investor is told", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const base = `/o/${slug}`;
  const phone = `136${String(randomInt(0, 10 ** 8)).padStart(8, "0")}`;
  const card = closedCardNumber();

  // A new investor registers with a card whose account the bank has closed.
  await signInWithSms(page, slug, phone);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await page.goto(`${base}/invest/register`);
  await page.getByLabel("真实姓名").fill("退款测试");
  await page.getByLabel("居民身份证号").fill(residentId());
  await page.getByLabel("开户银行").selectOption("CCB");
  await page.getByLabel("本人银行卡号").fill(card);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "提交实名认证" }).click();
  await expect(page.getByTestId("registered-notice")).toBeVisible();

  // Cash at the store counter: ¥2,000 into the wallet.
  const clerk = await newPage(browser, testInfo);
  await signInWithPassword(clerk, slug, `${prefix}0003`);
  await clerk.getByRole("link", { name: "门店" }).first().click();
  await clerk.getByLabel("出借人手机号").fill(phone);
  await clerk.getByRole("button", { name: "查找" }).click();
  await clerk.getByLabel("收取现金（元）").fill("2000");
  await clerk.getByLabel("收据编号").fill(`PO-${randomInt(100000, 999999)}`);
  await clerk.getByRole("button", { name: "确认收款并入账" }).click();
  await expect(clerk.getByTestId("receipt")).toContainText("¥2,000.00");
  await clerk.context().close();

  // The investor asks for ¥500 to the card.
  await page.goto(`${base}/me/withdraw`);
  await expect(page.getByTestId("withdraw-card")).toContainText("0000");
  await page.getByLabel("提现金额（元）").fill("500");
  await page.getByRole("button", { name: "申请提现" }).click();
  await expect(page.getByTestId("withdraw-requested")).toBeVisible();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");

  // Finance approves through the confirmation step; the instruction goes to the (sandbox) custody bank.
  const finance = await newPage(browser, testInfo);
  await signInWithPassword(finance, slug, `${prefix}0005`);
  await finance.goto(`${base}/finance/withdrawals`);
  const item = finance.getByTestId("withdrawal-queue").locator("li", { hasText: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  await expect(item).toContainText("¥500.00");
  await item.getByRole("button", { name: "批准…" }).click();
  const confirm = finance.getByTestId("payout-confirm");
  await expect(confirm).toContainText("¥500.00");
  await expect(confirm).toContainText("0000");
  await snap(finance, testInfo, "payouts-00-confirm");
  await confirm.getByRole("button", { name: "确认批准并发送银行指令" }).click();
  await expect(finance.getByTestId("withdrawal-done")).toHaveText("已批准，付款指令已送达托管银行，银行处理中。");

  // Until the bank's result is in, the investor sees 银行处理中 and the money reserved, never 已到账.
  await page.reload();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("银行处理中");
  await page.goto(`${base}/me/wallet`);
  await expect(page.getByTestId("wallet-available")).toHaveText("¥1,500.00");
  await expect(page.getByTestId("wallet-reserved")).toHaveText("¥500.00");

  // Finance fetches the bank's results: the payout failed, with the bank's reason.
  await finance.getByTestId("fetch-bank-results").click();
  await expect(finance.getByTestId("payout-fetched")).toContainText("已获取银行结果");
  const failed = finance.getByTestId("withdrawal-queue").locator("li", { hasText: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  await expect(failed.getByTestId("finance-withdrawal-status")).toHaveText("打款失败，资金已退回");
  await expect(failed).toContainText("收款账户已销户");
  await snap(finance, testInfo, "payouts-01-finance-failed");
  await finance.context().close();

  // The money is available again, the withdrawal says so, and the investor got a text.
  await page.reload();
  await expect(page.getByTestId("wallet-available")).toHaveText("¥2,000.00");
  await expect(page.getByTestId("wallet-reserved")).toHaveText("¥0.00");
  await page.goto(`${base}/me/withdraw`);
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("打款失败，资金已退回");
  await expect(page.getByTestId("withdrawal-failure")).toHaveText("银行退回原因：收款账户已销户");
  await snap(page, testInfo, "payouts-02-investor-failed");
  const outbox = await page.context().newPage();
  await outbox.goto(`${base}/dev/sms`);
  await expect(outbox.locator(`[data-phone="${phone}"] [data-testid="sms-body"]`).first()).toContainText("打款失败（收款账户已销户），资金已退回可用余额");
  await outbox.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("finance approves a withdrawal through the confirmation step and fetches the bank's result with plain HTML forms", async ({ page, browser }, testInfo) => {
    const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
    const base = `/o/${slug}`;
    await signInWithPassword(page, slug, `${prefix}0002`);
    await page.goto(`${base}/me/withdraw`);
    await page.getByLabel("提现金额（元）").fill("100.50");
    await page.getByRole("button", { name: "申请提现" }).click();
    await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");

    const finance = await newPage(browser, testInfo, { javaScriptEnabled: false });
    await signInWithPassword(finance, slug, `${prefix}0006`);
    await finance.goto(`${base}/finance/withdrawals`);
    const item = finance.getByTestId("withdrawal-queue").locator("li", { hasText: "¥100.50" }).first();
    await item.getByRole("button", { name: "批准…" }).click();
    // The first press only shows the confirmation step: nothing is sent yet.
    await expect(finance.getByTestId("payout-confirm")).toContainText("¥100.50");
    await page.reload();
    await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");
    await finance.getByRole("button", { name: "确认批准并发送银行指令" }).click();
    await expect(finance.getByTestId("withdrawal-done")).toHaveText("已批准，付款指令已送达托管银行，银行处理中。");
    await page.reload();
    await expect(page.getByTestId("withdrawal-status").first()).toHaveText("银行处理中");
    await finance.getByTestId("fetch-bank-results").click();
    await expect(finance.getByTestId("payout-fetched")).toContainText("已获取银行结果");
    await finance.context().close();
    await page.reload();
    await expect(page.getByTestId("withdrawal-status").first()).toHaveText("已到账");
  });
});
