import { readFileSync } from "node:fs";
import Decimal from "decimal.js";
import { expect, test, type Page } from "@playwright/test";
import { signInWithPassword, signOut, snap } from "./helpers";

// Each viewport works in its own operator's books, so the two runs do not see each other's entries.
const OPERATOR = { phone: { slug: "unicom", prefix: "1860000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;

function amountOf(text: string | null): Decimal {
  const digits = (text ?? "").replace(/[¥,\s]/g, "");
  expect(digits).toMatch(/^-?\d+\.\d{2}$/);
  return new Decimal(digits);
}

async function openStatement(page: Page, slug: string, code: string) {
  await page.goto(`/o/${slug}/finance/accounts?q=${encodeURIComponent(code)}`);
  await page.getByTestId("account-results").getByText(code, { exact: true }).click();
  await expect(page.getByTestId("statement-account")).toHaveText(code);
}

test("finance: trial balance, statement and CSV export, adjustment proposed by one user and approved by another", async ({ page }, testInfo) => {
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const maker = `${prefix}0005`;
  const checker = `${prefix}0006`;

  await signInWithPassword(page, slug, maker);
  await page.getByRole("link", { name: "财务" }).first().click();
  await expect(page.getByRole("heading", { name: "财务工作台" })).toBeVisible();
  await expect(page.getByTestId("tb-status")).toHaveText("借贷平衡");
  expect(amountOf(await page.getByTestId("tb-total-debits").textContent()).toFixed(2)).toBe(
    amountOf(await page.getByTestId("tb-total-credits").textContent()).toFixed(2),
  );
  await snap(page, testInfo, "finance-01-trial-balance");

  await openStatement(page, slug, "clearing:card");
  const before = amountOf(await page.getByTestId("statement-balance").textContent());
  await snap(page, testInfo, "finance-02-statement");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^statement-clearing_card.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('"期初余额"');
  expect(csv).toContain('"充值"');
  expect(csv).toContain(before.toFixed(2));

  // Propose: settle ¥100.00 of card clearing into the custody account.
  await page.getByRole("link", { name: "调账" }).click();
  await page.getByLabel("调账原因").fill("");
  await page.getByRole("button", { name: "提交复核" }).click();
  // The browser keeps an empty reason from being sent; with JS off the server says the same.
  await page.getByLabel("调账原因").fill("演示：银行卡通道结算入存管户 (E2E)");
  await page.getByLabel("第 1 行 · 账户").fill("custody:bank");
  await page.getByLabel("借方").first().fill("100.00");
  await page.getByLabel("第 2 行 · 账户").fill("clearing:card");
  await page.getByLabel("贷方").nth(1).fill("99.99");
  await page.getByRole("button", { name: "提交复核" }).click();
  await expect(page.getByText("借方合计与贷方合计不相等")).toBeVisible();
  await page.getByLabel("贷方").nth(1).fill("100.00");
  await page.getByRole("button", { name: "提交复核" }).click();
  await expect(page.getByTestId("adjustment-done")).toHaveText("调账已提交，等待另一名财务人员复核。");
  const proposal = page.getByTestId("adjustments").locator("li", { hasText: "演示：银行卡通道结算入存管户 (E2E)" }).first();
  await expect(proposal).toContainText("需由另一名财务人员复核");
  await expect(proposal.getByRole("button", { name: "批准并记账" })).toHaveCount(0);
  await snap(page, testInfo, "finance-03-proposed");

  // Nothing is posted until the checker approves.
  await openStatement(page, slug, "clearing:card");
  expect(amountOf(await page.getByTestId("statement-balance").textContent()).toFixed(2)).toBe(before.toFixed(2));
  await signOut(page, slug);

  await signInWithPassword(page, slug, checker);
  await page.goto(`/o/${slug}/finance/adjustments`);
  const pending = page.getByTestId("adjustments").locator("li", { hasText: "演示：银行卡通道结算入存管户 (E2E)" }).first();
  await pending.getByLabel("复核意见（可选）").fill("已核对银行回单");
  await pending.getByRole("button", { name: "批准并记账" }).click();
  await expect(page.getByTestId("adjustment-done")).toHaveText("已批准，凭证已记账。");
  await snap(page, testInfo, "finance-04-approved");

  await openStatement(page, slug, "clearing:card");
  expect(amountOf(await page.getByTestId("statement-balance").textContent()).toFixed(2)).toBe(before.minus(100).toFixed(2));
  // The statement line leads to the entry, the entry to its cause.
  await page.getByTestId("statement-entry-link").last().click();
  // Accounts are named as a person reads them; the code stays on the link.
  await expect(page.getByTestId("entry-postings")).toContainText("托管银行存款");
  await expect(page.getByTestId("entry-postings").locator('[data-code="custody:bank"]')).toBeVisible();
  await snap(page, testInfo, "finance-05-entry");
  await page.goto(`/o/${slug}/finance`);
  await expect(page.getByTestId("tb-status")).toHaveText("借贷平衡");
  await expect(page.getByTestId("tb-lines")).toContainText("出借人可用余额");
  await expect(page.getByTestId("tb-lines")).not.toContainText("wallet:available");
  await snap(page, testInfo, "finance-05b-trial-balance");
  // A class opens its accounts (50 a page) as of the same day; an account opens its statement.
  await page.getByTestId("tb-lines").getByRole("link", { name: "出借人可用余额" }).click();
  const accounts = page.getByTestId("tb-accounts");
  await expect(accounts.locator("a[data-code^='wallet:available:']").first()).toBeVisible();
  await snap(page, testInfo, "finance-05c-trial-balance-class");
  await accounts.locator("a[data-code^='wallet:available:']").first().click();
  await expect(page.getByTestId("statement-account")).toContainText("wallet:available:");

  await page.goto(`/o/${slug}/finance/audit`);
  await expect(page.getByTestId("audit-log")).toContainText("批准调账");
  await expect(page.getByTestId("audit-log")).toContainText("导出账户流水");
  await snap(page, testInfo, "finance-06-audit");
});

test("the finance console is refused to other roles", async ({ page }, testInfo) => {
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  await signInWithPassword(page, slug, `${prefix}0003`);
  await expect(page.getByRole("link", { name: "财务" })).toHaveCount(0);
  const response = await page.goto(`/o/${slug}/finance`);
  expect(response?.status()).toBe(403);
  await expect(page.getByText("您的账号没有权限使用这个页面。")).toBeVisible();
});
