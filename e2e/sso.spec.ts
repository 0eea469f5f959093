import { expect, test, type Page } from "@playwright/test";
import { snap } from "./helpers";

// Started by the Playwright web server with the portal (server.js, OPERATOR_IDP=sandbox).
const WEB_HALL = "http://localhost:3100"; // listed in the demo operators' frame ancestors
const UNLISTED_HOST = "http://localhost:3102"; // not listed anywhere
const SUBSCRIBER_PASSWORD = "Pass1234";

// Each viewport uses another operator so the runs share no sessions and show two brands.
const OPERATOR = {
  phone: { slug: "unicom", name: "中国联通", prefix: "1860000", colour: "rgb(215, 0, 15)" },
  desktop: { slug: "telecom", name: "中国电信", prefix: "1890000", colour: "rgb(29, 91, 191)" },
} as const;

function operatorFor(projectName: string) {
  return OPERATOR[projectName as keyof typeof OPERATOR];
}

/** Fills the sandbox operator's own sign-in page. */
async function signInAtOperator(page: Page, phone: string) {
  await page.getByLabel(/手机号码/).fill(phone);
  await page.getByLabel(/服务密码/).fill(SUBSCRIBER_PASSWORD);
  await page.getByRole("button", { name: /^登录/ }).click();
}

test("web hall: the framed portal signs on through the operator and shows the borrower home in the operator's brand", async ({ page }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  await page.goto(`${WEB_HALL}/${op.slug}`);
  const frame = page.frameLocator("#portal");
  await expect(frame.getByTestId("home-heading")).toContainText(`欢迎来到${op.name}普惠金融`);
  // The embed layout: the operator's page around it, none of our header or navigation inside.
  await expect(frame.locator("[data-embedded=true]")).toBeVisible();
  await expect(frame.locator("header")).toHaveCount(0);
  await expect(frame.getByRole("navigation", { name: "主导航" })).toHaveCount(0);
  // The frame told the web hall its height (postMessage to the listed origin).
  await expect(page.getByTestId("frame-height")).toHaveText(/^\d+ px$/);
  await snap(page, testInfo, "sso-01-web-hall");

  await frame.getByRole("link", { name: "登录", exact: true }).first().click();
  await expect(frame.getByTestId("sso-button")).toContainText(`使用${op.name}账号登录`);
  await snap(page, testInfo, "sso-02-web-hall-sign-in");

  // The operator's sign-in page refuses frames: it opens in a popup.
  const popupOpened = page.waitForEvent("popup");
  await frame.getByTestId("sso-button").click();
  const popup = await popupOpened;
  await expect(popup.getByRole("heading", { name: `登录${op.name}账号` })).toBeVisible();
  await snap(popup, testInfo, "sso-03-operator-sign-in-popup");
  const handoff = page.waitForResponse((r) => r.url().includes(`/o/${op.slug}/sso/handoff`));
  const popupClosed = popup.waitForEvent("close");
  await signInAtOperator(popup, `${op.prefix}0001`);
  await popupClosed;

  // The session was handed to the frame, in a cookie fit for a third-party frame.
  const setCookies = (await (await handoff).headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  expect(setCookies.find((c) => c.startsWith("sid=") && !c.includes("Max-Age=0"))).toMatch(/SameSite=None; Secure; Partitioned/);

  await expect(frame.getByTestId("home-heading")).toContainText("王小明，您好");
  await expect(frame.getByTestId("signed-in")).toContainText("借款人");
  const heroColour = await frame.getByTestId("home-heading").locator("xpath=..").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(heroColour).toBe(op.colour);
  await expect(frame.locator("header")).toHaveCount(0);
  await expect
    .poll(async () => Number((await page.getByTestId("frame-height").textContent())?.replace(/\D/g, "")))
    .toBeGreaterThan(300);
  await snap(page, testInfo, "sso-04-web-hall-signed-in");

  // Links inside the frame stay in the embed layout; sign-out there ends only our session.
  await frame.getByRole("link", { name: "我的" }).click();
  await expect(frame.getByTestId("account-phone")).toHaveText(`${op.prefix.slice(0, 3)}****${op.prefix.slice(7)}0001`);
  await expect(frame.locator("header")).toHaveCount(0);
  await frame.getByTestId("sign-out").click();
  await expect(frame.getByTestId("home-heading")).toContainText("欢迎来到");
  expect(page.url()).toBe(`${WEB_HALL}/${op.slug}`);
});

test("web hall: a tap on the sign-on button before the page's script has loaded still signs on in the frame", async ({ page }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  // A slow phone: the frame's script arrives only after the visitor has tapped the button.
  let releaseScripts!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
  await page.route("**/build/**/*.js", async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto(`${WEB_HALL}/${op.slug}`, { waitUntil: "domcontentloaded" });
  const frame = page.frameLocator("#portal");
  await frame.getByRole("link", { name: "登录", exact: true }).first().click();
  const popupOpened = page.waitForEvent("popup");
  // No script yet: the link itself opens the operator's sign-on in a new window.
  await frame.getByTestId("sso-button").click();
  const popup = await popupOpened;
  releaseScripts();
  await expect
    .poll(() => page.frame({ url: /\/o\/[a-z]+\/login/ })?.evaluate(() => "__remixRouter" in window) ?? false)
    .toBe(true);

  await expect(popup.getByRole("heading", { name: `登录${op.name}账号` })).toBeVisible();
  const popupClosed = popup.waitForEvent("close");
  await signInAtOperator(popup, `${op.prefix}0001`);
  await popupClosed;
  await expect(frame.getByTestId("home-heading")).toContainText("王小明，您好");
  await expect(frame.locator("header")).toHaveCount(0);
});

test("the same page framed by an unlisted origin is refused by the browser", async ({ page }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("frame-ancestors")) refusals.push(message.text());
  });
  await page.goto(`${UNLISTED_HOST}/${op.slug}`);
  await expect(page.getByTestId("unlisted")).toBeVisible();
  await expect.poll(() => refusals.length, { message: "a frame-ancestors refusal in the console" }).toBeGreaterThan(0);
  expect(refusals[0]).toContain("http://localhost:3100");
  await expect(page.frameLocator("#portal").getByTestId("home-heading")).toHaveCount(0);
  await expect(page.getByTestId("frame-height")).toContainText("未收到");
  await snap(page, testInfo, "sso-05-unlisted-host-refused");
});

test("from the operator's app: silent sign-on with no sign-in page, then sign-out ends ours and the operator's session", async ({ page, context }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  // The subscriber is already signed in at the operator (as in the operator's app): sign on
  // once, then forget the portal's session; the operator's own session stays.
  await page.goto(`/o/${op.slug}/login`);
  await page.getByTestId("sso-button").click();
  await signInAtOperator(page, `${op.prefix}0002`);
  await expect(page.getByTestId("signed-in")).toContainText("出借人");
  await context.clearCookies({ name: "sid" });
  await page.goto(`/o/${op.slug}`);
  await expect(page.getByTestId("home-heading")).toContainText("欢迎来到");

  const shown: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) shown.push(frame.url());
  });
  await page.goto(`/o/${op.slug}/account?from=app`);
  await expect(page).toHaveURL(new RegExp(`/o/${op.slug}/account$`));
  await expect(page.getByTestId("account-phone")).toHaveText(`${op.prefix.slice(0, 3)}****${op.prefix.slice(7)}0002`);
  // Redirects through the operator never commit a page: only the account page was shown.
  expect(shown.filter((url) => /\/login|\/interaction\//.test(url))).toEqual([]);
  await snap(page, testInfo, "sso-06-app-entry-signed-in");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(new RegExp(`/o/${op.slug}$`));
  await expect(page.getByTestId("home-heading")).toContainText("欢迎来到");
  await page.goto(`/o/${op.slug}/account`);
  await expect(page).toHaveURL(new RegExp(`/o/${op.slug}/login\\?returnTo=`));

  // The operator's session ended too: from the app again, the ordinary sign-in page, no error.
  await page.goto(`/o/${op.slug}?from=app`);
  await expect(page).toHaveURL(new RegExp(`/o/${op.slug}/login\\?returnTo=%2Fo%2F${op.slug}$`));
  await expect(page.getByTestId("sso-error")).toHaveCount(0);
  await expect(page.getByTestId("sso-button")).toBeVisible();
  await snap(page, testInfo, "sso-07-app-entry-after-sign-out");
});

test("a cancelled sign-on and an unverified phone number get the branded error page", async ({ page }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  await page.goto(`/o/${op.slug}/login`);
  await page.getByTestId("sso-button").click();
  await page.getByRole("button", { name: /取消/ }).click();
  await expect(page.getByTestId("sso-error")).toHaveAttribute("data-code", "sso.cancelled");
  await expect(page.getByRole("heading", { name: `未能通过${op.name}登录` })).toBeVisible();
  await expect(page.locator("[data-operator]")).toHaveAttribute("data-operator", op.slug);
  await snap(page, testInfo, "sso-08-cancelled");

  await page.getByRole("link", { name: "重新登录" }).click();
  await signInAtOperator(page, `${op.prefix}0099`);
  await expect(page.getByTestId("sso-error")).toHaveAttribute("data-code", "sso.phone_unverified");
  await expect(page.getByText("尚未经运营商验证")).toBeVisible();
  await snap(page, testInfo, "sso-09-unverified-phone");
  await page.getByRole("link", { name: "使用短信验证码或密码登录" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${op.slug}/login`));
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("operator sign-on and sign-out work before JavaScript loads", async ({ page }, testInfo) => {
    const op = operatorFor(testInfo.project.name);
    await page.goto(`/o/${op.slug}/login?returnTo=%2Fo%2F${op.slug}%2Faccount`);
    await page.getByTestId("sso-button").click();
    await signInAtOperator(page, `${op.prefix}0011`);
    await expect(page).toHaveURL(new RegExp(`/o/${op.slug}/account$`));
    await expect(page.getByTestId("account-phone")).toHaveText(`${op.prefix.slice(0, 3)}****${op.prefix.slice(7)}0011`);
    await page.getByTestId("sign-out").click();
    // The operator's sign-out page submits itself with JavaScript; without it, one button.
    await page.getByRole("button", { name: /退出/ }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${op.slug}$`));
    await expect(page.getByTestId("home-heading")).toContainText("欢迎来到");
    await snap(page, testInfo, "sso-10-no-js-signed-out");
  });
});

test("no page shows the operator's client secret; forms may lead only to us and the operator's sign-on origin", async ({ request }, testInfo) => {
  const op = operatorFor(testInfo.project.name);
  for (const path of [`/o/${op.slug}`, `/o/${op.slug}/login`, `/o/${op.slug}/login?embed=1`, `/o/${op.slug}/sso/error?code=sso.refused`, `/o/${op.slug}/login.data`]) {
    const response = await request.get(path);
    expect(await response.text(), path).not.toContain("sandbox-secret");
  }
  const csp = (await request.get(`/o/${op.slug}`)).headers()["content-security-policy"];
  expect(csp).toContain("form-action 'self' http://localhost:3101;");
  const rootCsp = (await request.get("/")).headers()["content-security-policy"];
  expect(rootCsp).toContain("form-action 'self';");
});
