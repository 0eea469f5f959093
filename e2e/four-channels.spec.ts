import Decimal from "decimal.js";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { newPage, readSmsCode, signInWithPassword, signInWithSms, snap } from "./helpers";
import { approveAsRiskOfficer, fillSteps, ledgerCheckIsClean, signAgreements } from "./journeys";
import { residentId } from "../services/borrowing/testing/fixtures";

// Phone project only (playwright.config.ts): a network of its own for the per-address SMS limit.
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.32" } });

/**
 * Issue 18's one honest journey: a new borrower's loan from the application to one repayment
 * through each of the four channels — passbook debit now (主动还款, answered by the sandbox
 * bank's result file through finance's file exchange), phone bill now (answered by the
 * sandbox billing through finance's poll), cash at the store counter, and online from the
 * wallet — and after each the two investors' returns and figures. Everything through the UI
 * as people do it; no dev-only route (the SMS outbox is the sandbox phone).
 */
const slug = "unicom";
const prefix = "1860000";
/** A sandbox subscriber of China Unicom (services/borrowing/operator-data.ts) no other journey borrows as. */
const BORROWER = `${prefix}0025`;
const NAME = "郑春花";
const NOTE = "春茶园有机肥";
const INVESTORS = [`${prefix}0002`, `${prefix}0042`] as const;
const AMOUNT = "6000";
const SHARE = "3000";

function cny(text: string | null): Decimal {
  const digits = (text ?? "").replace(/[¥,\s]/g, "");
  expect(digits).toMatch(/^-?\d+\.\d{2}$/);
  return new Decimal(digits);
}

interface Figures {
  principal: Decimal;
  outstanding: Decimal;
  expectedInterest: Decimal;
  receivedInterest: Decimal;
  /** The 回款记录 lines of this loan: principal received in them. */
  receivedPrincipal: Decimal;
  receivedLines: number;
}

/** The investor's holding of this loan and its 回款记录 lines, as the portfolio shows them. */
async function figuresOf(investor: Page, loanId: string): Promise<Figures> {
  await investor.goto(`/o/${slug}/me/portfolio`);
  const holding = investor.getByTestId("holding").filter({ has: investor.locator(`a[href$="/me/holdings/${loanId}/certificate.pdf"]`) });
  await expect(holding).toHaveCount(1);
  const lines = investor.getByTestId("received").locator("li").filter({ hasText: NOTE });
  let receivedPrincipal = new Decimal(0);
  for (const text of await lines.allTextContents()) {
    const principal = /本金\s*(¥[\d,]+\.\d{2})/.exec(text);
    if (principal) receivedPrincipal = receivedPrincipal.plus(cny(principal[1]!));
  }
  return {
    principal: cny(await holding.getByTestId("holding-principal").textContent()),
    outstanding: cny(await holding.getByTestId("holding-outstanding").textContent()),
    expectedInterest: cny(await holding.getByTestId("holding-expected-interest").textContent()),
    receivedInterest: cny(await holding.getByTestId("holding-received-interest").textContent()),
    receivedPrincipal,
    receivedLines: await lines.count(),
  };
}

/**
 * After a repayment: each investor has one more 回款记录 line for this loan, got principal or
 * interest, and what is still to come plus what came is what was expected (待收 + 已收).
 */
async function returnsFollow(investors: readonly Page[], loanId: string, before: Figures[], totalInterest: Decimal[], testInfo: TestInfo, shot: string): Promise<Figures[]> {
  const after: Figures[] = [];
  for (const [i, investor] of investors.entries()) {
    const now = await figuresOf(investor, loanId);
    expect(now.receivedLines).toBe(before[i]!.receivedLines + 1);
    expect(now.outstanding.lte(before[i]!.outstanding)).toBe(true);
    expect(now.receivedInterest.plus(before[i]!.outstanding).gt(before[i]!.receivedInterest.plus(now.outstanding))).toBe(true);
    expect(now.outstanding.plus(now.receivedPrincipal).toFixed(2)).toBe(now.principal.toFixed(2));
    expect(now.expectedInterest.plus(now.receivedInterest).toFixed(2)).toBe(totalInterest[i]!.toFixed(2));
    after.push(now);
  }
  await snap(investors[0]!, testInfo, shot);
  return after;
}

async function topUpAndInvest(browser: Browser, testInfo: TestInfo, listing: string, investorPhone: string): Promise<Page> {
  const clerk = await newPage(browser, testInfo);
  await signInWithPassword(clerk, slug, `${prefix}0003`);
  await clerk.goto(`/o/${slug}/store`);
  await clerk.getByLabel("出借人手机号").fill(investorPhone);
  await clerk.getByRole("button", { name: "查找" }).click();
  await clerk.getByLabel("收取现金（元）").fill(SHARE);
  await clerk.getByLabel("收据编号").fill(`E2E-4C${Date.now() % 1_000_000}`);
  await clerk.getByRole("button", { name: "确认收款并入账" }).click();
  await expect(clerk.getByTestId("receipt")).toBeVisible();
  await clerk.context().close();

  const investor = await newPage(browser, testInfo);
  await signInWithPassword(investor, slug, investorPhone);
  await investor.goto(listing);
  await investor.getByLabel("出借金额（元）").fill(SHARE);
  await investor.getByRole("button", { name: /下一步/ }).click();
  await investor.getByRole("button", { name: "确认出借" }).click();
  await expect(investor.getByTestId("invested-notice")).toBeVisible();
  return investor;
}

/** The borrower asks for the current installment now; the page says 处理中 and nothing is repaid yet. */
async function repayNow(borrower: Page, loanUrl: string, title: string, testInfo: TestInfo, shot: string): Promise<string> {
  await borrower.goto(loanUrl);
  const section = borrower.getByTestId("repay-now");
  await expect(section.locator("h2")).toHaveText(title);
  const due = (await borrower.getByTestId("loan-due-total").textContent())!;
  await expect(section.getByTestId("repay-now-submit")).toContainText(due);
  const repaymentsBefore = await borrower.getByTestId("repayment-history").locator("li").count();
  await section.getByTestId("repay-now-submit").click();
  await expect(borrower.getByTestId("repay-now-asked")).toBeVisible();
  await expect(borrower.getByTestId("repay-now-in-progress")).toContainText(due);
  await expect(borrower.getByTestId("repay-now-submit")).toHaveCount(0);
  // Until the answer comes, online repayment is closed so the installment is not paid twice.
  await expect(borrower.getByTestId("online-collecting")).toContainText("结果出来前暂不能在线还款");
  await expect(borrower.getByTestId("online-pay")).toHaveCount(0);
  const latest = borrower.getByTestId("repay-now-history").locator("li").first();
  await expect(latest).toHaveAttribute("data-state", "in_progress");
  await expect(latest.getByTestId("repay-now-state")).toHaveText("处理中");
  // Not repaid before the evidence: the repayment history has nothing new.
  await expect(borrower.getByTestId("repayment-history").locator("li")).toHaveCount(repaymentsBefore);
  await snap(borrower, testInfo, shot);
  return due;
}

test("one loan, four channels: passbook now, phone bill now, store cash, online wallet; the investors' returns follow each", async ({ page, browser }, testInfo) => {
  test.setTimeout(480_000);
  const borrower = page;
  let loanId = "";
  let loanUrl = "";
  let applicationUrl = "";
  const investors: Page[] = [];
  let figures: Figures[] = [];
  let totalInterest: Decimal[] = [];
  const finance = await newPage(browser, testInfo);

  await test.step("a new borrower applies online, the risk officer approves, the borrower signs with passbook debit", async () => {
    await signInWithSms(borrower, slug, BORROWER);
    await expect(borrower.getByTestId("signed-in")).toBeVisible();
    await borrower.getByTestId("borrow-entry").click();
    await borrower.getByTestId("start-application").click();
    await fillSteps(borrower, { amount: AMOUNT, term: "6", purpose: "种植", note: NOTE, product: /种植贷/, name: NAME, id: residentId("19830707", "959"), disbursement: "转入存折", income: "80000" });
    await expect(borrower.getByTestId("application-status")).toHaveText("风控审核中");
    applicationUrl = borrower.url();
    const risk = await newPage(browser, testInfo);
    await approveAsRiskOfficer(risk, slug, prefix, NAME, AMOUNT, false, testInfo, "four-01");
    await risk.context().close();
    await borrower.reload();
    await expect(borrower.getByTestId("application-status")).toHaveText("已批准，待签约");
    await borrower.getByTestId("go-sign").click();
    await signAgreements(borrower, slug, BORROWER, "存折自动划扣");
    await snap(borrower, testInfo, "four-02-signed");
  });

  await test.step("two investors each bring ¥3,000 in cash to the store and invest it in the listing", async () => {
    const listing = (await borrower.getByTestId("loan-listing-link").getAttribute("href"))!;
    for (const phone of INVESTORS) investors.push(await topUpAndInvest(browser, testInfo, listing, phone));
    await borrower.reload();
    await expect(borrower.getByTestId("application-status")).toHaveText("已满标，待放款");
  });

  await test.step("finance pays out to the passbook; the bank's result file says paid", async () => {
    await signInWithPassword(finance, slug, `${prefix}0005`);
    await finance.goto(`/o/${slug}/finance/disbursements`);
    const item = finance.getByTestId("disbursement-queue").locator("li").filter({ hasText: NOTE });
    await expect(item).toContainText("转入存折");
    await item.getByRole("button", { name: /放款/ }).click();
    await finance.getByTestId("payout-confirm").getByRole("button", { name: "确认发送放款指令" }).click();
    await expect(finance.getByTestId("disbursement-done")).toBeVisible();
    await borrower.reload();
    await expect(borrower.getByTestId("application-status")).toHaveText("放款中，银行处理中");
    await finance.getByTestId("fetch-bank-results").click();
    await expect(finance.getByTestId("payout-fetched")).toContainText("已获取银行结果");
    await borrower.reload();
    await expect(borrower.getByTestId("application-status")).toHaveText("已放款，还款中");
    await borrower.getByTestId("loan-view-link").click();
    loanUrl = borrower.url();
    loanId = /\/borrow\/loans\/([0-9a-f-]{36})/.exec(loanUrl)![1]!;
    await snap(borrower, testInfo, "four-03-loan");
    for (const investor of investors) {
      const f = await figuresOf(investor, loanId);
      expect(f.principal.toFixed(2)).toBe("3000.00");
      expect(f.outstanding.toFixed(2)).toBe("3000.00");
      expect(f.receivedLines).toBe(0);
      figures.push(f);
    }
    totalInterest = figures.map((f) => f.expectedInterest.plus(f.receivedInterest));
    await snap(investors[0]!, testInfo, "four-04-investor-before");
  });

  await test.step("passbook now: an extra debit batch, in progress until finance's file exchange brings the bank's result", async () => {
    const due = await repayNow(borrower, loanUrl, "主动还款 · 存折扣款", testInfo, "four-05-passbook-asked");
    // The investors see nothing yet.
    expect((await figuresOf(investors[0]!, loanId)).receivedLines).toBe(0);
    await finance.goto(`/o/${slug}/finance/passbook`);
    await expect(finance.getByTestId("passbook-batches").locator("li").first()).toContainText("#2");
    await finance.getByTestId("passbook-exchange").click();
    await expect(finance.getByTestId("passbook-exchanged")).toContainText("份回盘");
    await expect(finance.getByTestId("passbook-batches").locator("li").first()).toContainText("成功 1");
    await snap(finance, testInfo, "four-06-finance-exchange");
    await borrower.reload();
    const latest = borrower.getByTestId("repay-now-history").locator("li").first();
    await expect(latest).toHaveAttribute("data-state", "paid");
    await expect(latest.getByTestId("repay-now-state")).toHaveText(`已扣款 ${due}`);
    await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("存折划扣");
    await snap(borrower, testInfo, "four-07-passbook-paid");
    figures = await returnsFollow(investors, loanId, figures, totalInterest, testInfo, "four-08-investor-after-passbook");
  });

  await test.step("the borrower moves the loan to phone-bill deduction (SMS code)", async () => {
    await borrower.goto(applicationUrl);
    await borrower.getByRole("link", { name: "变更还款方式" }).click();
    await borrower.getByRole("radio", { name: /话费账户划扣/ }).check();
    await borrower.getByRole("button", { name: "获取签约验证码" }).click();
    await expect(borrower.getByTestId("code-sent")).toBeVisible();
    await borrower.getByLabel("签约验证码").fill(await readSmsCode(borrower, slug, BORROWER));
    await borrower.getByRole("radio", { name: /话费账户划扣/ }).check();
    await borrower.getByRole("button", { name: "确认变更" }).click();
    await expect(borrower.getByTestId("repayment-channel")).toContainText("话费账户划扣");
  });

  await test.step("phone bill now: a deduction request, in progress until finance fetches the billing's answer", async () => {
    // The sandbox billing confirms 7 requests in 10 in full, 2 for half and refuses 1 (by the request id): a refused
    // request is shown as such and the borrower asks again, as a person would.
    let paid = false;
    for (let attempt = 1; attempt <= 4 && !paid; attempt++) {
      await repayNow(borrower, loanUrl, "主动还款 · 话费扣款", testInfo, `four-09-phonebill-asked-${attempt}`);
      await finance.goto(`/o/${slug}/finance/phonebill`);
      await expect(finance.getByTestId("phonebill-deductions").locator("li").first()).toHaveAttribute("data-status", "requested");
      await finance.getByTestId("phonebill-poll").click();
      await expect(finance.getByTestId("phonebill-polled")).toContainText("条答复");
      await expect(finance.getByTestId("phonebill-deductions").locator("li").first()).not.toHaveAttribute("data-status", "requested");
      await snap(finance, testInfo, `four-10-finance-poll-${attempt}`);
      await borrower.reload();
      const latest = borrower.getByTestId("repay-now-history").locator("li").first();
      await expect(latest).not.toHaveAttribute("data-state", "in_progress");
      paid = (await latest.getAttribute("data-state")) === "paid";
      if (!paid) await expect(latest.getByTestId("repay-now-state")).toHaveText("扣款未成功 · 运营商未能从话费扣款");
    }
    expect(paid).toBe(true);
    await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("话费划扣");
    await snap(borrower, testInfo, "four-11-phonebill-paid");
    figures = await returnsFollow(investors, loanId, figures, totalInterest, testInfo, "four-12-investor-after-phonebill");
  });

  await test.step("cash at the store counter: what is due and ¥300 more, which waits in the borrower's wallet", async () => {
    const clerk = await newPage(browser, testInfo);
    await signInWithPassword(clerk, slug, `${prefix}0003`);
    await clerk.goto(`/o/${slug}/store/repay?q=${BORROWER}`);
    const counter = clerk.getByTestId("counter-loan").filter({ has: clerk.locator(`input[name="loanId"][value="${loanId}"]`) });
    const due = new Decimal((await counter.getByLabel("收款金额（元）").inputValue()).replace(/,/g, ""));
    await counter.getByLabel("收款金额（元）").fill(due.plus(300).toFixed(2));
    await counter.getByLabel("收据编号").fill(`E2E-4C-${Date.now().toString(36).toUpperCase()}`);
    await counter.getByRole("button", { name: "确认收款并打印收据" }).click();
    await expect(clerk.getByTestId("repayment-receipt")).toBeVisible();
    await snap(clerk, testInfo, "four-13-store-receipt");
    await clerk.context().close();
    await borrower.goto(loanUrl);
    await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("营业厅现金");
    figures = await returnsFollow(investors, loanId, figures, totalInterest, testInfo, "four-14-investor-after-store");
  });

  await test.step("online from the wallet: the ¥300 left over at the counter", async () => {
    await borrower.goto(loanUrl);
    const online = borrower.getByTestId("online-repay");
    await expect(online.getByTestId("wallet-available")).toHaveText("¥300.00");
    await online.getByLabel("还款金额（元）").fill("300");
    await online.getByTestId("online-pay").click();
    await expect(borrower.getByTestId("repaid")).toHaveText("已用钱包余额还款 ¥300.00，明细见下方还款记录。");
    await expect(borrower.getByTestId("repayment-history").locator("li").first()).toContainText("账户余额");
    await expect(borrower.getByTestId("repayment-history").locator("li")).toHaveCount(4);
    // 360 px: the long phone-bill request id wraps instead of widening the page.
    expect(await borrower.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await snap(borrower, testInfo, "four-15-online-paid");
    figures = await returnsFollow(investors, loanId, figures, totalInterest, testInfo, "four-16-investor-after-online");
  });

  await test.step("the books balance", async () => {
    await ledgerCheckIsClean(finance, slug);
  });
  for (const investor of investors) await investor.context().close();
  await finance.context().close();
});
