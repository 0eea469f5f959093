import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signInWithPassword, signOut, snap } from "./helpers";

// Each viewport works in its own operator's books (as in finance.spec.ts).
const OPERATOR = { phone: { slug: "unicom", prefix: "1860000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;
const FIXTURES = "services/reconciliation/fixtures";
const STRIPE_DAY = "2026-11-20"; // the Beijing day of the sample's two charges

test("reconciliation: import Stripe and store cash files, resolve a break by adjustment approved by a second user, sign off, download the breaks report", async ({ page }, testInfo) => {
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  const maker = `${prefix}0005`;
  const checker = `${prefix}0006`;
  const base = `/o/${slug}/finance/reconciliation`;

  await signInWithPassword(page, slug, maker);
  await page.goto(`/o/${slug}/finance`);
  await page.getByRole("link", { name: "对账" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));

  // A broken file is refused whole, with the line and reason beside the field.
  await page.getByLabel("文件来源").selectOption("store_cash");
  await page.getByLabel("文件（CSV，UTF-8）").setInputFiles(`${FIXTURES}/store-cash-bad-date.csv`);
  await page.getByRole("button", { name: "导入并对账" }).click();
  await expect(page.getByTestId("file-error")).toContainText("第 3 行");

  for (const [source, file] of [["stripe_balance", "stripe-balance.csv"], ["store_cash", "store-cash.csv"]] as const) {
    await page.getByLabel("文件来源").selectOption(source);
    await page.getByLabel("文件（CSV，UTF-8）").setInputFiles(`${FIXTURES}/${file}`);
    await page.getByRole("button", { name: "导入并对账" }).click();
    await expect(page.getByTestId("import-done")).toContainText(file);
  }
  await snap(page, testInfo, "recon-01-dashboard");

  // The sample is about an earlier day: the recent imports lead to it.
  await page.getByTestId("recent-imports").getByRole("link", { name: /stripe-balance\.csv/ }).click();
  await expect(page.getByTestId("results").locator("li[data-status]")).toHaveCount(2);
  await page.getByRole("button", { name: "签核本日" }).click();
  await expect(page.getByTestId("day-error")).toContainText("未处理，不能签核");

  // The ¥1000 charge: an adjustment through the maker-checker.
  const charge = page.locator('li[data-status="missing_in_ours"]', { hasText: "1,000.00" });
  await charge.getByText("提出调账").click();
  const adjust = charge.locator("details", { hasText: "提出调账" });
  await adjust.locator('input[name="debit"]').fill("clearing:card");
  await adjust.locator('input[name="credit"]').fill("custody:bank");
  await adjust.locator('input[name="note"]').fill("Stripe 充值未入账，补记 (E2E)");
  await adjust.getByRole("button", { name: "提交" }).click();
  await expect(page.locator('li[data-state="awaiting_approval"]')).toHaveCount(1);

  // The ¥500 charge: a timing difference.
  const other = page.locator('li[data-state="open"]');
  await other.getByText("时间差").click();
  const timing = other.locator("details", { hasText: "时间差" });
  await timing.locator('input[name="note"]').fill("次日入账");
  await timing.getByRole("button", { name: "提交" }).click();
  await expect(page.locator('li[data-state="resolved"]')).toHaveCount(1);
  await snap(page, testInfo, "recon-02-awaiting");
  await signOut(page, slug);

  await signInWithPassword(page, slug, checker);
  await page.goto(`/o/${slug}/finance/adjustments`);
  const pending = page.getByTestId("adjustments").locator("li", { hasText: "Stripe 充值未入账，补记 (E2E)" }).first();
  await pending.getByRole("button", { name: "批准并记账" }).click();
  await expect(page.getByTestId("adjustment-done")).toHaveText("已批准，凭证已记账。");

  await page.goto(`${base}/stripe_balance/${STRIPE_DAY}`);
  await expect(page.locator('li[data-state="resolved"]')).toHaveCount(2);
  await page.getByRole("button", { name: "签核本日" }).click();
  await expect(page.getByTestId("signed-off")).toContainText("签核");
  await snap(page, testInfo, "recon-03-signed-off");

  await page.goto(base);
  // The samples are about 11-20 (Stripe) and 11-21 (store cash): the window ending 11-21 holds both.
  await page.getByLabel("显示截至该日的 14 天").fill("2026-11-21");
  await page.getByRole("button", { name: "查看", exact: true }).click();
  await expect(page.getByTestId(`cell-stripe_balance-${STRIPE_DAY}`)).toContainText("已签核");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-breaks").click()]);
  expect(download.suggestedFilename()).toMatch(/^reconciliation-breaks-.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('"store_cash"');
  expect(csv).toContain('"stripe_balance"');
  expect(csv).toContain('"timing: 次日入账"');
  await snap(page, testInfo, "recon-04-dashboard-after");
});
