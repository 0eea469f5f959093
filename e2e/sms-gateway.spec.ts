import { expect, test } from "@playwright/test";
import { snap } from "./helpers";

// The sandbox SMS gateway plays an unreachable provider for numbers 1700000xxxx
// (services/sms/sandbox-sms-gateway.ts), as Alibaba Cloud does when it times out or fails.
test("an SMS provider that cannot send: a clear message beside the phone field, never a 500; the throttle counts the send", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone" ? "17000000001" : "17000000002";
  await page.goto("/o/unicom/login");
  const field = page.getByLabel("手机号");
  await field.fill(phone);
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/o/unicom/login"));
  await page.getByRole("button", { name: "获取验证码" }).click();
  expect((await response).status()).toBeLessThan(500);
  const error = page.getByText("短信发送失败，请稍后重试");
  await expect(error).toBeVisible();
  // Beside the field: the input names the message as its description.
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  expect(describedBy).not.toBe("");
  const described = await Promise.all(describedBy.split(" ").map((id) => page.locator(`#${id}`).textContent()));
  expect(described).toContain("短信发送失败，请稍后重试");
  await expect(page.getByTestId("code-sent")).toHaveCount(0);
  await snap(page, testInfo, "sms-send-failed");

  // The outbox (demo) shows the message as failed, with the provider's code.
  await page.goto("/o/unicom/dev/sms");
  const row = page.locator(`[data-phone="${phone}"]`).first();
  await expect(row.getByTestId("sms-status")).toHaveText("发送失败");
  await expect(row).toContainText("SANDBOX_UNREACHABLE");

  // Asking again at once: the throttle counts the failed send as it counts every code issued.
  await page.goto("/o/unicom/login");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByText(/发送太频繁，请 \d+ 秒后再试/)).toBeVisible();
});

test("the outbox shows each message rendered from its kind, with its delivery status", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone" ? "18600000031" : "18600000032";
  await page.goto("/o/unicom/login");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  await page.goto("/o/unicom/dev/sms");
  const row = page.locator(`[data-phone="${phone}"]`).first();
  await expect(row.getByTestId("sms-body")).toHaveText(/^【中国联通·普惠金融】您的登录验证码是\d{6}，5分钟内有效。请勿告诉他人。$/);
  // Delivered once the receipt poll has run (every ten seconds); sent until then.
  await expect(row.getByTestId("sms-status")).toHaveText(/已提交运营商|已送达/);
  await snap(page, testInfo, "sms-outbox");
});
