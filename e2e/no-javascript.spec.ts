import { expect, test } from "@playwright/test";
import { readSmsCode, snap } from "./helpers";

test.use({ javaScriptEnabled: false });

test("forms work before JavaScript loads: language switch, SMS sign-in, sign-out", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone" ? "18900000001" : "13800000002";
  const slug = testInfo.project.name === "phone" ? "telecom" : "mobile";
  await page.goto(`/o/${slug}`);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

  await page.goto(`/o/${slug}/login`);
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  const code = await readSmsCode(page, slug, phone);
  await page.getByLabel("验证码").fill(code);
  await page.getByRole("button", { name: /^登录$/ }).click();
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await snap(page, testInfo, "no-js-signed-in");
  await page.goto(`/o/${slug}/account`);
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("home-heading")).toContainText("欢迎来到");
});
