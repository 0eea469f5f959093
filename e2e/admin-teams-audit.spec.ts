import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signInWithPassword, snap } from "./helpers";

// Each viewport its own operator, so the two runs do not share teams or settings (and leave both as they found them).
const OPERATOR = { phone: { slug: "mobile", prefix: "1380000" }, desktop: { slug: "telecom", prefix: "1890000" } } as const;

test("admin: collection teams with their members and day ranges, the audit log filtered and exported, and the reason asked before personal data", async ({ page }, testInfo) => {
  const { slug, prefix } = OPERATOR[testInfo.project.name as keyof typeof OPERATOR];
  await signInWithPassword(page, slug, `${prefix}0008`);
  await page.goto(`/o/${slug}/admin/teams`);
  await expect(page.getByRole("heading", { name: "催收团队" })).toBeVisible();
  const early = page.locator('[data-testid="team"][data-code="early"]');
  const senior = page.locator('[data-testid="team"][data-code="senior"]');
  await expect(early.getByTestId("team-range")).toHaveText("逾期天数 1–30 天");
  await expect(senior.getByTestId("team-range")).toHaveText("逾期天数 31 天及以上");
  await expect(early.getByTestId("team-member")).toContainText("周催收");
  await expect(senior.getByTestId("team-member")).toContainText("郑资深");
  await snap(page, testInfo, "admin-teams-01");

  // A gap between the ranges is refused beside the field, in Chinese; nothing changes.
  await page.getByLabel("资深催收 开始天数").fill("41");
  await page.getByRole("button", { name: "保存范围" }).click();
  await expect(page.getByText("逾期第 31–40 天没有团队负责，请衔接上一个团队的范围")).toBeVisible();
  await expect(senior.getByTestId("team-range")).toHaveText("逾期天数 31 天及以上");
  await snap(page, testInfo, "admin-teams-02-range-error");
  // Moving both bounds together is accepted, then put back.
  await page.getByLabel("早期催收 结束天数").fill("40");
  await page.getByLabel("资深催收 开始天数").fill("41");
  await page.getByRole("button", { name: "保存范围" }).click();
  await expect(page.getByTestId("teams-done")).toHaveText("范围已保存");
  await expect(senior.getByTestId("team-range")).toHaveText("逾期天数 41 天及以上");
  await page.getByLabel("早期催收 结束天数").fill("30");
  await page.getByLabel("资深催收 开始天数").fill("31");
  await page.getByRole("button", { name: "保存范围" }).click();
  await expect(senior.getByTestId("team-range")).toHaveText("逾期天数 31 天及以上");

  // 周催收 joins the senior team and leaves it again.
  await senior.getByLabel("催收员").selectOption({ label: `周催收 ${prefix.slice(0, 3)}****${prefix.slice(-1)}007` });
  await senior.getByRole("button", { name: "加入团队" }).click();
  await expect(page.getByTestId("teams-done")).toHaveText("已加入团队");
  await expect(senior.getByTestId("team-member")).toHaveCount(2);
  await senior.getByTestId("team-member").filter({ hasText: "周催收" }).getByRole("button", { name: "移出" }).click();
  await expect(page.getByTestId("teams-done")).toHaveText("已移出团队");
  await expect(senior.getByTestId("team-member")).toHaveCount(1);

  // The audit log: each change is there under its Chinese label; the filter narrows it; the CSV carries it.
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByTestId("audit-log")).toContainText("修改团队逾期天数范围");
  await page.getByLabel("操作", { exact: true }).selectOption({ label: "移出催收团队" });
  await page.getByLabel("操作人手机号").fill(`${prefix}0008`);
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  await expect(page.getByTestId("audit-row")).toContainText("移出催收团队");
  await expect(page.getByTestId("audit-log")).not.toContainText("collections.");
  await snap(page, testInfo, "admin-audit-01-filtered");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-csv").click()]);
  expect(download.suggestedFilename()).toBe(`audit-${slug}.csv`);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.split("\r\n")[0]).toBe('\uFEFF"时间","操作人","操作人手机号","操作","操作代码","对象","详情"');
  expect(csv.split("\r\n").filter((l) => l.includes('"移出催收团队"'))).toHaveLength(1);

  // With the reason rule on, the case page hides the borrower until a reason is given; the view is audited with it.
  await page.goto(`/o/${slug}/admin/audit`);
  await page.getByTestId("reason-setting").getByRole("button", { name: "开启" }).click();
  await expect(page.getByTestId("reason-setting")).toContainText("已开启");
  await page.goto(`/o/${slug}/collect`);
  await page.getByTestId("collect-case").filter({ hasText: "陈" }).first().click();
  await expect(page.getByTestId("borrower-name")).toHaveText("陈*勇");
  await expect(page.getByTestId("reveal-form")).toBeVisible();
  await snap(page, testInfo, "admin-reveal-01-ask");
  await page.getByLabel("查看事由").fill("核对还款承诺");
  await page.getByRole("button", { name: "查看", exact: true }).click();
  await expect(page.getByTestId("borrower-name")).toHaveText("陈大勇");
  await expect(page.getByTestId("reveal-form")).toHaveCount(0);
  await page.goto(`/o/${slug}/admin/audit?action=personal_data.viewed`);
  await expect(page.getByTestId("audit-row").first()).toContainText("查看完整个人信息");
  await expect(page.getByTestId("audit-row").first()).toContainText("事由：核对还款承诺");
  await page.getByTestId("reason-setting").getByRole("button", { name: "关闭" }).click();
  await expect(page.getByTestId("reason-setting")).toContainText("未开启");
  await snap(page, testInfo, "admin-audit-02");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the teams page and the audit filter work before JavaScript loads", async ({ page }, testInfo) => {
    // The other operator of each viewport, so this does not race the test above for its data.
    const { slug, prefix } = testInfo.project.name === "phone" ? { slug: "unicom", prefix: "1860000" } : { slug: "mobile", prefix: "1380000" };
    await signInWithPassword(page, slug, `${prefix}0008`);
    // The other viewport's first test administers this operator too: count its rows first.
    const filtered = `/o/${slug}/admin/audit?action=collections.team_member_added`;
    await page.goto(filtered);
    const before = await page.getByTestId("audit-row").count();
    await page.goto(`/o/${slug}/admin/teams`);
    const senior = page.locator('[data-testid="team"][data-code="senior"]');
    await senior.getByRole("button", { name: "加入团队" }).click();
    await expect(page.getByTestId("teams-done")).toHaveText("已加入团队");
    await expect(senior.getByTestId("team-member")).toHaveCount(2);
    await senior.getByTestId("team-member").filter({ hasText: "周催收" }).getByRole("button", { name: "移出" }).click();
    await expect(senior.getByTestId("team-member")).toHaveCount(1);
    await page.getByLabel("早期催收 结束天数").fill("");
    await page.getByRole("button", { name: "保存范围" }).click();
    await expect(page.getByText("与上一个团队的范围重叠（第 31 天已有团队负责）")).toBeVisible();

    await page.goto(`/o/${slug}/admin/audit`);
    await page.getByLabel("操作", { exact: true }).selectOption({ label: "加入催收团队" });
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/action=collections\.team_member_added/);
    await expect(page.getByTestId("audit-row")).toHaveCount(before + 1);
  });
});
