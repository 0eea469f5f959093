import { expect, test } from "@playwright/test";
import { freshPortal, type FreshPortal } from "./fresh-portal";

/**
 * Two portal processes on one PostgreSQL database, as behind a load balancer (docs/scale-out.md):
 * nothing a person does may depend on which one answers. Both are fresh portals with demo data on a
 * database of their own, sharing one APP_SECRET as instances in production do.
 */
const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

test.describe("two portal instances on one database", () => {
  test.skip(!process.env.DATABASE_URL, "two instances need PostgreSQL (the embedded PGlite belongs to one process); CI sets DATABASE_URL");
  let first: FreshPortal | undefined;
  let second: FreshPortal | undefined;

  test.beforeAll(async () => {
    const env = { APP_SECRET: "two-instances-e2e-secret-0123456789abcdef", TRUST_PROXY: "loopback" };
    first = await freshPortal({ preferredPort: E2E_PORT + 30, demoData: true, databaseName: "two_instances", env });
    await first.start();
    second = await freshPortal({ preferredPort: E2E_PORT + 31, demoData: true, env, sameDatabaseAs: first });
    await second.start();
  });
  test.afterAll(async () => {
    await second?.dispose();
    await first?.dispose();
  });

  test("a sign-in, a sign-out and the SMS code interval made on one instance hold on the other", async ({ page }) => {
    const [a, b] = [first!.url, second!.url];
    // Signed in on the first instance; the second knows the session (cookies go to localhost, any port).
    await page.goto(`${a}/o/unicom/login?method=password`);
    await page.getByLabel(/^手机号$/).fill("18600000002");
    await page.getByLabel(/^密码$/).fill("Demo1234");
    await page.getByRole("button", { name: /^登录$/ }).click();
    await expect(page.getByTestId("signed-in")).toBeVisible();
    await page.goto(`${b}/o/unicom`);
    await expect(page.getByTestId("signed-in")).toBeVisible();

    // A form the second instance rendered signs out everywhere (one session store, one CSRF secret).
    await page.goto(`${b}/o/unicom/account`);
    await page.getByTestId("sign-out").click();
    await page.goto(`${a}/o/unicom`);
    await expect(page.getByTestId("signed-in")).toHaveCount(0);

    // One code a minute per phone, whichever instance is asked.
    const phone = `139${String(Date.now() % 100_000_000).padStart(8, "0")}`;
    for (const [origin, sent] of [[a, true], [b, false]] as const) {
      await page.goto(`${origin}/o/unicom/login`);
      await page.getByLabel(/手机号/).fill(phone);
      await page.getByRole("button", { name: /获取验证码/ }).click();
      if (sent) await expect(page.getByTestId("code-sent")).toBeVisible();
      else await expect(page.getByRole("alert").first()).toContainText(/请 \d+ 秒后再试/);
    }
  });

  test("an investment made on one instance shows at once on the other's invest list, which it serves anonymously from a copy", async ({ page, browser }) => {
    const [a, b] = [first!.url, second!.url];
    // A visitor who is not signed in reads the list on the second instance (twice: the second answer is its copy).
    const visitor = await (await browser.newContext()).newPage();
    const loan = visitor.getByTestId("loan-card").filter({ hasText: "助学贷" });
    await visitor.goto(`${b}/o/unicom/invest`);
    await visitor.goto(`${b}/o/unicom/invest`);
    await expect(loan.getByTestId("loan-left")).toContainText("¥8,000.00");
    const href = await loan.getAttribute("href");

    // The demo investor invests ¥100 through the first instance.
    await page.goto(`${a}/o/unicom/login?method=password`);
    await page.getByLabel(/^手机号$/).fill("18600000002");
    await page.getByLabel(/^密码$/).fill("Demo1234");
    await page.getByRole("button", { name: /^登录$/ }).click();
    await expect(page.getByTestId("signed-in")).toBeVisible();
    await page.goto(`${a}${href}`);
    await page.getByLabel("出借金额（元）").fill("100");
    await page.getByRole("button", { name: /下一步/ }).click();
    await visitor.reload(); // a copy made a moment before the investment (it would serve for a second)
    await page.getByRole("button", { name: "确认出借" }).click();
    await expect(page.getByTestId("invested-notice")).toBeVisible();

    // The visitor's next load on the second instance shows it: the notice dropped the copy.
    await visitor.reload();
    await expect(loan.getByTestId("loan-left")).toContainText("¥7,900.00");
    // The copy is shared, the CSRF token is not: the visitor's own token lets them switch language there.
    await visitor.getByRole("button", { name: "Switch to English" }).click();
    await expect(visitor.getByRole("heading", { name: "Loans to fund" })).toBeVisible();
    await visitor.context().close();
  });
});
