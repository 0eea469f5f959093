import { expect, test } from "@playwright/test";
import { readSmsCode, signInWithSms, snap } from "./helpers";

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

test("borrower and investor pages are plain HTML: a borrower step and the invest pages work and load no framework script", async ({ page, browser }, testInfo) => {
  const { slug, prefix } = testInfo.project.name === "phone" ? { slug: "telecom", prefix: "1890000" } : { slug: "mobile", prefix: "1380000" };
  const frameworkScripts: string[] = [];
  const watch = (p: typeof page) =>
    p.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/build/") && /\.js$/.test(new URL(request.url()).pathname)) frameworkScripts.push(request.url());
    });
  watch(page);
  // A borrower's first step, signed in by SMS code, without JavaScript.
  await signInWithSms(page, slug, `${prefix}0072`);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await page.goto(`/o/${slug}/borrow`);
  await page.getByTestId("start-application").click();
  await page.getByLabel("借款金额（元）").fill("8000");
  await page.getByLabel("希望借多久（月）").fill("10");
  await page.getByLabel("助学", { exact: true }).check();
  await page.getByLabel("用途说明").fill("大一学费");
  await page.getByTestId("step-submit").click();
  await expect(page.getByRole("heading", { name: "选择产品" })).toBeVisible();
  // The invest list and a loan's page.
  await page.goto(`/o/${slug}/invest`);
  await page.getByTestId("loan-card").first().click();
  await expect(page.getByTestId("loan-heading")).toBeVisible();
  await expect(page.getByTestId("schedule")).toBeVisible();
  expect(frameworkScripts).toEqual([]);

  // With JavaScript on, the same pages still ask for no framework script (they render none).
  const use = testInfo.project.use;
  const withJs = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport, locale: use.locale, javaScriptEnabled: true });
  const live = await withJs.newPage();
  watch(live);
  for (const path of [`/o/${slug}`, `/o/${slug}/login`, `/o/${slug}/invest`]) {
    await live.goto(path);
    await expect(live.locator("script[src], link[rel=modulepreload]")).toHaveCount(0);
  }
  await live.getByTestId("loan-card").first().click();
  await expect(live.getByTestId("loan-heading")).toBeVisible();
  expect(frameworkScripts).toEqual([]);
  await withJs.close();
});
