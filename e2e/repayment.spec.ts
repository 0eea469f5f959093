import { expect, test, type Page } from "@playwright/test";
import { newPage, signInWithPassword, signInWithSms, snap } from "./helpers";
import { storeLoanThroughCashPayout } from "./journeys";
import { residentId } from "../services/borrowing/testing/fixtures";

const slug = "unicom";
/** A sandbox subscriber of China Unicom with a clean record (services/borrowing/operator-data.ts) whom no other spec uses. */
const BORROWER = "18600000023";
/** The demo investor who funds the loan in the UI (fundThroughTheInvestor) and so receives its returns. */
const INVESTOR = "18600000002";

function counterLoan(page: Page, loanId: string) {
  return page.getByTestId("counter-loan").filter({ has: page.locator(`input[name="loanId"][value="${loanId}"]`) });
}

test("a clerk takes a borrower's installment in cash and prints the receipt; the borrower and the investor see it; a payoff gives the settlement certificate", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);

  // The loan is made as people make it: registered at the counter, reviewed, signed, funded by an investor, paid out in cash.
  await storeLoanThroughCashPayout(page, browser, testInfo, {
    slug, prefix: "1860000", customer: BORROWER, name: "周秀英", id: residentId("19780303", "526"),
    amount: "10000", term: "6", purpose: "种植", note: "大棚蔬菜种苗", product: /种植贷/, shot: "repay-00",
  });

  // The clerk finds the borrower and takes the installment due.
  await page.goto(`/o/${slug}/store/repay`);
  await page.getByLabel("手机号或身份证号").fill(BORROWER);
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.getByTestId("counter-borrower")).toContainText("周*英");
  await expect(page.getByTestId("counter-loan")).toHaveCount(1);
  const loanId = (await page.getByTestId("counter-loan").locator('input[name="loanId"]').first().getAttribute("value"))!;
  const loan = counterLoan(page, loanId);
  await expect(loan).toBeVisible();
  await snap(page, testInfo, "repay-01-counter");
  const receiptNo = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await loan.getByLabel("收据编号").fill(receiptNo);
  await loan.getByRole("button", { name: "确认收款并打印收据" }).click();
  const receipt = page.getByTestId("repayment-receipt");
  await expect(receipt).toContainText(receiptNo);
  await expect(page.getByTestId("receipt-allocation")).toContainText("本金");
  // Paid on the day of the payout: the next installment is not due yet, and the receipt says so.
  await expect(page.getByTestId("receipt-remaining")).toContainText("下期应还");
  await expect(page.getByRole("button", { name: "打印" })).toBeVisible();
  const receiptUrl = page.url();
  await snap(page, testInfo, "repay-02-receipt");

  // Resubmitting the same receipt for another amount is a field error, not a second booking.
  await page.goto(`/o/${slug}/store/repay?q=${BORROWER}`);
  await counterLoan(page, loanId).getByLabel("收款金额（元）").fill("1.00");
  await counterLoan(page, loanId).getByLabel("收据编号").fill(receiptNo);
  await counterLoan(page, loanId).getByRole("button", { name: "确认收款并打印收据" }).click();
  await expect(counterLoan(page, loanId).getByRole("alert")).toContainText("内容不同，未予办理");

  // The day's cash-up page lists it and the report downloads as CSV.
  await page.goto(`/o/${slug}/store/cash-up`);
  await expect(page.getByTestId("cash-up-lines")).toContainText(receiptNo);
  const csv = await page.request.get((await page.getByTestId("cash-report").getAttribute("href"))!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`"${receiptNo}","REPAYMENT"`);
  await snap(page, testInfo, "repay-03-cash-up");

  // The borrower sees the repayment applied.
  const borrower = await newPage(browser, testInfo);
  await signInWithSms(borrower, slug, BORROWER);
  await expect(borrower.getByTestId("signed-in")).toBeVisible();
  await borrower.goto(`/o/${slug}/borrow/loans/${loanId}`);
  await expect(borrower.getByTestId("repayment-history")).toContainText(receiptNo);
  await expect(borrower.getByTestId("repayment-history")).toContainText("营业厅现金");
  await expect(borrower.getByTestId("loan-due")).toContainText("下期应还");
  await expect(borrower.getByTestId("due-ahead")).toContainText("可提前还款");
  await snap(borrower, testInfo, "repay-04-borrower-loan");

  // The investor who funded it sees the return in 回款记录.
  const investor = await newPage(browser, testInfo);
  await signInWithPassword(investor, slug, INVESTOR);
  await investor.goto(`/o/${slug}/me/portfolio`);
  await expect(investor.getByTestId("received")).toContainText("大棚蔬菜种苗");
  await snap(investor, testInfo, "repay-05-investor-returns");
  await investor.context().close();

  // Not settled yet: the certificate is a clear 404, not a 500.
  const early = await borrower.request.get(`/o/${slug}/borrow/loans/${loanId}/certificate.pdf`);
  expect(early.status()).toBe(404);
  expect(await early.text()).toContain("尚未结清");

  // The clerk takes the payoff; the receipt says settled and offers the certificate.
  await page.goto(`/o/${slug}/store/repay?q=${BORROWER}`);
  const payoff = (await counterLoan(page, loanId).getByTestId("payoff-total").getAttribute("data-amount"))!;
  await counterLoan(page, loanId).getByLabel("提前结清").check();
  await counterLoan(page, loanId).getByLabel("收款金额（元）").fill(payoff);
  await counterLoan(page, loanId).getByLabel("收据编号").fill(`${receiptNo}-P`);
  await counterLoan(page, loanId).getByRole("button", { name: "确认收款并打印收据" }).click();
  await expect(page.getByTestId("receipt-remaining")).toContainText("已全部结清");
  const clerkPdf = await page.request.get((await page.getByTestId("print-certificate").getAttribute("href"))!);
  expect(clerkPdf.headers()["content-type"]).toBe("application/pdf");
  await snap(page, testInfo, "repay-06-payoff-receipt");
  await page.goto(receiptUrl);
  await expect(page.getByTestId("repayment-receipt")).toContainText(receiptNo);

  // The paid-off borrower downloads the settlement certificate.
  await borrower.goto(`/o/${slug}/borrow/loans/${loanId}`);
  await expect(borrower.getByTestId("loan-status")).toHaveText("已结清");
  const href = (await borrower.getByTestId("certificate-link").getAttribute("href"))!;
  const pdf = await borrower.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await snap(borrower, testInfo, "repay-07-borrower-settled");
  await borrower.context().close();
});
