import { randomInt } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshPortal, type FreshPortal } from "./fresh-portal";
import { enrolSecondFactor, newMobile, newPage, proveSecondFactor, registerInvestor, signInWithPassword, signInWithSms, signOut, snap, takeCashAtCounter } from "./helpers";

// Issue 14, "Done when": the two commands onboard a new operator and its first admin on a fresh
// database; the admin signs in, enrols TOTP, adds a store, a clerk and a finance user (approved
// by a second admin); the clerk takes a cash top-up there. The shared e2e web server has its
// own database full of demo operators, so this spec starts a portal of its own on a fresh
// database (e2e/fresh-portal.ts), one per project, and drives it through the pages only.

const SLUG = "broadnet";
const BASE = `/o/${SLUG}`;
const ADMIN_1 = { phone: "19200000001", password: "Kaitong2026a" };
const ADMIN_2 = { phone: "19200000002", password: "Fuhe2026bb" };
const CLERK = "19200000003";
const FINANCE = "19200000005";
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

let portal: FreshPortal;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  const e2ePort = Number(process.env.E2E_PORT ?? 3210);
  portal = await freshPortal({ preferredPort: e2ePort + 40 + (testInfo.project.name === "phone" ? 0 : 1) });
  // The two commands, as a newcomer types them on a fresh machine.
  expect(await portal.npm("operator:add", ["--slug", SLUG, "--name-zh", "中国广电", "--name-en", "China Broadnet", "--brand-primary", "#0b5cad"])).toContain(`created ${SLUG}`);
  for (const admin of [ADMIN_1, ADMIN_2]) {
    expect(await portal.npm("staff:add", ["--operator", SLUG, "--phone", admin.phone, "--role", "admin", "--password", admin.password])).toContain("role admin granted");
  }
  await portal.start();
});

test.afterAll(async () => {
  await portal?.dispose();
});

test("a new operator's first admins set up a store, a clerk and finance (four eyes, TOTP); the clerk takes cash; the books check out", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const open = (options: { javaScriptEnabled?: boolean } = {}) => newPage(browser, testInfo, { baseURL: portal.url, ...options });
  const adminTab = (page: Page, name: string) => page.getByRole("navigation", { name: "管理" }).getByRole("link", { name, exact: true }).click();

  // The root page lists the new operator; its Chinese home opens.
  const admin1 = await open();
  await admin1.goto("/");
  await admin1.getByRole("link", { name: /中国广电/ }).first().click();
  await expect(admin1.getByTestId("home-heading")).toHaveText("欢迎来到中国广电普惠金融");
  await snap(admin1, testInfo, "onboarding-01-home");

  // Admin 1 signs in with the password staff:add set; before the console opens, TOTP enrolment.
  await signInWithPassword(admin1, SLUG, ADMIN_1.phone, ADMIN_1.password, { returnTo: `${BASE}/admin/staff` });
  const admin1Totp = await enrolSecondFactor(admin1, testInfo, "onboarding-02-admin1");
  await expect(admin1.getByRole("heading", { name: "添加员工或授予角色" })).toBeVisible();

  // A store, and a clerk for its counter (the clerk's role comes with it).
  await adminTab(admin1, "营业厅");
  const store = { code: "S001", nameZh: "昆明翠湖营业厅", nameEn: "Kunming Cuihu Store" };
  await admin1.getByLabel("营业厅编号（如 S003）").fill(store.code);
  await admin1.getByLabel("名称", { exact: true }).fill(store.nameZh);
  await admin1.getByLabel("英文名称", { exact: true }).fill(store.nameEn);
  await admin1.getByLabel("地区（省 市）").fill("云南省 昆明市");
  await admin1.getByLabel("详细地址").fill("五华区翠湖南路 8 号");
  await admin1.getByRole("button", { name: "新增", exact: true }).click();
  await expect(admin1.getByTestId("stores-done")).toHaveText("已新增营业厅。");
  const storeCard = admin1.getByTestId("store").filter({ hasText: store.code });
  await expect(storeCard).toContainText("云南省 昆明市 五华区翠湖南路 8 号");
  await storeCard.getByLabel("店员手机号").fill(CLERK);
  await storeCard.getByRole("button", { name: "加入本店" }).click();
  await expect(admin1.getByTestId("stores-done")).toHaveText("店员已加入该营业厅。");
  await expect(storeCard).toContainText(masked(CLERK));
  await expect(storeCard.getByLabel("店员手机号")).toHaveValue("");
  await expect(admin1.getByLabel("营业厅编号（如 S003）")).toHaveValue("");
  await snap(admin1, testInfo, "onboarding-03-store-and-clerk");

  // Finance needs a second admin: admin 1's grant waits.
  await adminTab(admin1, "员工与权限");
  await admin1.getByLabel("手机号", { exact: true }).fill(FINANCE);
  await admin1.getByRole("combobox", { name: "角色" }).selectOption("finance");
  await admin1.getByLabel("原因（记入审计日志）", { exact: true }).fill("新设财务岗位，负责对账与提现审核");
  await admin1.getByRole("button", { name: "提交", exact: true }).click();
  await expect(admin1.getByTestId("staff-done")).toHaveText("已提交，等待另一位管理员批准。");
  const asked = admin1.getByTestId("staff-request").filter({ hasText: masked(FINANCE) });
  await expect(asked).toContainText("财务");
  await expect(admin1.getByLabel("手机号", { exact: true })).toHaveValue("");
  await expect(asked).toContainText("这是您提交的申请，需要另一位管理员批准。");
  await expect(asked.getByRole("button", { name: "批准" })).toHaveCount(0);
  await snap(admin1, testInfo, "onboarding-04-finance-pending");

  // Admin 2 signs in, enrols, and approves.
  const admin2 = await open();
  await signInWithPassword(admin2, SLUG, ADMIN_2.phone, ADMIN_2.password, { returnTo: `${BASE}/admin/staff` });
  await enrolSecondFactor(admin2, testInfo, "onboarding-05-admin2");
  const toDecide = admin2.getByTestId("staff-request").filter({ hasText: masked(FINANCE) });
  await expect(toDecide).toContainText("新设财务岗位");
  await snap(admin2, testInfo, "onboarding-06-admin2-to-approve");
  await toDecide.getByLabel("批准或驳回说明（驳回必填）").fill("已核实，同意");
  await toDecide.getByRole("button", { name: "批准" }).click();
  await expect(admin2.getByTestId("staff-done")).toHaveText("已批准，角色已生效。");
  await expect(admin2.getByTestId("staff-request")).toHaveCount(0);
  await expect(admin2.getByText(`已批准 · ${masked(FINANCE)} · 财务`)).toBeVisible();
  await admin2.context().close();
  await admin1.reload();
  await expect(admin1.getByTestId("staff-member").filter({ hasText: masked(FINANCE) })).toContainText("财务");

  // The finance user signs in by SMS code and must enrol before the finance console opens —
  // on a phone whose browser has not loaded the scripts: every step is a plain form.
  const finance = await open({ javaScriptEnabled: false });
  await signInWithSms(finance, SLUG, FINANCE, { returnTo: `${BASE}/finance` });
  await enrolSecondFactor(finance, testInfo, "onboarding-07-finance");
  await expect(finance.getByRole("heading", { name: "财务工作台" })).toBeVisible();
  await expect(finance).toHaveURL(new RegExp(`${BASE}/finance`));
  await snap(finance, testInfo, "onboarding-08-finance-console");
  await finance.context().close();

  // A new investor registers (real name, risk assessment), then pays cash at the new store.
  const investorPhone = newMobile();
  const investor = await open();
  await registerInvestor(investor, SLUG, { phone: investorPhone, name: "赵云芳" });
  await snap(investor, testInfo, "onboarding-09-investor-registered");

  // The clerk signs in by SMS code (no second factor for a clerk) and takes ¥2,000.
  const clerk = await open();
  await signInWithSms(clerk, SLUG, CLERK);
  await expect(clerk.getByTestId("signed-in")).toContainText("营业厅店员");
  const receiptNo = `KM-${randomInt(100000, 999999)}`;
  await takeCashAtCounter(clerk, { phone: investorPhone, nameMasked: "赵*芳", amountYuan: "2000", receiptNo });
  await expect(clerk.getByTestId("receipt")).toContainText("¥2,000.00");
  await expect(clerk.getByTestId("receipt")).toContainText(receiptNo);
  // The clerk was added by phone and has no name: the receipt names them by masked phone.
  await expect(clerk.getByTestId("receipt")).toContainText(masked(CLERK));
  await snap(clerk, testInfo, "onboarding-10-receipt");
  await clerk.goto(`${BASE}/store`);
  await expect(clerk.getByTestId("store-name")).toHaveText(`${store.nameZh} (${store.code})`);
  await clerk.context().close();

  await investor.goto(`${BASE}/me/wallet`);
  await expect(investor.getByTestId("wallet-available")).toHaveText("¥2,000.00");
  await snap(investor, testInfo, "onboarding-11-investor-wallet");
  await investor.context().close();

  // Admin 1 comes back later: password, then the authenticator's current code (never the same one twice).
  await signOut(admin1, SLUG);
  await signInWithPassword(admin1, SLUG, ADMIN_1.phone, ADMIN_1.password, { returnTo: `${BASE}/admin/stores` });
  await proveSecondFactor(admin1, admin1Totp.key, admin1Totp.step);
  await expect(admin1.getByTestId("store").filter({ hasText: store.code })).toContainText(masked(CLERK));
  await snap(admin1, testInfo, "onboarding-12-admin1-again");
  await admin1.context().close();

  // The new operator's books: `npm run -s ledger:check` on this database (the embedded one
  // belongs to the portal process while it runs, so the portal stops first).
  await portal.stop();
  expect(await portal.npm("ledger:check")).toMatch(/^ledger:check OK/m);
});
