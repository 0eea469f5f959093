import { expect, test } from "@playwright/test";
import { newPage, readSmsCode, signInWithPassword, signInWithSms, snap } from "./helpers";
import { approveAsRiskOfficer, fillSteps, storeLoanThroughCashPayout } from "./journeys";
import { residentId } from "../services/borrowing/testing/fixtures";
import Stripe from "stripe";
import { E2E_STRIPE, fakeStripeOrigin } from "./stripe";

// Phone project only: a network of its own, so this file's SMS codes do not count against the
// sign-in form's per-address limit (20 an hour) of the other journeys (playwright.config.ts).
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.21" } });

// Self-service (issue 18), at phone size only (playwright.config.ts), at China Mobile with people no other spec uses.
const slug = "mobile";
const prefix = "1380000";

test("a borrower withdraws an application in review, then declines an approved offer; each shows its state and reason", async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000);
  // A sandbox subscriber of the operator (¥120 phone-bill arrears: referred), whom no other spec uses at China Mobile.
  const phone = `${prefix}0031`;
  const id = residentId("19820404", "737");
  const apply = async () => {
    await page.goto(`/o/${slug}/borrow`);
    await page.getByTestId("start-application").click();
    // ¥20,000 on a household income of ¥30,000: referred to a call-back.
    await fillSteps(page, { amount: "20000", term: "12", purpose: "养殖", note: "补栏 10 只山羊", product: /养殖贷/, name: "赵有才", id, disbursement: "转入存折", income: "30000" });
    await expect(page.getByTestId("application-status")).toHaveText("待电话回访");
  };
  await signInWithSms(page, slug, phone);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await apply();

  await page.getByTestId("withdraw").locator("summary").click();
  await expect(page.getByTestId("withdraw")).toContainText("撤回后这笔申请不再审核");
  await page.getByLabel("原因（选填）").fill("家里凑够了钱");
  await snap(page, testInfo, "self-01-withdraw-form");
  await page.getByTestId("withdraw-submit").click();
  await expect(page.getByTestId("flash")).toHaveText("申请已撤回。");
  await expect(page.getByTestId("application-status")).toHaveText("已撤回");
  await expect(page.getByTestId("closed")).toContainText("您填写的原因：家里凑够了钱");
  await expect(page.getByTestId("timeline")).toContainText("撤回申请");
  await expect(page.getByTestId("withdraw")).toHaveCount(0);
  await snap(page, testInfo, "self-02-withdrawn");

  // A new application (the withdrawn one no longer counts as open), approved by the risk officer.
  await apply();
  const risk = await newPage(browser, testInfo);
  await approveAsRiskOfficer(risk, slug, prefix, "赵有才", "20000", true, testInfo, "self-03");
  await risk.context().close();
  await page.reload();
  await expect(page.getByTestId("application-status")).toHaveText("已批准，待签约");
  await expect(page.getByTestId("offer-expires")).toContainText("前签约，逾期借款条件自动失效");
  await expect(page.getByTestId("offer-expires")).toHaveText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await page.getByTestId("withdraw").locator("summary").click();
  await expect(page.getByTestId("withdraw")).toContainText("放弃后借款条件作废，占用的借款额度立即释放");
  await page.getByTestId("withdraw-submit").click();
  await expect(page.getByTestId("application-status")).toHaveText("已放弃借款");
  await expect(page.getByTestId("flash")).toHaveText("已放弃借款，占用的借款额度已释放。");
  await expect(page.getByTestId("status-explained")).toContainText("借款条件已作废");
  await expect(page.getByTestId("go-sign")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(/[a-z]+\.[a-z_]+\.[a-z_]+/);
  await snap(page, testInfo, "self-04-declined");
});

test("a person who forgot the password resets it by SMS code from the sign-in page and signs in with the new one", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const phone = `${prefix}0062`;
  // The account exists (the first SMS sign-in makes it); then they sign out and forget the password.
  await signInWithSms(page, slug, phone);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await page.goto(`/o/${slug}/account`);
  await page.getByTestId("sign-out").click();

  await page.goto(`/o/${slug}/login?method=password`);
  await page.getByTestId("forgot-password").click();
  await expect(page.getByRole("heading", { name: "找回密码" })).toBeVisible();
  await page.getByLabel("注册手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  // Codes are throttled with the sign-in codes: one a minute per phone. A person waits as the page says.
  const wait = /请 (\d+) 秒后再试/.exec((await page.getByRole("alert").first().textContent({ timeout: 2_000 }).catch(() => null)) ?? "");
  if (wait) {
    await snap(page, testInfo, "self-05-reset-throttled");
    await page.waitForTimeout((Number(wait[1]) + 1) * 1_000);
    await page.getByRole("button", { name: "获取验证码" }).click();
  }
  await expect(page.getByTestId("code-sent")).toContainText("验证码已发送");
  const code = await readSmsCode(page, slug, phone);
  await page.getByLabel("短信验证码").fill(code);
  await page.getByLabel("新密码").fill("short");
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(page.locator("#field-newPassword-error")).toHaveText("密码至少 8 位，且须包含字母和数字");
  await snap(page, testInfo, "self-06-reset-weak");
  await page.getByLabel("短信验证码").fill(code);
  await page.getByLabel("新密码").fill("Reset2026ok");
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(page.getByTestId("password-reset")).toHaveText("密码已重置，请用新密码登录。");
  await snap(page, testInfo, "self-07-reset-done");
  await signInWithPassword(page, slug, phone, "Reset2026ok");
});

test("an investor downloads the certificate of a holding and cancels a pending investment before the loan fills; the money is available again", async ({ page }, testInfo) => {
  await signInWithPassword(page, slug, `${prefix}0002`);
  await page.goto(`/o/${slug}/me/wallet`);
  const before = await page.getByTestId("wallet-available").textContent();
  await page.goto(`/o/${slug}/invest`);
  await page.getByTestId("loan-card").filter({ hasText: "种植贷" }).first().click();
  await expect(page).toHaveURL(/\/invest\/loans\/[0-9a-f-]{36}/);
  const loanId = /\/invest\/loans\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.getByLabel("出借金额（元）").fill("1000");
  await page.getByRole("button", { name: /下一步/ }).click();
  await page.getByRole("button", { name: "确认出借" }).click();
  await expect(page.getByTestId("invested-notice")).toBeVisible();
  // Other journeys may hold other 种植贷 loans: this holding is the one whose certificate names this loan.
  const certificateLink = page.locator(`a[href$="/me/holdings/${loanId}/certificate.pdf"]`);
  const holding = page.getByTestId("holding").filter({ has: certificateLink });
  const cancel = holding.getByTestId("cancel-investment").filter({ hasText: "¥1,000.00" }).last();
  await expect(cancel).toContainText("满标前可以撤销");
  await snap(page, testInfo, "self-08-pending");
  // The investor's certificate for this loan (出借凭证) downloads as a PDF.
  const certificate = await page.request.get((await certificateLink.getAttribute("href"))!);
  expect(certificate.headers()["content-type"]).toBe("application/pdf");
  expect((await certificate.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // The investor's own copy of the loan agreement (借款协议（出借人版）) downloads from the same holding.
  const contractLink = holding.getByTestId("investor-contract");
  await expect(contractLink).toHaveText("下载我的借款协议（PDF）");
  const contract = await page.request.get((await contractLink.getAttribute("href"))!);
  expect(contract.headers()["content-type"]).toBe("application/pdf");
  expect(contract.headers()["content-disposition"]).toContain("%E5%80%9F%E6%AC%BE%E5%8D%8F%E8%AE%AE"); // 借款协议
  expect((await contract.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await cancel.getByRole("button", { name: "撤销这笔出借" }).click();
  await expect(page.getByTestId("cancelled-notice")).toHaveText("已撤销出借，冻结的资金已回到可用余额。");
  await expect(page.getByTestId("voided").filter({ hasText: "已撤销" }).first()).toContainText("¥1,000.00");
  await snap(page, testInfo, "self-09-cancelled");
  await page.goto(`/o/${slug}/me/wallet`);
  await expect(page.getByTestId("wallet-available")).toHaveText(before!);
});

test("a borrower repays online from the wallet on the loan page; more than the wallet holds is refused beside the amount", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  // A subscriber no other journey borrows as (one application at a time per person).
  const customer = `${prefix}0024`;
  await storeLoanThroughCashPayout(page, browser, testInfo, {
    slug, prefix, customer, name: "吴桂芳", id: residentId("19790505", "848"),
    amount: "6000", term: "6", purpose: "种植", note: "温室草莓苗", product: /种植贷/, shot: "self-10",
  });
  // At the counter the borrower pays ¥500 more than the installment: it is kept in their wallet.
  await page.goto(`/o/${slug}/store/repay?q=${customer}`);
  const counter = page.getByTestId("counter-loan").first();
  const due = (await counter.getByLabel("收款金额（元）").inputValue()).replace(/,/g, "");
  const paid = (Number.parseFloat(due) + 500).toFixed(2);
  await counter.getByLabel("收款金额（元）").fill(paid);
  await counter.getByLabel("收据编号").fill(`E2E-S${Date.now().toString(36).toUpperCase()}`);
  await counter.getByRole("button", { name: "确认收款并打印收据" }).click();
  await expect(page.getByTestId("repayment-receipt")).toBeVisible();

  const borrower = await newPage(browser, testInfo);
  await signInWithSms(borrower, slug, customer);
  await expect(borrower.getByTestId("signed-in")).toBeVisible();
  await borrower.goto(`/o/${slug}/borrow`);
  await borrower.getByRole("link", { name: /温室草莓苗/ }).first().click();
  await borrower.getByTestId("loan-view-link").click();
  const online = borrower.getByTestId("online-repay");
  await expect(online.getByTestId("wallet-available")).toHaveText("¥500.00");
  await expect(online.getByTestId("top-up-link")).toHaveAttribute("href", `/o/${slug}/me/wallet`);
  await snap(borrower, testInfo, "self-11-online");
  await online.getByLabel("还款金额（元）").fill("600");
  await online.getByTestId("online-pay").click();
  await expect(borrower.locator("#field-amount-error")).toHaveText("钱包可用余额不足，请先充值或少还一些");
  await snap(borrower, testInfo, "self-12-online-refused");
  await online.getByLabel("还款金额（元）").fill("200");
  await online.getByTestId("online-pay").click();
  await expect(borrower.getByTestId("repaid")).toHaveText("已用钱包余额还款 ¥200.00，明细见下方还款记录。");
  await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("账户余额");
  await expect(borrower.getByTestId("wallet-available")).toHaveText("¥300.00");
  await snap(borrower, testInfo, "self-13-online-paid");

  // By card: the installment on Stripe's hosted page (the local stand-in); repaid only when the signed webhook says paid.
  const card = borrower.getByTestId("card-repay");
  await expect(card.getByTestId("card-pay")).toContainText("用银行卡还本期");
  await snap(borrower, testInfo, "self-14-card");
  const historyBefore = await borrower.getByTestId("repayment-history").locator("li").count();
  const dueNow = (await borrower.getByTestId("loan-due-total").textContent())!;
  await card.getByTestId("card-pay").click();
  await expect(borrower.getByTestId("card-open")).toContainText(dueNow);
  await snap(borrower, testInfo, "self-15-card-open");
  await borrower.getByTestId("card-checkout").click();
  await expect(borrower.getByTestId("fake-checkout-amount")).toHaveText(`CNY ${dueNow.replace(/[¥,]/g, "")}`);
  const sessionId = new URL(borrower.url()).pathname.split("/").pop()!;
  await borrower.getByRole("button", { name: "Pay" }).click();
  await expect(borrower.getByTestId("card-pending")).toContainText("正在等待支付机构确认");
  await expect(borrower.getByTestId("repayment-history").locator("li")).toHaveCount(historyBefore);
  await snap(borrower, testInfo, "self-16-card-pending");
  const session = await (await borrower.request.get(`${fakeStripeOrigin()}/v1/checkout/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${E2E_STRIPE.secretKey}` } })).json();
  const payload = JSON.stringify({
    id: `evt_e2e_${sessionId}`,
    object: "event",
    type: "checkout.session.completed",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { ...session, object: "checkout.session" } },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: E2E_STRIPE.webhookSecret });
  for (let delivery = 0; delivery < 2; delivery++) {
    const response = await borrower.request.post("/webhooks/stripe", { data: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": signature } });
    expect(await response.json()).toMatchObject({ received: true, outcome: "repaid", duplicate: delivery > 0 });
  }
  await borrower.reload();
  await expect(borrower.getByTestId("card-repaid")).toContainText("已确认并已还款");
  await expect(borrower.getByTestId("repayment-history").locator("li")).toHaveCount(historyBefore + 1);
  await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("银行卡在线支付");
  await expect(borrower.getByTestId("wallet-available")).toHaveText("¥300.00");
  await snap(borrower, testInfo, "self-17-card-repaid");
});

test("an investor reads the annual statement: figures that reconcile, a year out of range refused beside the field, PDF and CSV", async ({ page }, testInfo) => {
  await signInWithPassword(page, slug, `${prefix}0002`);
  await page.goto(`/o/${slug}/me/wallet`);
  await page.getByTestId("annual-statement-link").click();
  await expect(page.getByRole("heading", { name: "年度对账单", exact: true })).toBeVisible();
  const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date());
  await expect(page.getByTestId("annual-statement")).toContainText(`${year} 年度对账单`);
  await expect(page.getByTestId("annual-check")).toContainText("年初余额 ¥");
  const amount = async (id: string) => Number((await page.getByTestId(`annual-${id}`).textContent())!.replace(/[¥,]/g, ""));
  const opening = await amount("opening");
  expect(Math.round((opening + (await amount("totalIn")) - (await amount("totalOut"))) * 100)).toBe(Math.round((await amount("closing")) * 100));
  await snap(page, testInfo, "self-18-annual");
  const pdf = await page.request.get((await page.getByTestId("annual-pdf").getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const csv = await page.request.get((await page.getByTestId("annual-csv").getAttribute("href"))!);
  expect(await csv.text()).toContain("年末余额");
  await page.getByLabel("年度").fill("2099");
  await page.getByTestId("annual-show").click();
  await expect(page.locator("#field-year-error")).toHaveText(`请输入 2026 至 ${year} 之间的年份`);
  await snap(page, testInfo, "self-19-annual-refused");
});
