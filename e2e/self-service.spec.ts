import { randomInt } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { newMobile, newPage, registerInvestor, signInWithPassword, snap, takeCashAtCounter } from "./helpers";

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
  });
});
