import { expect, type Page, type TestInfo } from "@playwright/test";

/** Keeps a full-page screenshot of what the user sees as a test artifact (test-results/). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Reads the newest code sent to `phone` from the sandbox SMS outbox page. */
export async function readSmsCode(page: Page, operatorSlug: string, phone: string): Promise<string> {
  const outbox = await page.context().newPage();
  await outbox.goto(`/o/${operatorSlug}/dev/sms`);
  const body = await outbox.locator(`[data-phone="${phone}"] [data-testid="sms-body"]`).first().textContent();
  await outbox.close();
  const code = /(\d{6})/.exec(body ?? "")?.[1];
  expect(code, `an SMS code for ${phone} in the outbox`).toBeTruthy();
  return code!;
}

export async function signInWithSms(page: Page, operatorSlug: string, phone: string): Promise<void> {
  await page.goto(`/o/${operatorSlug}/login`);
  await page.getByLabel(/手机号|Phone number/).fill(phone);
  await page.getByRole("button", { name: /获取验证码|Send code/ }).click();
  // The product allows one code a minute per phone; journeys that sign the same demo user in
  // again soon after another wait out the interval the page states, as a person would.
  const wait = /请 (\d+) 秒后再试|in (\d+) s/.exec((await page.getByRole("alert").first().textContent({ timeout: 1_000 }).catch(() => null)) ?? "");
  if (wait) {
    await page.waitForTimeout((Number(wait[1] ?? wait[2]) + 1) * 1_000);
    await page.getByRole("button", { name: /获取验证码|Send code/ }).click();
  }
  await expect(page.getByTestId("code-sent")).toBeVisible();
  const code = await readSmsCode(page, operatorSlug, phone);
  await page.getByLabel(/^(验证码|Code)$/).fill(code);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
}

export async function signInWithPassword(page: Page, operatorSlug: string, phone: string, password = "Demo1234"): Promise<void> {
  await page.goto(`/o/${operatorSlug}/login?method=password`);
  await page.getByLabel(/^(手机号|Phone number)$/).fill(phone);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await expect(page.getByTestId("signed-in")).toBeVisible();
}

export async function signOut(page: Page, operatorSlug: string): Promise<void> {
  await page.goto(`/o/${operatorSlug}/account`);
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("home-heading")).toBeVisible();
}
