import { expect, test } from "@playwright/test";

const PAGES = ["/", "/o/unicom", "/o/unicom/login", "/o/unicom/no-such-page", "/o/no-such-operator", "/healthz"];

test("security headers on every page; framing only by the operator's listed origins", async ({ request }) => {
  for (const path of PAGES) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("default-src 'self'");
    expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  const operatorCsp = (await request.get("/o/unicom")).headers()["content-security-policy"];
  expect(operatorCsp).toContain("frame-ancestors 'self' http://localhost:3100");
  const rootCsp = (await request.get("/")).headers()["content-security-policy"];
  expect(rootCsp).toMatch(/frame-ancestors 'self'(;|$)/);
});

test("health check answers 200 while the database answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("cross-site POSTs are refused: foreign Origin, or missing or wrong CSRF token", async ({ request, baseURL }) => {
  const form = { locale: "en", returnTo: "/" };
  const foreign = await request.post("/lang", { form: { ...form, _csrf: "x" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);

  const noToken = await request.post("/lang", { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(noToken.status()).toBe(403);
  const wrongToken = await request.post("/lang", { form: { ...form, _csrf: "A".repeat(32) }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(wrongToken.status()).toBe(403);

  // The same request with this browser's token (from its cookie and page) goes through.
  const page = await request.get("/o/unicom");
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(token).toBeTruthy();
  const ok = await request.post("/lang", { form: { ...form, _csrf: token! }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(ok.status()).toBe(302);
  expect(ok.headers()["set-cookie"]).toContain("lang=");
});

test("a POST that is not a form gets 400, not a 500", async ({ request, baseURL }) => {
  const response = await request.post("/o/unicom/login", {
    data: { phone: "18600000001" },
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
});

test("a NUL in a link or a form field, or a malformed id, gets a readable 400 or 404, never a 500", async ({ page, request, baseURL }) => {
  for (const path of ["/o/unicom/invest?sort=%00", "/o/unicom/login?returnTo=%00", "/o/unicom/invest?q=%E0%A4%A"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain("链接无效");
  }
  await page.goto("/o/unicom/login?method=password");
  const token = await page.locator('input[name="_csrf"]').first().inputValue();
  const nul = await page.request.post("/o/unicom/login?method=password", { form: { _csrf: token, phone: "18600000005\u0000", password: "Demo1234" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(nul.status()).toBe(400);
  expect(await nul.text()).toContain("控制字符");
  expect((await request.get("/o/unicom/invest/loans/not-a-uuid")).status()).toBe(404);
});

test("signing in rotates the CSRF token, and signed-in pages and files are never cached", async ({ page, context }) => {
  await page.goto("/o/unicom/login?method=password");
  const csrf = async () => (await context.cookies()).find((c) => c.name === "csrf")?.value;
  const before = await csrf();
  expect(before).toBeTruthy();
  const anonymous = await page.request.get("/o/unicom/invest");
  expect(anonymous.headers()["cache-control"] ?? "").not.toContain("no-store");

  await page.getByLabel(/^(手机号|Phone number)$/).fill("18600000002");
  await page.getByLabel(/^(密码|Password)$/).fill("Demo1234");
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await expect(page.getByTestId("signed-in")).toBeVisible();
  const after = await csrf();
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  // The page rendered after sign-in carries the new token, so its forms still work.
  expect(await page.locator('input[name="_csrf"]').first().inputValue()).toBe(after);

  for (const path of ["/o/unicom/me/wallet", "/o/unicom/me/portfolio", "/o/unicom/invest"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
});

test("every response carries a request id; a body over the limit gets a readable 413 before any route reads it", async ({ request, baseURL }) => {
  const first = (await request.get("/o/unicom")).headers()["x-request-id"];
  const second = (await request.get("/o/unicom")).headers()["x-request-id"];
  expect(first).toMatch(/^[0-9a-f]{12}$/);
  expect(second).not.toBe(first);

  const big = await request.post("/o/unicom/login", {
    headers: { Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" },
    data: `phone=${"1".repeat(2 * 1024 * 1024)}`,
    maxRedirects: 0,
  });
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain("提交的内容太大");
});

test("a form field longer than the one limit (4,000 characters) gets a readable 400, whatever the form", async ({ request, baseURL }) => {
  await request.get("/o/unicom/login");
  const token = (await request.storageState()).cookies.find((c) => c.name === "csrf")?.value;
  expect(token).toBeTruthy();
  const post = (phone: string) =>
    request.post("/o/unicom/login", { form: { _csrf: token!, intent: "send", phone }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  const long = await post("1".repeat(4_001));
  expect(long.status()).toBe(400);
  expect(await long.text()).toContain("每项最多 4000 个字");
  // At the limit the form itself answers (a field error beside the phone number), not the edge.
  const atLimit = await post("1".repeat(4_000));
  expect(atLimit.status()).toBe(200);
});
