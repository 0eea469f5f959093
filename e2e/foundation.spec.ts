import { expect, test } from "@playwright/test";
import { signInWithSms, snap } from "./helpers";

// Each viewport signs in a different demo borrower so the runs do not share SMS throttles.
const BORROWER = { phone: { slug: "unicom", phone: "18600000001" }, desktop: { slug: "mobile", phone: "13800000001" } } as const;

test("choose an operator, see its brand, switch language, sign in by SMS, sign out", async ({ page }, testInfo) => {
  const { slug, phone } = BORROWER[testInfo.project.name as keyof typeof BORROWER];

  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "选择您的运营商" })).toBeVisible();
  await expect(page.getByRole("link", { name: /中国联通/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /中国移动/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /中国电信/ })).toBeVisible();
  await snap(page, testInfo, "01-choose-operator");

  const operatorName = slug === "unicom" ? "中国联通" : "中国移动";
  await page.getByRole("link", { name: new RegExp(operatorName) }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  await expect(page.getByTestId("home-heading")).toContainText(`欢迎来到${operatorName}普惠金融`);
  // The header wears the operator's brand colour (from its CSS variables).
  const headerColour = await page.locator("header").first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(headerColour).toBe(slug === "unicom" ? "rgb(215, 0, 15)" : "rgb(0, 114, 198)");
  await snap(page, testInfo, "02-operator-home");

  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("home-heading")).toContainText("Welcome to");
  await snap(page, testInfo, "03-home-english");
  // The choice is remembered on the next visit.
  await page.goto(`/o/${slug}/login`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();

  await signInWithSms(page, slug, phone);
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  await expect(page.getByTestId("home-heading")).toContainText("王小明，您好");
  await expect(page.getByTestId("signed-in")).toContainText("借款人");
  await snap(page, testInfo, "04-signed-in-home");

  await page.getByRole("link", { name: "我的" }).first().click();
  await expect(page.getByTestId("account-phone")).toHaveText(`${phone.slice(0, 3)}****${phone.slice(7)}`);
  await snap(page, testInfo, "05-account");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  await expect(page.getByTestId("home-heading")).toContainText("欢迎来到");
  // Signed out means the account page now asks to sign in.
  await page.goto(`/o/${slug}/account`);
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/login\\?returnTo=`));
});

test("a wrong SMS code is explained beside the field", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone" ? "18900000003" : "18900000004";
  await page.goto("/o/telecom/login");
  await page.getByLabel("手机号").fill("12345");
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByText("请输入正确的 11 位手机号")).toBeVisible();
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  await page.getByLabel("验证码").fill("000000");
  await page.getByRole("button", { name: /^登录$/ }).click();
  // Either wrong (most likely) or, one time in a million, right.
  const wrong = page.getByText(/验证码不正确，还可以尝试 4 次/);
  await expect(wrong.or(page.getByTestId("signed-in"))).toBeVisible();
  await snap(page, testInfo, "06-wrong-code");
});

test("staff sign in with a password; wrong passwords are refused", async ({ page }, testInfo) => {
  await page.goto("/o/unicom/login?method=password");
  await page.getByLabel("手机号").fill("18600000005");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: /^登录$/ }).click();
  await expect(page.getByText("手机号或密码不正确")).toBeVisible();
  await page.getByLabel("密码").fill("Demo1234");
  await page.getByRole("button", { name: /^登录$/ }).click();
  await expect(page.getByTestId("signed-in")).toContainText("财务");
  await snap(page, testInfo, "07-staff-signed-in");
});

test("an unknown operator gives the 404 page in the user's language", async ({ page }, testInfo) => {
  const response = await page.goto("/o/no-such-operator");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("没有找到这个运营商");
  await snap(page, testInfo, "08-unknown-operator");
  const pageResponse = await page.goto("/o/unicom/no-such-page");
  expect(pageResponse?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("页面不存在");
  // A known operator's missing page keeps the operator's shell.
  await expect(page.locator("[data-operator=unicom]")).toBeVisible();
  await snap(page, testInfo, "09-page-not-found");
});
