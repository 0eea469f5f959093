import { randomInt } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { expect, type Browser, type Page, type TestInfo } from "@playwright/test";

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

/** Signs in by SMS code; with `returnTo`, the sign-in page sends the person there afterwards. */
export async function signInWithSms(page: Page, operatorSlug: string, phone: string, options: { returnTo?: string } = {}): Promise<void> {
  await page.goto(`/o/${operatorSlug}/login${options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ""}`);
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

/** Signs in by password; without `returnTo` the person lands on the operator's home, signed in. */
export async function signInWithPassword(page: Page, operatorSlug: string, phone: string, password = "Demo1234", options: { returnTo?: string } = {}): Promise<void> {
  await page.goto(`/o/${operatorSlug}/login?method=password${options.returnTo ? `&returnTo=${encodeURIComponent(options.returnTo)}` : ""}`);
  await page.getByLabel(/^(手机号|Phone number)$/).fill(phone);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  if (!options.returnTo) await expect(page.getByTestId("signed-in")).toBeVisible();
}

export async function signOut(page: Page, operatorSlug: string): Promise<void> {
  await page.goto(`/o/${operatorSlug}/account`);
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("home-heading")).toBeVisible();
}

/** A page in a context of its own (another person on another device) at the project's screen size. */
export async function newPage(browser: Browser, testInfo: TestInfo, options: { baseURL?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const { viewport, deviceScaleFactor, isMobile, hasTouch, locale } = testInfo.project.use;
  const { baseURL = testInfo.project.use.baseURL, javaScriptEnabled = true } = options;
  const context = await browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch, locale, baseURL, javaScriptEnabled });
  return context.newPage();
}

/** A valid resident ID (GB 11643 check character) of someone born in 1985. */
export function residentId(): string {
  const first17 = `410102198506${String(randomInt(10, 28))}${String(randomInt(0, 1000)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

/** A Luhn-valid 16-digit card number. */
export function cardNumber(): string {
  const body = `6222${String(randomInt(0, 10 ** 11)).padStart(11, "0")}`;
  for (let check = 0; check <= 9; check++) {
    const digits = body + check;
    const sum = [...digits].reverse().reduce((acc, ch, i) => {
      let d = Number(ch);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      return acc + d;
    }, 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

/** A new mobile number no demo account uses. */
export function newMobile(prefix = "137"): string {
  return `${prefix}${String(randomInt(0, 10 ** (11 - prefix.length))).padStart(11 - prefix.length, "0")}`;
}

/** Fills the 实名认证 form (the page is open); the consent box is left to the caller. */
export async function fillRealName(page: Page, person: { name: string; idNumber: string; card: string }): Promise<void> {
  await page.getByLabel("真实姓名").fill(person.name);
  await page.getByLabel("居民身份证号").fill(person.idNumber);
  await page.getByLabel("开户银行").selectOption("CCB");
  await page.getByLabel("本人银行卡号").fill(person.card);
}

/** Answers 风险测评 (the page is open) as a balanced investor: low and medium risk loans. */
export async function takeBalancedRiskAssessment(page: Page): Promise<void> {
  const answers: Record<string, string> = { 1: "31–50 岁", 2: "20–50 万元", 3: "10%–30%", 4: "买过银行理财或基金", 5: "6–12 个月", 6: "10% 以内", 7: "担心，但愿意等待催收结果" };
  for (const [n, text] of Object.entries(answers)) {
    await page.getByRole("group", { name: new RegExp(`^${n}\\.`) }).getByLabel(text, { exact: true }).check();
  }
  await page.getByRole("button", { name: "提交测评" }).click();
  await expect(page.getByTestId("risk-grade")).toHaveText("稳健型");
}

/**
 * A new investor: a new number signs in by SMS code (the first sign-in creates the account),
 * registers its real name and takes the risk assessment — what cash at a counter needs.
 */
export async function registerInvestor(page: Page, operatorSlug: string, person: { phone: string; name: string; idNumber?: string; card?: string }): Promise<void> {
  await signInWithSms(page, operatorSlug, person.phone, { returnTo: `/o/${operatorSlug}/invest/register` });
  await expect(page.getByRole("heading", { name: "实名认证" })).toBeVisible();
  await fillRealName(page, { name: person.name, idNumber: person.idNumber ?? residentId(), card: person.card ?? cardNumber() });
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "提交实名认证" }).click();
  await expect(page.getByTestId("registered-notice")).toBeVisible();
  await takeBalancedRiskAssessment(page);
}

/** At the store counter (门店 from the clerk's home): finds the investor and takes cash; the receipt shows. */
export async function takeCashAtCounter(clerk: Page, input: { phone: string; nameMasked: string; amountYuan: string; receiptNo: string }): Promise<void> {
  await clerk.getByRole("link", { name: "门店" }).first().click();
  await clerk.getByLabel("出借人手机号").fill(input.phone);
  await clerk.getByRole("button", { name: "查找" }).click();
  await expect(clerk.getByTestId("counter-investor")).toContainText(input.nameMasked);
  await clerk.getByLabel("收取现金（元）").fill(input.amountYuan);
  await clerk.getByLabel("收据编号").fill(input.receiptNo);
  await clerk.getByRole("button", { name: "确认收款并入账" }).click();
}

/** What an authenticator app holding `key` (base32, as shown on the enrolment page) shows now, and its 30-second step. */
export function authenticatorCode(key: string): { code: string; step: number } {
  const bytes = decodeBase32IgnorePadding(key.replace(/\s+/g, "").toUpperCase());
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const code = generateTOTP(bytes, 30, 6);
    if (Math.floor(Date.now() / 30_000) === step) return { code, step };
  }
}

/**
 * A code the portal has not seen yet: a code is accepted once, so after `lastStep` the
 * person waits for the authenticator's next code, as they would.
 */
export async function freshAuthenticatorCode(key: string, lastStep: number | null): Promise<{ code: string; step: number }> {
  if (lastStep !== null && Math.floor(Date.now() / 30_000) <= lastStep) {
    await new Promise((resolve) => setTimeout(resolve, (lastStep + 1) * 30_000 - Date.now() + 200));
  }
  return authenticatorCode(key);
}

/**
 * On 两步验证 for someone not yet enrolled: 开始设置, the key typed into an authenticator (read
 * from the page as a person who cannot scan would), the first code, the ten recovery codes, 继续.
 */
export async function enrolSecondFactor(page: Page, testInfo: TestInfo, snapPrefix: string): Promise<{ key: string; step: number }> {
  await expect(page.getByRole("heading", { name: "两步验证" })).toBeVisible();
  await page.getByRole("button", { name: "开始设置" }).click();
  await expect(page.getByTestId("totp-qr").locator("svg")).toBeVisible();
  const key = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(key).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await snap(page, testInfo, `${snapPrefix}-totp-scan`);
  const { code, step } = authenticatorCode(key);
  await page.getByLabel("验证器上的 6 位验证码").fill(code);
  await page.getByRole("button", { name: "完成设置" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await snap(page, testInfo, `${snapPrefix}-totp-recovery-codes`);
  await page.getByRole("link", { name: "我已保存，继续" }).click();
  return { key, step };
}

/** On 两步验证 for an enrolled person: the authenticator's current (unused) code. */
export async function proveSecondFactor(page: Page, key: string, lastStep: number | null): Promise<number> {
  await expect(page.getByRole("heading", { name: "两步验证" })).toBeVisible();
  const { code, step } = await freshAuthenticatorCode(key, lastStep);
  await page.getByLabel("动态验证码").fill(code);
  await page.getByRole("button", { name: "验证" }).click();
  return step;
}
