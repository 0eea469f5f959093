import { randomInt } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { newMobile, newPage, registerInvestor, signInWithPassword, signInWithSms, snap, takeCashAtCounter } from "./helpers";

// Phone project only: a network of its own, so this file's SMS codes do not count against the
// sign-in form's per-address limit (20 an hour) of the other journeys (playwright.config.ts).
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.22" } });

// Each viewport in its own operator (the phone project is the one that matters: 360 px).
const OPERATOR = { phone: { slug: "telecom", prefix: "1890000" }, desktop: { slug: "unicom", prefix: "1860000" } } as const;
const operatorOf = (testInfo: TestInfo) => OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/** The investor asks to withdraw `yuan`; finance refuses it with `reason` (a withdrawal_update notification). */
async function withdrawalRefused(page: Page, finance: Page, slug: string, phone: string, yuan: string, reason: string) {
  await page.goto(`/o/${slug}/me/withdraw`);
  await page.getByLabel("提现金额（元）").fill(yuan);
  await page.getByRole("button", { name: "申请提现" }).click();
  await expect(page.getByTestId("withdrawal-status").first()).toHaveText("待审核");
  await finance.goto(`/o/${slug}/finance/withdrawals`);
  const item = finance.getByTestId("withdrawal-queue").locator("li", { hasText: masked(phone) }).filter({ hasText: `¥${yuan}.00` }).first();
  await item.getByLabel("拒绝原因（拒绝时必填）").fill(reason);
  await item.getByRole("button", { name: "拒绝" }).click();
  await expect(finance.getByText("已拒绝，冻结资金已退回出借人。")).toBeVisible();
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("站内信: each notification the SMS sends is in the inbox too, with the unread count in the header; opening reads one, a form reads all", async ({ page, browser }, testInfo) => {
    test.setTimeout(180_000);
    const { slug, prefix } = operatorOf(testInfo);
    const phone = newMobile("135");
    await registerInvestor(page, slug, { phone, name: "站内信" });
    await expect(page.getByTestId("nav-inbox-unread")).toHaveCount(0);

    const clerk = await newPage(browser, testInfo, { javaScriptEnabled: false });
    await signInWithPassword(clerk, slug, `${prefix}0003`);
    await takeCashAtCounter(clerk, { phone, nameMasked: "*信", amountYuan: "1000", receiptNo: `IN-${randomInt(100000, 999999)}` });
    await expect(clerk.getByTestId("receipt")).toContainText("¥1,000.00");
    await clerk.context().close();

    const finance = await newPage(browser, testInfo, { javaScriptEnabled: false });
    await signInWithPassword(finance, slug, `${prefix}0005`);
    await withdrawalRefused(page, finance, slug, phone, "300", "银行卡信息待核实");
    await withdrawalRefused(page, finance, slug, phone, "200", "请改日再试");
    await finance.context().close();

    // Two refusals: two unread items, the newest first, in the SMS's own words.
    await page.goto(`/o/${slug}/me/wallet`);
    await expect(page.getByTestId("nav-inbox-unread")).toHaveText("2");
    await page.getByTestId("nav-inbox").click();
    await expect(page.getByRole("heading", { name: "站内信" })).toBeVisible();
    await expect(page.getByTestId("inbox-unread")).toHaveText("2 条未读");
    const items = page.getByTestId("inbox-item");
    await expect(items).toHaveCount(2);
    await expect(items.first()).toContainText("提现进度");
    await expect(items.first()).toContainText("您的提现¥200.00未通过审核：请改日再试。资金已回到可用余额。");
    await expect(items.nth(1)).toContainText("银行卡信息待核实");
    await snap(page, testInfo, "inbox-00-list");

    // Opening one marks it read.
    await items.nth(1).click();
    await expect(page.getByTestId("inbox-message")).toContainText("您的提现¥300.00未通过审核：银行卡信息待核实。");
    await expect(page.getByTestId("nav-inbox-unread")).toHaveText("1");
    await snap(page, testInfo, "inbox-01-message");
    await page.getByRole("link", { name: "返回站内信" }).click();
    await expect(page.getByTestId("inbox-unread")).toHaveText("1 条未读");

    // The SMS went too, with the same words.
    const outbox = await page.context().newPage();
    await outbox.goto(`/o/${slug}/dev/sms`);
    await expect(outbox.locator(`[data-phone="${phone}"] [data-testid="sms-body"]`).first()).toContainText("您的提现¥200.00未通过审核：请改日再试。资金已回到可用余额。");
    await outbox.close();

    // "Mark all read" is a plain form.
    await page.getByTestId("inbox-mark-all").click();
    await expect(page.getByRole("status")).toHaveText("已将 1 条标为已读。");
    await expect(page.getByTestId("inbox-unread")).toHaveText("全部已读");
    await expect(page.getByTestId("nav-inbox-unread")).toHaveCount(0);
    await snap(page, testInfo, "inbox-02-all-read");

    // Nobody else opens it.
    const other = await newPage(browser, testInfo, { javaScriptEnabled: false });
    await signInWithPassword(other, slug, `${prefix}0002`);
    const href = await items.first().getAttribute("href");
    const response = await other.goto(href!);
    expect(response?.status()).toBe(404);
    await other.context().close();

    // On English pages the same items read in English, rendered from their kind and parameters.
    await page.getByRole("button", { name: "Switch to English" }).first().click();
    await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await expect(items.first()).toContainText("Your withdrawal of ¥200.00 was not approved: 请改日再试. The money is back in your available balance.");
    await expect(items.first()).not.toContainText("您的提现");
    await items.first().click();
    await expect(page.getByTestId("inbox-message")).toContainText("Received: ");
    await expect(page.getByTestId("inbox-message")).toContainText("Your withdrawal of ¥200.00 was not approved: 请改日再试. The money is back in your available balance.");
    await snap(page, testInfo, "inbox-03-english");
  });
});

test("个人信息: the investor downloads their data and is told why the account cannot be closed; a person with nothing outstanding closes theirs and cannot sign in again", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const { slug, prefix } = operatorOf(testInfo);

  // The demo investor: money in the wallet, so closing is refused with the reason.
  await signInWithPassword(page, slug, `${prefix}0002`);
  await page.goto(`/o/${slug}/account`);
  await page.getByTestId("account-privacy").click();
  await expect(page.getByRole("heading", { name: "个人信息下载与账户注销" })).toBeVisible();
  await expect(page.getByTestId("privacy-obstacles")).toContainText("您的钱包还有余额或冻结资金。请先提现到本人银行卡。");
  await snap(page, testInfo, "privacy-00-investor");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("privacy-export").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^personal-data-${slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const data = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(data).toMatchObject({ format: "personal-data-export", profile: { phone: `${prefix}0002`, roles: expect.arrayContaining(["investor"]) } });
  expect(data.profile.investorRealName.idNumberMasked).toContain("*");
  expect(Number(data.wallet.closing)).toBeGreaterThan(0);
  await page.getByLabel(/我已了解注销后不能再登录/).check();
  await page.getByTestId("privacy-close-submit").click();
  await expect(page.getByText("目前不能注销，原因见上方。")).toBeVisible();

  // Someone with nothing on the platform closes their account.
  const person = await newPage(browser, testInfo);
  const phone = newMobile("134");
  await signInWithSms(person, slug, phone);
  await expect(person.getByTestId("signed-in")).toBeVisible();
  await person.goto(`/o/${slug}/account/privacy`);
  await expect(person.getByText("目前没有未结清的借款、出借或钱包余额，可以注销。")).toBeVisible();
  await person.getByTestId("privacy-close-submit").click();
  await expect(person.getByText("请勾选确认后再注销")).toBeVisible();
  await snap(person, testInfo, "privacy-01-confirm-required");
  await person.getByLabel(/我已了解注销后不能再登录/).check();
  await person.getByTestId("privacy-close-submit").click();
  await expect(person.getByTestId("account-closed")).toContainText("您的账户已注销，所有设备均已退出登录。");
  await expect(person.getByRole("link", { name: "登录" })).toBeVisible();
  await snap(person, testInfo, "privacy-02-closed");

  // The account page now asks to sign in, and signing in by SMS is refused beside the phone.
  await person.goto(`/o/${slug}/account`);
  await expect(person).toHaveURL(/\/login\?returnTo=/);
  await signInWithSms(person, slug, phone);
  await expect(person.getByText("该账户已由本人注销，不能再登录。如有疑问请联系客服。")).toBeVisible();
  await snap(person, testInfo, "privacy-03-sign-in-refused");
  await person.context().close();
});

test("信息披露: anyone, not signed in, opens the platform disclosure from the home page footer", async ({ page }, testInfo) => {
  const { slug } = operatorOf(testInfo);
  await page.goto(`/o/${slug}`);
  await expect(page.getByTestId("home-heading")).toBeVisible();
  await page.getByTestId("footer-disclosure").click();
  await expect(page.getByRole("heading", { name: "信息披露", level: 1 })).toBeVisible();
  await expect(page.getByTestId("platform-companyName")).toContainText("普惠金融信息服务有限公司（演示）");
  await expect(page.getByTestId("platform-custodyBank")).toContainText("沙盒托管银行");
  await expect(page.getByTestId("platform-establishedOn")).toContainText("2026年11月21日");
  await expect(page.getByTestId("public-risk")).toContainText("平台不对出借本金或收益提供任何担保或承诺");
  await expect(page.getByTestId("public-figures-title")).toHaveText(/^运营数据（\d{4}年\d{1,2}月，截至 \d{4}年\d{1,2}月\d{1,2}日）$/);
  await expect(page.getByTestId("figure-cumulativeDisbursedCny")).toContainText(/¥[\d,]+\.\d{2}/);
  await expect(page.getByTestId("public-related")).toContainText("累计关联借款笔数");
  await expect(page.getByTestId("public-compensatory")).toContainText("¥0.00");
  // The page fits a 360-px phone: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await snap(page, testInfo, "disclosure-00-public");

  // A month not yet over is refused beside the field; the last full month shows instead.
  await page.getByLabel("月份").fill("2099-01");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(page.getByText("请选择有效的月份，例如 2026-11")).toBeVisible();
  await expect(page.getByTestId("public-figures-title")).not.toContainText("2099");
});
