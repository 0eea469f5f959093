import { expect, test } from "@playwright/test";
import { signInWithPassword, snap } from "./helpers";

// Each viewport works its own operator's overdue demo case (services/demo/seed-demo.ts seedDemoCollections).
const OPERATOR = { phone: { slug: "unicom", prefix: "1860000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;

test("collections: the collector works the overdue demo case — contact, promise, note on the timeline, and the statistics count the contact", async ({ page }, testInfo) => {
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  await signInWithPassword(page, slug, `${prefix}0007`);
  await page.getByRole("link", { name: "催收" }).first().click();
  await expect(page.getByRole("heading", { name: "催收工作台" })).toBeVisible();
  const item = page.getByTestId("collect-case").filter({ hasText: "陈大勇" });
  await expect(item).toBeVisible();
  await expect(item).toContainText(/逾期 \d+ 天/);
  await snap(page, testInfo, "collections-01-queue");

  await item.click();
  await expect(page.getByRole("heading", { name: "催收案件" })).toBeVisible();
  await expect(page.getByTestId("borrower-phone")).toHaveText(`${prefix}0041`);
  await expect(page.getByTestId("installments")).toContainText("逾期");
  await snap(page, testInfo, "collections-02-case");

  await page.getByLabel("联系方式").selectOption("phone");
  await page.getByLabel("结果", { exact: true }).selectOption("reached");
  await page.getByLabel("备注").first().fill("本人接听，称下周卖菜后还款");
  await page.getByRole("button", { name: "登记联系" }).click();
  await expect(page.getByTestId("collect-done")).toHaveText("联系已登记。");
  await expect(page.getByTestId("timeline-contact")).toContainText("电话 · 已联系上");

  await page.getByLabel("承诺金额（元）").fill("500");
  const inAWeek = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("承诺日期").fill(inAWeek);
  await page.getByRole("button", { name: "登记承诺" }).click();
  await expect(page.getByTestId("collect-done")).toHaveText("还款承诺已登记。");
  await expect(page.getByTestId("timeline-promise")).toContainText("待履约");

  await page.locator("#field-case-note").fill("约定下周三上门回访");
  await page.getByRole("button", { name: "保存备注" }).click();
  await expect(page.getByTestId("collect-done")).toHaveText("备注已保存。");
  const timeline = page.getByTestId("timeline");
  await expect(timeline.getByText("约定下周三上门回访")).toBeVisible();
  await expect(timeline.getByText("本人接听，称下周卖菜后还款")).toBeVisible();
  await snap(page, testInfo, "collections-03-timeline");

  // A bad promise date is refused beside the field.
  await page.getByLabel("承诺金额（元）").fill("0");
  await page.getByLabel("承诺日期").fill(inAWeek);
  await page.getByRole("button", { name: "登记承诺" }).click();
  await expect(page.getByText("请输入大于 0 的金额，最多两位小数")).toBeVisible();

  await page.getByRole("link", { name: "统计" }).click();
  await expect(page.getByRole("heading", { name: "催收统计" })).toBeVisible();
  await expect(page.getByTestId("stats-team").getByTestId("stat-contacts-today")).toHaveText("1");
  await expect(page.getByTestId("stats-team").getByTestId("stat-open")).toHaveText("1");
  await snap(page, testInfo, "collections-04-stats");
});
